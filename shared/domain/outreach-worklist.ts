/** The fields of an outreach task the worklist orders by. */
export interface WorklistEntry {
  id: string;
  value: number;
  /** Epoch milliseconds. */
  dueAt: number;
}

/**
 * The agent's worklist: the tasks due by `now` (dueAt ≤ now), the most valuable first, then the
 * one due longest ago, then by id so the order is stable; and how many are not due yet.
 */
export function orderWorklist<T extends WorklistEntry>(
  tasks: readonly T[],
  now: number,
): { due: T[]; notDue: number } {
  const due = tasks.filter((task) => task.dueAt <= now);
  due.sort(
    (a, b) => b.value - a.value || a.dueAt - b.dueAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  return { due, notDue: tasks.length - due.length };
}

/** Who may claim a task: an open one nobody holds, or one the caller already holds. */
export function mayClaim(
  task: { status: string; assigneeId: string | null },
  username: string,
): boolean {
  return task.status === 'open' && (task.assigneeId === null || task.assigneeId === username);
}
