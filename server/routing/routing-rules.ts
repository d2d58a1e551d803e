import type {
  AgentState,
  AgentStatus,
  QueuedChat,
  RequeuedChat,
  RoutingState,
} from './chat-routing';

/**
 * Redis orders a queue by one double score = (MAX_PRIORITY - priority) * 2^43 + enqueuedAt.
 * These bounds keep that integer below 2^53, so it stays exact and both implementations agree.
 */
export const MAX_PRIORITY = 1000;
export const MAX_ENQUEUED_AT = 2 ** 43 - 1;
export const DEFAULT_GRACE_RETURN_PRIORITY = 20;

const statuses: readonly AgentStatus[] = ['online', 'away', 'offline'];

export function assertId(value: string, what: string): void {
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
    throw new RangeError(`${what} must be a non-empty string of at most 200 characters`);
  }
}

function assertInteger(value: number, min: number, max: number, what: string): void {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new RangeError(`${what} must be an integer in ${min}..${max}, got ${value}`);
  }
}

export function assertStatus(status: AgentStatus): void {
  if (!statuses.includes(status)) throw new RangeError(`unknown agent status ${String(status)}`);
}

export function assertAgent(agent: AgentState): void {
  assertId(agent.agentId, 'agentId');
  agent.skills.forEach((skill) => assertId(skill, 'skill'));
  assertInteger(agent.capacity, 0, 10_000, 'capacity');
  assertStatus(agent.status);
}

export function assertPriority(priority: number, what = 'priority'): void {
  assertInteger(priority, 0, MAX_PRIORITY, what);
}

export function assertQueuedChat(chat: QueuedChat): void {
  assertId(chat.conversationId, 'conversationId');
  assertId(chat.skill, 'skill');
  assertPriority(chat.priority);
  assertInteger(chat.enqueuedAt, 0, MAX_ENQUEUED_AT, 'enqueuedAt');
}

export function assertTime(now: number, what = 'now'): void {
  assertInteger(now, 0, MAX_ENQUEUED_AT, what);
}

export function assertLimit(limit: number): void {
  assertInteger(limit, 0, 10_000, 'limit');
}

/** Each conversation appears once, and every record is well-formed, before anything is replaced. */
export function assertRoutingState(state: RoutingState): void {
  state.agents.forEach(assertAgent);
  state.queued.forEach(assertQueuedChat);
  const seen = new Set<string>();
  for (const chat of [...state.queued, ...state.assignments]) {
    if (seen.has(chat.conversationId)) {
      throw new RangeError(
        `conversation ${chat.conversationId} appears twice in the routing state`,
      );
    }
    seen.add(chat.conversationId);
  }
  for (const held of state.assignments) {
    assertId(held.agentId, 'agentId');
    assertQueuedChat({ ...held, enqueuedAt: 0 });
  }
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Assignment order: higher priority, then older, then smaller id. */
export function compareQueued(a: QueuedChat, b: QueuedChat): number {
  return (
    b.priority - a.priority ||
    a.enqueuedAt - b.enqueuedAt ||
    compareIds(a.conversationId, b.conversationId)
  );
}

export function requeuePriority(priority: number, graceReturnPriority: number): number {
  return Math.min(MAX_PRIORITY, Math.max(priority, graceReturnPriority));
}

export function sortRequeued(chats: RequeuedChat[]): RequeuedChat[] {
  return chats.sort(
    (a, b) =>
      a.enqueuedAt - b.enqueuedAt ||
      compareIds(a.previousAgentId, b.previousAgentId) ||
      compareIds(a.conversationId, b.conversationId),
  );
}
