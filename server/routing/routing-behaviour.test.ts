import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../test/helpers/redis-server';
import type { AgentState, ChatRouting, QueuedChat } from './chat-routing';
import { createMemoryRouting } from './memory-routing';
import { createRedisRouting } from './redis-routing';

let testRedis: TestRedis;
let client: Redis;
beforeAll(async () => {
  testRedis = await startTestRedis();
  client = new Redis(testRedis.url);
});
afterAll(async () => {
  client.disconnect();
  await testRedis.stop();
});

const emptyState = { queued: [], assignments: [], agents: [] };
const implementations: [string, () => Promise<ChatRouting>][] = [
  ['memory', async () => createMemoryRouting()],
  [
    'redis',
    async () => {
      await client.flushdb();
      const routing = createRedisRouting(client);
      await routing.rebuild(emptyState);
      return routing;
    },
  ],
];

const agent = (
  agentId: string,
  skills: string[],
  capacity = 3,
  status: AgentState['status'] = 'online',
) => ({
  agentId,
  skills,
  capacity,
  status,
});
const chat = (
  conversationId: string,
  enqueuedAt: number,
  priority = 0,
  skill = 'en',
): QueuedChat => ({
  conversationId,
  skill,
  priority,
  enqueuedAt,
});

describe.each(implementations)('%s routing', (_name, makeRouting) => {
  let routing: ChatRouting;
  beforeEach(async () => {
    routing = await makeRouting();
  });

  async function drain(strategy: 'least-busy' | 'round-robin' = 'least-busy') {
    const out: string[] = [];
    for (
      let next = await routing.assignNext(strategy);
      next;
      next = await routing.assignNext(strategy)
    ) {
      out.push(`${next.conversationId}>${next.agentId}`);
    }
    return out;
  }

  it('assigns higher priority first, then the oldest, then the smallest id', async () => {
    await routing.setAgent(agent('a1', ['en'], 10));
    await routing.enqueue(chat('normal-old', 1000, 0));
    await routing.enqueue(chat('vip', 3000, 10));
    await routing.enqueue(chat('returning', 4000, 20));
    await routing.enqueue(chat('normal-new', 2000, 0));
    await routing.enqueue(chat('normal-tie-b', 1000, 0));
    expect(await drain()).toEqual([
      'returning>a1',
      'vip>a1',
      'normal-old>a1',
      'normal-tie-b>a1',
      'normal-new>a1',
    ]);
  });

  it('skips chats no online agent with free capacity can serve, without losing them', async () => {
    await routing.setAgent(agent('zh-agent', ['zh-CN']));
    await routing.setAgent(agent('en-away', ['en'], 3, 'away'));
    await routing.setAgent(agent('en-offline', ['en'], 3, 'offline'));
    await routing.enqueue(chat('en-vip', 1000, 10, 'en'));
    await routing.enqueue(chat('zh-normal', 2000, 0, 'zh-CN'));
    expect(await drain()).toEqual(['zh-normal>zh-agent']);
    expect((await routing.listQueue(undefined, 10)).map((c) => c.conversationId)).toEqual([
      'en-vip',
    ]);

    expect(await routing.setAgentStatus('en-away', 'online')).toBe(true);
    expect(await routing.setAgentStatus('nobody', 'online')).toBe(false);
    expect(await drain()).toEqual(['en-vip>en-away']);
  });

  it('never gives an agent more chats than their capacity', async () => {
    await routing.setAgent(agent('a1', ['en'], 2));
    for (let i = 0; i < 5; i++) await routing.enqueue(chat(`c${i}`, 1000 + i));
    expect(await drain()).toEqual(['c0>a1', 'c1>a1']);
    expect(await routing.agentLoad('a1')).toBe(2);

    await routing.setAgent(agent('a1', ['en'], 1));
    expect(await routing.assignNext('least-busy')).toBeNull();
    await routing.release('c0', 'a1');
    expect(await routing.assignNext('least-busy')).toBeNull();
    await routing.release('c1', 'a1');
    expect(await drain()).toEqual(['c2>a1']);
  });

  it('lists every agent with status, skills, capacity, load and grace, for the live monitor', async () => {
    await routing.setAgent(agent('b2', ['en'], 2));
    await routing.setAgent(agent('a1', ['en', 'zh-CN'], 3, 'away'));
    await routing.enqueue(chat('c1', 1000));
    await routing.enqueue(chat('c2', 1001));
    // Only b2 is online: it takes both chats (load 2 of 2); a1 stays at 0.
    expect(await drain()).toEqual(['c1>b2', 'c2>b2']);
    await routing.agentDisconnected('b2', 60_000, 5000);
    expect(await routing.listAgents()).toEqual([
      {
        agentId: 'a1',
        skills: ['en', 'zh-CN'],
        capacity: 3,
        status: 'away',
        load: 0,
        inGrace: false,
      },
      { agentId: 'b2', skills: ['en'], capacity: 2, status: 'offline', load: 2, inGrace: true },
    ]);
  });

  it('least-busy picks the agent with fewest chats; round-robin the least recently assigned', async () => {
    await routing.setAgent(agent('a', ['en'], 5));
    await routing.setAgent(agent('b', ['en'], 5));
    for (let i = 0; i < 6; i++) await routing.enqueue(chat(`c${i}`, 1000 + i));
    expect(await routing.assignNext('least-busy')).toEqual({ conversationId: 'c0', agentId: 'a' });
    expect(await routing.assignNext('least-busy')).toEqual({ conversationId: 'c1', agentId: 'b' });
    expect(await routing.assignNext('least-busy')).toEqual({ conversationId: 'c2', agentId: 'a' });
    expect(await routing.assignNext('least-busy')).toEqual({ conversationId: 'c3', agentId: 'b' });
    await routing.release('c1', 'b');
    await routing.release('c3', 'b');
    // a holds 2 chats and was assigned before b: the strategies now disagree.
    const roundRobin = await routing.assignNext('round-robin');
    expect(roundRobin).toEqual({ conversationId: 'c4', agentId: 'a' });
    expect(await routing.assignNext('least-busy')).toEqual({ conversationId: 'c5', agentId: 'b' });
  });

  it('lets an agent claim a queued chat once, within skill and capacity', async () => {
    await routing.setAgent(agent('a', ['en'], 1));
    await routing.setAgent(agent('b', ['en', 'zh-CN'], 2, 'away'));
    await routing.setAgent(agent('off', ['en'], 2, 'offline'));
    await routing.enqueue(chat('c1', 1000));
    await routing.enqueue(chat('c2', 1001));
    await routing.enqueue(chat('zh', 1002, 0, 'zh-CN'));

    expect(await routing.claim('c1', 'a')).toEqual({ ok: true });
    expect(await routing.claim('c1', 'a')).toEqual({ ok: true });
    expect(await routing.claim('c1', 'b')).toEqual({ ok: false, reason: 'taken' });
    expect(await routing.claim('c2', 'a')).toEqual({ ok: false, reason: 'at-capacity' });
    expect(await routing.claim('zh', 'a')).toEqual({ ok: false, reason: 'lacks-skill' });
    expect(await routing.claim('c2', 'off')).toEqual({ ok: false, reason: 'agent-unavailable' });
    expect(await routing.claim('c2', 'ghost')).toEqual({ ok: false, reason: 'agent-unavailable' });
    expect(await routing.claim('nope', 'a')).toEqual({ ok: false, reason: 'not-queued' });
    expect(await routing.claim('zh', 'b')).toEqual({ ok: true });
    expect(await routing.assignmentsOf('b')).toEqual(['zh']);
    expect(await routing.listQueue(undefined, 10)).toEqual([chat('c2', 1001)]);
  });

  it('moves a held chat straight to another agent, or changes nothing when it cannot', async () => {
    await routing.setAgent(agent('a', ['en'], 2));
    await routing.setAgent(agent('b', ['en'], 1, 'away'));
    await routing.setAgent(agent('zh', ['zh-CN'], 5));
    await routing.setAgent(agent('idle', ['en'], 5));
    await routing.enqueue(chat('c1', 1000));
    await routing.enqueue(chat('c2', 1001));
    await routing.claim('c1', 'a');
    await routing.claim('c2', 'a');

    expect(await routing.move('c1', 'b', 'a')).toEqual({ ok: false, reason: 'taken' });
    expect(await routing.move('nope', 'a', 'b')).toEqual({ ok: false, reason: 'not-queued' });
    expect(await routing.move('c1', 'a', 'zh')).toEqual({ ok: false, reason: 'lacks-skill' });
    expect(await routing.move('c1', 'a', 'ghost')).toEqual({
      ok: false,
      reason: 'agent-unavailable',
    });
    expect(await routing.move('c1', 'a', 'a')).toEqual({ ok: true });
    expect(await routing.assignmentsOf('a')).toEqual(['c1', 'c2']);

    expect(await routing.move('c1', 'a', 'b')).toEqual({ ok: true });
    expect(await routing.move('c2', 'a', 'b')).toEqual({ ok: false, reason: 'at-capacity' });
    expect(await routing.assignmentsOf('a')).toEqual(['c2']);
    expect(await routing.assignmentsOf('b')).toEqual(['c1']);
    // Never queued on the way: an idle agent asking for work gets nothing.
    expect(await routing.assignNext('least-busy')).toBeNull();
    expect(await routing.listQueue(undefined, 10)).toEqual([]);
  });

  it('keeps one entry when a chat is enqueued twice, and leaves an assigned chat alone', async () => {
    expect(await routing.enqueue(chat('c1', 1000))).toBe('queued');
    expect(await routing.enqueue(chat('c1', 2000, 10))).toBe('already-queued');
    expect(await routing.listQueue('en', 10)).toEqual([chat('c1', 1000)]);
    await routing.setAgent(agent('a', ['en']));
    await routing.assignNext('least-busy');
    expect(await routing.enqueue(chat('c1', 3000))).toBe('assigned');
    expect(await routing.listQueue(undefined, 10)).toEqual([]);
  });

  it('drops the load on release, never below zero and only for the holder', async () => {
    await routing.setAgent(agent('a', ['en']));
    await routing.enqueue(chat('c1', 1000));
    await routing.assignNext('least-busy');
    expect(await routing.release('c1', 'b')).toBe(false);
    expect(await routing.release('c1', 'a')).toBe(true);
    expect(await routing.release('c1', 'a')).toBe(false);
    expect(await routing.release('never', 'a')).toBe(false);
    expect(await routing.agentLoad('a')).toBe(0);
    expect(await routing.assignmentsOf('a')).toEqual([]);
    expect(await routing.enqueue(chat('c1', 5000))).toBe('queued');
  });

  it('takes a queued chat out on dequeue, but not an assigned one', async () => {
    await routing.enqueue(chat('c1', 1000));
    await routing.enqueue(chat('c2', 1001));
    expect(await routing.dequeue('c1')).toBe(true);
    expect(await routing.dequeue('c1')).toBe(false);
    await routing.setAgent(agent('a', ['en']));
    await routing.assignNext('least-busy');
    expect(await routing.dequeue('c2')).toBe(false);
    expect(await routing.agentLoad('a')).toBe(1);
    expect(await routing.queueSnapshot(2000)).toEqual([]);
  });

  it('reports each skill queue and lists the queue in assignment order', async () => {
    await routing.enqueue(chat('en-1', 1000, 0, 'en'));
    await routing.enqueue(chat('en-2', 1500, 10, 'en'));
    await routing.enqueue(chat('zh-1', 1200, 0, 'zh-CN'));
    expect(await routing.queueSnapshot(4000)).toEqual([
      { skill: 'en', length: 2, oldestEnqueuedAt: 1000, oldestWaitMs: 3000 },
      { skill: 'zh-CN', length: 1, oldestEnqueuedAt: 1200, oldestWaitMs: 2800 },
    ]);
    const all = await routing.listQueue(undefined, 10);
    expect(all.map((c) => c.conversationId)).toEqual(['en-2', 'en-1', 'zh-1']);
    expect((await routing.listQueue(undefined, 2)).map((c) => c.conversationId)).toEqual([
      'en-2',
      'en-1',
    ]);
    expect(await routing.listQueue('zh-CN', 5)).toEqual([chat('zh-1', 1200, 0, 'zh-CN')]);
    expect(await routing.listQueue('fr', 5)).toEqual([]);
    expect(await routing.listQueue('en', 0)).toEqual([]);
  });

  it('holds a disconnected agent’s chats for the grace period, then requeues them ahead', async () => {
    await routing.setAgent(agent('a', ['en'], 3));
    await routing.setAgent(agent('b', ['en'], 3, 'away'));
    await routing.enqueue(chat('vip', 100, 10));
    await routing.enqueue(chat('normal', 200, 0));
    await routing.enqueue(chat('urgent', 300, 30));
    expect(await routing.claim('vip', 'a')).toEqual({ ok: true });
    expect(await routing.claim('normal', 'a')).toEqual({ ok: true });
    expect(await routing.claim('urgent', 'a')).toEqual({ ok: true });
    await routing.enqueue(chat('waiting', 500, 0));

    expect(await routing.agentDisconnected('a', 5000, 1000)).toEqual(['normal', 'urgent', 'vip']);
    expect(await routing.agentDisconnected('a', 9000, 2000)).toEqual(['normal', 'urgent', 'vip']);
    expect(await routing.agentLoad('a')).toBe(3);
    expect(await routing.claim('waiting', 'a')).toEqual({ ok: false, reason: 'agent-unavailable' });
    expect(await routing.expireGrace(5999)).toEqual([]);

    const requeued = await routing.expireGrace(6000);
    expect(requeued).toEqual([
      {
        conversationId: 'normal',
        skill: 'en',
        priority: 20,
        enqueuedAt: 6000,
        previousAgentId: 'a',
      },
      {
        conversationId: 'urgent',
        skill: 'en',
        priority: 30,
        enqueuedAt: 6000,
        previousAgentId: 'a',
      },
      { conversationId: 'vip', skill: 'en', priority: 20, enqueuedAt: 6000, previousAgentId: 'a' },
    ]);
    expect(await routing.expireGrace(99_000)).toEqual([]);
    expect(await routing.agentLoad('a')).toBe(0);
    expect((await routing.listQueue(undefined, 10)).map((c) => c.conversationId)).toEqual([
      'urgent',
      'normal',
      'vip',
      'waiting',
    ]);
    await routing.setAgentStatus('b', 'online');
    expect(await routing.assignNext('least-busy')).toEqual({
      conversationId: 'urgent',
      agentId: 'b',
    });
  });

  it('lets a reconnecting agent keep their chats and take new ones again', async () => {
    await routing.setAgent(agent('a', ['en'], 3));
    await routing.enqueue(chat('c1', 100));
    await routing.assignNext('least-busy');
    await routing.agentDisconnected('a', 5000, 1000);
    await routing.enqueue(chat('c2', 1500));
    expect(await routing.assignNext('least-busy')).toBeNull();
    expect(await routing.agentReconnected('a')).toEqual(['c1']);
    expect(await routing.expireGrace(99_000)).toEqual([]);
    expect(await routing.assignNext('least-busy')).toEqual({ conversationId: 'c2', agentId: 'a' });
    expect(await routing.assignmentsOf('a')).toEqual(['c1', 'c2']);
  });

  it('rebuilds the whole state from the source of truth', async () => {
    await routing.setAgent(agent('stale', ['en']));
    await routing.enqueue(chat('stale-chat', 1));
    const applied = await routing.rebuild({
      agents: [agent('a', ['en'], 2), agent('b', ['zh-CN'], 1)],
      queued: [chat('q1', 1000), chat('q2', 900, 10), chat('zq', 1000, 0, 'zh-CN')],
      assignments: [{ conversationId: 'held', agentId: 'a', skill: 'en', priority: 10 }],
    });
    expect(applied).toBe(true);
    expect(await routing.needsRebuild()).toBe(false);
    expect(await routing.rebuild(emptyState, { onlyIfMissing: true })).toBe(false);
    expect(await routing.agentLoad('stale')).toBe(0);
    expect(await routing.agentLoad('a')).toBe(1);
    expect(await routing.enqueue(chat('held', 5))).toBe('assigned');
    expect(await drain()).toEqual(['q2>a', 'zq>b']);
    expect((await routing.listQueue(undefined, 10)).map((c) => c.conversationId)).toEqual(['q1']);

    await routing.agentDisconnected('a', 10, 0);
    const requeued = await routing.expireGrace(10);
    expect(requeued.map((c) => [c.conversationId, c.priority])).toEqual([
      ['held', 20],
      ['q2', 20],
    ]);
    await expect(
      routing.rebuild({
        agents: [],
        queued: [chat('x', 1)],
        assignments: [{ conversationId: 'x', agentId: 'a', skill: 'en', priority: 0 }],
      }),
    ).rejects.toThrow(RangeError);
  });

  it('rejects values it could not order exactly', async () => {
    await expect(routing.enqueue(chat('c', 1000, 1001))).rejects.toThrow(RangeError);
    await expect(routing.enqueue(chat('c', 1000.5))).rejects.toThrow(RangeError);
    await expect(routing.enqueue(chat('', 1000))).rejects.toThrow(RangeError);
    await expect(routing.setAgent(agent('a', ['en'], -1))).rejects.toThrow(RangeError);
    expect(await routing.listQueue(undefined, 10)).toEqual([]);
  });
});
