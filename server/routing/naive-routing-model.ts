import type {
  AgentStatus,
  AssignStrategy,
  ChatRouting,
  ClaimResult,
  QueuedChat,
} from './chat-routing';

/** Everything but rebuild: what a sequence of operations can observe. */
export type ObservableRouting = Omit<ChatRouting, 'needsRebuild' | 'rebuild'>;

/**
 * Test reference: the routing rules written as plainly as possible (scan everything, sort,
 * take the first), for property tests to compare the real implementations against.
 */
export function createNaiveRoutingModel(graceReturnPriority = 20): ObservableRouting {
  const agents = new Map<
    string,
    { skills: string[]; capacity: number; status: AgentStatus; last: number }
  >();
  const chats: (QueuedChat & { agentId: string | null })[] = [];
  const grace = new Map<string, number>();
  let seq = 0;
  const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const order = (a: QueuedChat, b: QueuedChat) =>
    b.priority - a.priority ||
    a.enqueuedAt - b.enqueuedAt ||
    byId(a.conversationId, b.conversationId);
  const held = (agentId: string) =>
    chats
      .filter((c) => c.agentId === agentId)
      .map((c) => c.conversationId)
      .sort(byId);
  const queued = () =>
    chats
      .filter((c) => c.agentId === null)
      .sort(order)
      .map(({ agentId: _, ...c }) => c);
  const find = (id: string) => chats.find((c) => c.conversationId === id);
  const give = (id: string, agentId: string) => {
    find(id)!.agentId = agentId;
    agents.get(agentId)!.last = ++seq;
  };
  const canTake = (id: string, skill: string) => {
    const a = agents.get(id)!;
    return (
      a.status === 'online' &&
      !grace.has(id) &&
      a.skills.includes(skill) &&
      held(id).length < a.capacity
    );
  };

  return {
    async setAgent({ agentId, skills, capacity, status }) {
      agents.set(agentId, { skills, capacity, status, last: agents.get(agentId)?.last ?? 0 });
    },
    async setAgentStatus(agentId, status) {
      const a = agents.get(agentId);
      if (a) a.status = status;
      return Boolean(a);
    },
    agentLoad: async (agentId) => held(agentId).length,
    assignmentsOf: async (agentId) => held(agentId),
    listAgents: async () =>
      [...agents.keys()].sort(byId).map((agentId) => {
        const { skills, capacity, status } = agents.get(agentId)!;
        const load = held(agentId).length;
        return { agentId, skills, capacity, status, load, inGrace: grace.has(agentId) };
      }),
    async enqueue(chat) {
      const existing = find(chat.conversationId);
      if (existing) return existing.agentId === null ? 'already-queued' : 'assigned';
      const { conversationId, skill, priority, enqueuedAt } = chat;
      chats.push({ conversationId, skill, priority, enqueuedAt, agentId: null });
      return 'queued';
    },
    async dequeue(id) {
      const i = chats.findIndex((c) => c.conversationId === id && c.agentId === null);
      if (i >= 0) chats.splice(i, 1);
      return i >= 0;
    },
    async assignNext(strategy: AssignStrategy) {
      for (const chat of queued()) {
        const ids = [...agents.keys()].filter((id) => canTake(id, chat.skill));
        ids.sort(
          (x, y) =>
            (strategy === 'least-busy' ? held(x).length - held(y).length : 0) ||
            agents.get(x)!.last - agents.get(y)!.last ||
            byId(x, y),
        );
        const [agentId] = ids;
        if (agentId) {
          give(chat.conversationId, agentId);
          return { conversationId: chat.conversationId, agentId };
        }
      }
      return null;
    },
    async claim(id, agentId): Promise<ClaimResult> {
      const chat = find(id);
      const a = agents.get(agentId);
      if (!chat) return { ok: false, reason: 'not-queued' };
      if (chat.agentId === agentId) return { ok: true };
      if (chat.agentId) return { ok: false, reason: 'taken' };
      if (!a || a.status === 'offline' || grace.has(agentId))
        return { ok: false, reason: 'agent-unavailable' };
      if (!a.skills.includes(chat.skill)) return { ok: false, reason: 'lacks-skill' };
      if (held(agentId).length >= a.capacity) return { ok: false, reason: 'at-capacity' };
      give(id, agentId);
      return { ok: true };
    },
    async move(id, fromAgentId, toAgentId): Promise<ClaimResult> {
      const chat = find(id);
      const a = agents.get(toAgentId);
      if (!chat) return { ok: false, reason: 'not-queued' };
      if (chat.agentId !== fromAgentId) return { ok: false, reason: 'taken' };
      if (fromAgentId === toAgentId) return { ok: true };
      if (!a || a.status === 'offline' || grace.has(toAgentId))
        return { ok: false, reason: 'agent-unavailable' };
      if (!a.skills.includes(chat.skill)) return { ok: false, reason: 'lacks-skill' };
      if (held(toAgentId).length >= a.capacity) return { ok: false, reason: 'at-capacity' };
      give(id, toAgentId);
      return { ok: true };
    },
    async release(id, agentId) {
      const i = chats.findIndex((c) => c.conversationId === id && c.agentId === agentId);
      if (i >= 0) chats.splice(i, 1);
      return i >= 0;
    },
    async queueSnapshot(now) {
      const skills = [...new Set(queued().map((c) => c.skill))].sort(byId);
      return skills.map((skill) => {
        const mine = queued().filter((c) => c.skill === skill);
        const oldestEnqueuedAt = Math.min(...mine.map((c) => c.enqueuedAt));
        return {
          skill,
          length: mine.length,
          oldestEnqueuedAt,
          oldestWaitMs: Math.max(0, now - oldestEnqueuedAt),
        };
      });
    },
    listQueue: async (skill, limit) =>
      queued()
        .filter((c) => skill === undefined || c.skill === skill)
        .slice(0, limit),
    async agentDisconnected(agentId, graceMs, now) {
      const a = agents.get(agentId);
      if (a) a.status = 'offline';
      if (!grace.has(agentId)) grace.set(agentId, now + graceMs);
      return held(agentId);
    },
    async agentReconnected(agentId, status = 'online') {
      grace.delete(agentId);
      const a = agents.get(agentId);
      if (a) a.status = status;
      return held(agentId);
    },
    async expireGrace(now) {
      const due = [...grace].filter(([, deadline]) => deadline <= now);
      const out = due.flatMap(([agentId, deadline]) => {
        grace.delete(agentId);
        return held(agentId).map((conversationId) => {
          const chat = find(conversationId)!;
          Object.assign(chat, {
            agentId: null,
            enqueuedAt: deadline,
            priority: Math.max(chat.priority, graceReturnPriority),
          });
          return {
            conversationId,
            skill: chat.skill,
            priority: chat.priority,
            enqueuedAt: deadline,
            previousAgentId: agentId,
          };
        });
      });
      return out.sort(
        (a, b) =>
          a.enqueuedAt - b.enqueuedAt ||
          byId(a.previousAgentId, b.previousAgentId) ||
          byId(a.conversationId, b.conversationId),
      );
    },
  };
}
