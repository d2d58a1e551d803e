import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import {
  RoutingUnavailableError,
  type AgentStatus,
  type ChatRouting,
  type ClaimResult,
  type EnqueueResult,
  type QueuedChat,
  type RequeuedChat,
  type RoutingOptions,
} from './chat-routing';
import { routingScripts, type RoutingScriptName } from './redis-routing-scripts';
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
  sortRequeued,
} from './routing-rules';

export interface RedisRoutingOptions extends RoutingOptions {
  /** Default `sd:route:`. */
  keyPrefix?: string;
}

const shas = Object.fromEntries(
  Object.entries(routingScripts).map(([name, lua]) => [
    name,
    createHash('sha1').update(lua).digest('hex'),
  ]),
) as Record<RoutingScriptName, string>;

const chunk = <T>(items: T[], size: number): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) =>
    items.slice(i * size, i * size + size),
  );

/**
 * Routing shared by every node through Redis; each call is one Lua script (see
 * redis-routing-scripts.ts), so concurrent nodes never assign a chat twice or overfill an agent.
 *
 * After Redis loses its data (a restart without persistence) every call throws
 * RoutingUnavailableError until someone rebuilds from MongoDB: on each ioredis 'ready' event,
 * call `needsRebuild()` and, when true, `rebuild(stateFromMongo, { onlyIfMissing: true })`
 * (`keepRoutingRebuilt` does exactly this). Only the first node's rebuild applies. Afterwards each
 * node re-announces its connected agents (`setAgent`) and retries enqueues refused meanwhile.
 */
export function createRedisRouting(redis: Redis, options: RedisRoutingOptions = {}): ChatRouting {
  const prefix = options.keyPrefix ?? 'sd:route:';
  const graceReturnPriority = options.graceReturnPriority ?? DEFAULT_GRACE_RETURN_PRIORITY;
  assertPriority(graceReturnPriority, 'graceReturnPriority');
  const everyKey = prefix.replace(/[*?[\]\\]/g, '\\$&') + '*';

  async function run<T>(name: RoutingScriptName, ...args: (string | number)[]): Promise<T> {
    const argv = [prefix, ...args.map(String)];
    try {
      try {
        return (await redis.evalsha(shas[name], 0, ...argv)) as T;
      } catch (error) {
        // Redis forgets loaded scripts when it restarts; send the source once to reload it.
        if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
        return (await redis.eval(routingScripts[name], 0, ...argv)) as T;
      }
    } catch (error) {
      if (error instanceof Error && error.message.startsWith('NOTREADY'))
        throw new RoutingUnavailableError();
      throw error;
    }
  }

  const sortedIds = (ids: string[]) => ids.sort(compareIds);

  return {
    async setAgent(agent) {
      assertAgent(agent);
      const skills = JSON.stringify(agent.skills);
      await run('setAgent', agent.agentId, skills, agent.capacity, agent.status);
    },
    async setAgentStatus(agentId, status) {
      assertStatus(status);
      return (await run<number>('setAgentStatus', agentId, status)) === 1;
    },
    agentLoad: (agentId) => run<number>('agentLoad', agentId),
    assignmentsOf: async (agentId) => sortedIds(await run<string[]>('assignmentsOf', agentId)),
    async listAgents() {
      const rows = chunk(await run<(string | number)[]>('listAgents'), 6);
      return rows
        .map(([agentId, skills, capacity, status, load, inGrace]) => ({
          agentId: String(agentId),
          skills: JSON.parse(String(skills || '[]')) as string[],
          capacity: Number(capacity),
          status: String(status) as AgentStatus,
          load: Number(load),
          inGrace: Number(inGrace) === 1,
        }))
        .sort((a, b) => compareIds(a.agentId, b.agentId));
    },

    async enqueue(chat) {
      assertQueuedChat(chat);
      const { conversationId, skill, priority, enqueuedAt } = chat;
      return run<EnqueueResult>('enqueue', conversationId, skill, priority, enqueuedAt);
    },
    dequeue: async (conversationId) => (await run<number>('dequeue', conversationId)) === 1,
    async assignNext(strategy) {
      const picked = await run<[string, string] | null>('assignNext', strategy);
      return picked ? { conversationId: picked[0], agentId: picked[1] } : null;
    },
    async claim(conversationId, agentId) {
      const outcome = await run<'ok' | Extract<ClaimResult, { ok: false }>['reason']>(
        'claim',
        conversationId,
        agentId,
      );
      return outcome === 'ok' ? { ok: true } : { ok: false, reason: outcome };
    },
    async move(conversationId, fromAgentId, toAgentId) {
      const outcome = await run<'ok' | Extract<ClaimResult, { ok: false }>['reason']>(
        'move',
        conversationId,
        fromAgentId,
        toAgentId,
      );
      return outcome === 'ok' ? { ok: true } : { ok: false, reason: outcome };
    },
    release: async (conversationId, agentId) =>
      (await run<number>('release', conversationId, agentId)) === 1,

    async queueSnapshot(now) {
      assertTime(now);
      const rows = chunk(await run<(string | number)[]>('queueSnapshot'), 3);
      return rows
        .map(([skill, length, oldest]) => {
          const oldestEnqueuedAt = Number(oldest);
          return {
            skill: String(skill),
            length: Number(length),
            oldestEnqueuedAt,
            oldestWaitMs: Math.max(0, now - oldestEnqueuedAt),
          };
        })
        .sort((a, b) => compareIds(a.skill, b.skill));
    },
    async listQueue(skill, limit) {
      assertLimit(limit);
      if (limit === 0) return [];
      const rows = chunk(await run<string[]>('listQueue', skill ?? '', limit), 4);
      const chats: QueuedChat[] = rows.map(
        ([conversationId = '', chatSkill = '', priority, at]) => ({
          conversationId,
          skill: chatSkill,
          priority: Number(priority),
          enqueuedAt: Number(at),
        }),
      );
      return chats.sort(compareQueued).slice(0, limit);
    },

    async agentDisconnected(agentId, graceMs, now) {
      assertId(agentId, 'agentId');
      assertTime(graceMs, 'graceMs');
      assertTime(now + graceMs, 'now + graceMs');
      return sortedIds(await run<string[]>('agentDisconnected', agentId, now + graceMs));
    },
    async agentReconnected(agentId, status = 'online') {
      assertStatus(status);
      return sortedIds(await run<string[]>('agentReconnected', agentId, status));
    },
    async expireGrace(now) {
      assertTime(now);
      const rows = chunk(await run<string[]>('expireGrace', now, graceReturnPriority), 5);
      const requeued: RequeuedChat[] = rows.map(
        ([conversationId = '', skill = '', priority, at, agentId = '']) => ({
          conversationId,
          skill,
          priority: Number(priority),
          enqueuedAt: Number(at),
          previousAgentId: agentId,
        }),
      );
      return sortRequeued(requeued);
    },

    needsRebuild: async () => (await redis.exists(prefix + 'ready')) === 0,
    async rebuild(state, { onlyIfMissing = false } = {}) {
      assertRoutingState(state);
      const compact = {
        agents: state.agents.map((a) => [
          a.agentId,
          JSON.stringify(a.skills),
          a.capacity,
          a.status,
        ]),
        queued: state.queued.map((c) => [c.conversationId, c.skill, c.priority, c.enqueuedAt]),
        assignments: state.assignments.map((c) => [
          c.conversationId,
          c.agentId,
          c.skill,
          c.priority,
        ]),
      };
      const applied = await run<number>(
        'rebuild',
        onlyIfMissing ? '1' : '0',
        JSON.stringify(compact),
        everyKey,
      );
      return applied === 1;
    },
  };
}
