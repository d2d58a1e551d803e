import type {
  AgentStatus,
  AssignStrategy,
  ChatRouting,
  ClaimResult,
  QueuedChat,
  RequeuedChat,
  RoutingOptions,
  RoutingState,
} from './chat-routing';
import {
  DEFAULT_GRACE_RETURN_PRIORITY,
  assertAgent,
  assertId,
  assertLimit,
  assertPriority,
  assertQueuedChat,
  assertRoutingState,
  assertStatus,
  assertTime,
  compareIds,
  compareQueued,
  requeuePriority,
  sortRequeued,
} from './routing-rules';

interface AgentRecord {
  skills: Set<string>;
  capacity: number;
  status: AgentStatus;
  /** Assignment sequence number of the agent's latest chat; 0 = never. */
  lastAssigned: number;
}

interface ChatRecord {
  skill: string;
  priority: number;
  enqueuedAt: number;
  agentId: string | null;
}

/**
 * Single-node routing: the same behaviour as the Redis implementation, in this process.
 * JavaScript runs each method to completion before the next, so no locking is needed.
 */
export function createMemoryRouting(options: RoutingOptions = {}): ChatRouting {
  const graceReturnPriority = options.graceReturnPriority ?? DEFAULT_GRACE_RETURN_PRIORITY;
  assertPriority(graceReturnPriority, 'graceReturnPriority');

  let agents = new Map<string, AgentRecord>();
  let chats = new Map<string, ChatRecord>();
  /** Per skill, kept in assignment order. */
  let queues = new Map<string, QueuedChat[]>();
  let heldBy = new Map<string, Set<string>>();
  let graceUntil = new Map<string, number>();
  let assignmentSeq = 0;

  const held = (agentId: string) => [...(heldBy.get(agentId) ?? [])].sort(compareIds);
  const loadOf = (agentId: string) => heldBy.get(agentId)?.size ?? 0;

  function addToQueue({ conversationId, skill, priority, enqueuedAt }: QueuedChat): void {
    const chat = { conversationId, skill, priority, enqueuedAt };
    chats.set(conversationId, { skill, priority, enqueuedAt, agentId: null });
    const queue = queues.get(skill) ?? [];
    const at = queue.findIndex((other) => compareQueued(chat, other) < 0);
    queue.splice(at === -1 ? queue.length : at, 0, chat);
    queues.set(chat.skill, queue);
  }

  function removeFromQueue(conversationId: string, skill: string): void {
    const queue = queues.get(skill) ?? [];
    const rest = queue.filter((chat) => chat.conversationId !== conversationId);
    if (rest.length) queues.set(skill, rest);
    else queues.delete(skill);
  }

  function assign(
    conversationId: string,
    chat: ChatRecord,
    agentId: string,
    agent: AgentRecord,
  ): void {
    removeFromQueue(conversationId, chat.skill);
    chat.agentId = agentId;
    const set = heldBy.get(agentId) ?? new Set<string>();
    set.add(conversationId);
    heldBy.set(agentId, set);
    agent.lastAssigned = ++assignmentSeq;
  }

  function pickAgent(skill: string, strategy: AssignStrategy): string | null {
    let best: { id: string; load: number; last: number } | null = null;
    for (const [id, agent] of agents) {
      if (agent.status !== 'online' || graceUntil.has(id) || !agent.skills.has(skill)) continue;
      const load = loadOf(id);
      if (load >= agent.capacity) continue;
      const candidate = { id, load, last: agent.lastAssigned };
      const order =
        (strategy === 'least-busy' && best ? candidate.load - best.load : 0) ||
        (best ? candidate.last - best.last : 0) ||
        (best ? compareIds(candidate.id, best.id) : -1);
      if (order < 0) best = candidate;
    }
    return best?.id ?? null;
  }

  return {
    async setAgent(agent) {
      assertAgent(agent);
      const previous = agents.get(agent.agentId);
      agents.set(agent.agentId, {
        skills: new Set(agent.skills),
        capacity: agent.capacity,
        status: agent.status,
        lastAssigned: previous?.lastAssigned ?? 0,
      });
    },
    async setAgentStatus(agentId, status) {
      assertStatus(status);
      const agent = agents.get(agentId);
      if (agent) agent.status = status;
      return Boolean(agent);
    },
    agentLoad: async (agentId) => loadOf(agentId),
    assignmentsOf: async (agentId) => held(agentId),
    listAgents: async () =>
      [...agents]
        .sort(([a], [b]) => compareIds(a, b))
        .map(([agentId, a]) => ({
          agentId,
          skills: [...a.skills],
          capacity: a.capacity,
          status: a.status,
          load: loadOf(agentId),
          inGrace: graceUntil.has(agentId),
        })),

    async enqueue(chat) {
      assertQueuedChat(chat);
      const existing = chats.get(chat.conversationId);
      if (existing) return existing.agentId === null ? 'already-queued' : 'assigned';
      addToQueue(chat);
      return 'queued';
    },
    async dequeue(conversationId) {
      const chat = chats.get(conversationId);
      if (!chat || chat.agentId !== null) return false;
      removeFromQueue(conversationId, chat.skill);
      chats.delete(conversationId);
      return true;
    },
    async assignNext(strategy) {
      let best: { chat: QueuedChat; agentId: string } | null = null;
      for (const [skill, queue] of queues) {
        const head = queue[0];
        if (!head || (best && compareQueued(head, best.chat) >= 0)) continue;
        const agentId = pickAgent(skill, strategy);
        if (agentId) best = { chat: head, agentId };
      }
      if (!best) return null;
      const { conversationId } = best.chat;
      assign(conversationId, chats.get(conversationId)!, best.agentId, agents.get(best.agentId)!);
      return { conversationId, agentId: best.agentId };
    },
    async claim(conversationId, agentId): Promise<ClaimResult> {
      const chat = chats.get(conversationId);
      if (!chat) return { ok: false, reason: 'not-queued' };
      if (chat.agentId === agentId) return { ok: true };
      if (chat.agentId !== null) return { ok: false, reason: 'taken' };
      const agent = agents.get(agentId);
      if (!agent || agent.status === 'offline' || graceUntil.has(agentId)) {
        return { ok: false, reason: 'agent-unavailable' };
      }
      if (!agent.skills.has(chat.skill)) return { ok: false, reason: 'lacks-skill' };
      if (loadOf(agentId) >= agent.capacity) return { ok: false, reason: 'at-capacity' };
      assign(conversationId, chat, agentId, agent);
      return { ok: true };
    },
    async move(conversationId, fromAgentId, toAgentId): Promise<ClaimResult> {
      const chat = chats.get(conversationId);
      if (!chat) return { ok: false, reason: 'not-queued' };
      if (chat.agentId !== fromAgentId) return { ok: false, reason: 'taken' };
      if (fromAgentId === toAgentId) return { ok: true };
      const agent = agents.get(toAgentId);
      if (!agent || agent.status === 'offline' || graceUntil.has(toAgentId)) {
        return { ok: false, reason: 'agent-unavailable' };
      }
      if (!agent.skills.has(chat.skill)) return { ok: false, reason: 'lacks-skill' };
      if (loadOf(toAgentId) >= agent.capacity) return { ok: false, reason: 'at-capacity' };
      heldBy.get(fromAgentId)?.delete(conversationId);
      assign(conversationId, chat, toAgentId, agent);
      return { ok: true };
    },
    async release(conversationId, agentId) {
      const chat = chats.get(conversationId);
      if (!chat || chat.agentId !== agentId) return false;
      chats.delete(conversationId);
      heldBy.get(agentId)?.delete(conversationId);
      return true;
    },

    async queueSnapshot(now) {
      assertTime(now);
      return [...queues]
        .filter(([, queue]) => queue.length > 0)
        .sort(([a], [b]) => compareIds(a, b))
        .map(([skill, queue]) => {
          const oldestEnqueuedAt = Math.min(...queue.map((chat) => chat.enqueuedAt));
          return {
            skill,
            length: queue.length,
            oldestEnqueuedAt,
            oldestWaitMs: Math.max(0, now - oldestEnqueuedAt),
          };
        });
    },
    async listQueue(skill, limit) {
      assertLimit(limit);
      const all = skill === undefined ? [...queues.values()].flat() : (queues.get(skill) ?? []);
      return all
        .slice()
        .sort(compareQueued)
        .slice(0, limit)
        .map((chat) => ({ ...chat }));
    },

    async agentDisconnected(agentId, graceMs, now) {
      assertId(agentId, 'agentId');
      assertTime(graceMs, 'graceMs');
      assertTime(now + graceMs, 'now + graceMs');
      const agent = agents.get(agentId);
      if (agent) agent.status = 'offline';
      if (!graceUntil.has(agentId)) graceUntil.set(agentId, now + graceMs);
      return held(agentId);
    },
    async agentReconnected(agentId, status = 'online') {
      assertStatus(status);
      graceUntil.delete(agentId);
      const agent = agents.get(agentId);
      if (agent) agent.status = status;
      return held(agentId);
    },
    async expireGrace(now) {
      assertTime(now);
      const requeued: RequeuedChat[] = [];
      for (const [agentId, deadline] of graceUntil) {
        if (deadline > now) continue;
        graceUntil.delete(agentId);
        for (const conversationId of held(agentId)) {
          const chat = chats.get(conversationId)!;
          const back = {
            conversationId,
            skill: chat.skill,
            priority: requeuePriority(chat.priority, graceReturnPriority),
            enqueuedAt: deadline,
          };
          addToQueue(back);
          requeued.push({ ...back, previousAgentId: agentId });
        }
        heldBy.delete(agentId);
      }
      return sortRequeued(requeued);
    },

    needsRebuild: async () => false,
    async rebuild(state: RoutingState, { onlyIfMissing = false } = {}) {
      if (onlyIfMissing) return false;
      assertRoutingState(state);
      agents = new Map();
      chats = new Map();
      queues = new Map();
      heldBy = new Map();
      graceUntil = new Map();
      assignmentSeq = 0;
      for (const agent of state.agents) {
        const { skills, capacity, status } = agent;
        agents.set(agent.agentId, { skills: new Set(skills), capacity, status, lastAssigned: 0 });
      }
      state.queued.forEach(addToQueue);
      for (const { conversationId, agentId, skill, priority } of state.assignments) {
        chats.set(conversationId, { skill, priority, enqueuedAt: 0, agentId });
        heldBy.set(agentId, (heldBy.get(agentId) ?? new Set()).add(conversationId));
      }
      return true;
    },
  };
}
