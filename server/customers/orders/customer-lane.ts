/**
 * Runs the writes for one customer one at a time on this node. FerretDB on SQLite applies an
 * update by rewriting the whole document, so two updates of one customer at once can undo each
 * other; and two identical orders arriving together must not both pass the "already recorded?"
 * check. Different customers still proceed in parallel.
 */
const lanes = new Map<string, Promise<unknown>>();

export function inCustomerLane<T>(customerId: string, work: () => Promise<T>): Promise<T> {
  const previous = lanes.get(customerId) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  lanes.set(customerId, settled);
  void settled.then(() => {
    if (lanes.get(customerId) === settled) lanes.delete(customerId);
  });
  return next;
}
