import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../test/helpers/redis-server';
import { waitFor } from '../../test/helpers/wait';
import {
  RoutingUnavailableError,
  type Assignment,
  type ChatRouting,
  type RoutingState,
} from './chat-routing';
import { createRedisRouting } from './redis-routing';
import { keepRoutingRebuilt } from './routing-recovery';

let testRedis: TestRedis;
let nodeA: Redis;
let nodeB: Redis;
beforeAll(async () => {
  testRedis = await startTestRedis();
  nodeA = new Redis(testRedis.url);
  nodeB = new Redis(testRedis.url);
});
afterAll(async () => {
  nodeA.disconnect();
  nodeB.disconnect();
  await testRedis.stop();
});
beforeEach(async () => {
  await nodeA.flushdb();
});

const emptyState: RoutingState = { queued: [], assignments: [], agents: [] };

async function twoNodes(): Promise<[ChatRouting, ChatRouting]> {
  const a = createRedisRouting(nodeA);
  const b = createRedisRouting(nodeB);
  await a.rebuild(emptyState);
  return [a, b];
}

/** Keeps `inFlight` assignNext calls running on one node until the queue yields nothing. */
async function assignUntilEmpty(routing: ChatRouting, inFlight: number): Promise<Assignment[]> {
  const won: Assignment[] = [];
  await Promise.all(
    Array.from({ length: inFlight }, async (_, worker) => {
      for (;;) {
        const next = await routing.assignNext(worker % 2 ? 'round-robin' : 'least-busy');
        if (!next) return;
        won.push(next);
      }
    }),
  );
  return won;
}

describe('redis routing across nodes', () => {
  it('assigns each of 500 chats exactly once when two nodes race, within every capacity', async () => {
    const [routingA, routingB] = await twoNodes();
    const skills = ['en', 'zh-CN'];
    for (let i = 0; i < 20; i++) {
      await routingA.setAgent({
        agentId: `agent-${i}`,
        skills: [skills[i % 2]!],
        capacity: 25,
        status: 'online',
      });
    }
    const chats = Array.from({ length: 500 }, (_, i) => ({
      conversationId: `chat-${String(i).padStart(3, '0')}`,
      skill: skills[i % 2]!,
      priority: i % 7 === 0 ? 10 : 0,
      enqueuedAt: 1_000 + i,
    }));
    await Promise.all(chats.map((c, i) => (i % 2 ? routingA : routingB).enqueue(c)));

    const [wonA, wonB] = await Promise.all([
      assignUntilEmpty(routingA, 8),
      assignUntilEmpty(routingB, 8),
    ]);
    expect(wonA.length).toBeGreaterThan(0);
    expect(wonB.length).toBeGreaterThan(0);

    const all = [...wonA, ...wonB];
    const ids = all.map((a) => a.conversationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.sort()).toEqual(chats.map((c) => c.conversationId));
    for (let i = 0; i < 20; i++) {
      const agentId = `agent-${i}`;
      const mine = all
        .filter((a) => a.agentId === agentId)
        .map((a) => a.conversationId)
        .sort();
      expect(mine.length).toBeLessThanOrEqual(25);
      expect(await routingB.assignmentsOf(agentId)).toEqual(mine);
      for (const id of mine)
        expect(chats.find((c) => c.conversationId === id)?.skill).toBe(skills[i % 2]);
    }
    expect(await routingA.queueSnapshot(0)).toEqual([]);
  });

  it('gives a chat to exactly one of two agents claiming it at once', async () => {
    const [routingA, routingB] = await twoNodes();
    await routingA.setAgent({ agentId: 'x', skills: ['en'], capacity: 100, status: 'online' });
    await routingA.setAgent({ agentId: 'y', skills: ['en'], capacity: 100, status: 'online' });
    for (let i = 0; i < 50; i++) {
      const conversationId = `c${i}`;
      await routingA.enqueue({ conversationId, skill: 'en', priority: 0, enqueuedAt: i });
      const results = await Promise.all([
        routingA.claim(conversationId, 'x'),
        routingB.claim(conversationId, 'y'),
        routingB.assignNext('least-busy'),
      ]);
      // A claim also succeeds for the agent who already holds the chat: count holders, not calls.
      const holders = new Set<string>();
      if (results[0].ok) holders.add('x');
      if (results[1].ok) holders.add('y');
      if (results[2]) holders.add(results[2].agentId);
      expect(holders.size).toBe(1);
      const [holder] = holders;
      expect(await routingA.assignmentsOf(holder!)).toContain(conversationId);
    }
    expect((await routingA.agentLoad('x')) + (await routingA.agentLoad('y'))).toBe(50);
  });

  it('keeps every key under sd:route:', async () => {
    const [routing] = await twoNodes();
    await routing.setAgent({ agentId: 'a', skills: ['en'], capacity: 1, status: 'online' });
    await routing.enqueue({ conversationId: 'c1', skill: 'en', priority: 0, enqueuedAt: 1 });
    await routing.enqueue({ conversationId: 'c2', skill: 'en', priority: 0, enqueuedAt: 2 });
    await routing.assignNext('least-busy');
    await routing.agentDisconnected('a', 10, 0);
    const keys = await nodeA.keys('*');
    expect(keys.length).toBeGreaterThan(5);
    for (const key of keys) expect(key.startsWith('sd:route:')).toBe(true);
  });
});

describe('redis routing after a Redis restart', () => {
  it('is rebuilt from the source of truth by the nodes on reconnect, without assigning a chat twice', async () => {
    const [routingA, routingB] = await twoNodes();
    // Stands in for MongoDB: what the conversations collection and staff records say.
    const truth: RoutingState = {
      agents: [{ agentId: 'a', skills: ['en'], capacity: 2, status: 'online' }],
      queued: [],
      assignments: [],
    };
    await routingA.setAgent(truth.agents[0]!);
    for (const conversationId of ['c1', 'c2', 'c3']) {
      await routingA.enqueue({ conversationId, skill: 'en', priority: 0, enqueuedAt: 1 });
    }
    const first = await routingA.assignNext('least-busy');
    expect(first).toEqual({ conversationId: 'c1', agentId: 'a' });
    truth.assignments.push({ conversationId: 'c1', agentId: 'a', skill: 'en', priority: 0 });
    truth.queued.push(
      { conversationId: 'c2', skill: 'en', priority: 0, enqueuedAt: 1 },
      { conversationId: 'c3', skill: 'en', priority: 0, enqueuedAt: 1 },
    );

    let loads = 0;
    const restored = { a: 0, b: 0 };
    const watch = (redis: Redis, routing: ChatRouting, node: 'a' | 'b') =>
      keepRoutingRebuilt(redis, routing, {
        loadState: async () => {
          loads++;
          return truth;
        },
        afterRestored: async () => {
          restored[node]++;
        },
        onError: (error) => expect.fail(String(error)),
      });
    const stops = [watch(nodeA, routingA, 'a'), watch(nodeB, routingB, 'b')];
    await waitFor(() => restored.a === 1 && restored.b === 1, {
      what: 'the first check on both nodes',
    });
    expect(loads).toBe(0);

    await testRedis.restart();
    await waitFor(() => restored.a === 2 && restored.b === 2, {
      what: 'both nodes to see the state restored',
    });
    expect(loads).toBeGreaterThanOrEqual(1);
    stops.forEach((stop) => stop());

    expect(await routingA.needsRebuild()).toBe(false);
    expect(await routingA.assignmentsOf('a')).toEqual(['c1']);
    expect(
      await routingA.enqueue({ conversationId: 'c1', skill: 'en', priority: 0, enqueuedAt: 1 }),
    ).toBe('assigned');
    expect(await routingA.assignNext('least-busy')).toEqual({ conversationId: 'c2', agentId: 'a' });
    expect(await routingB.assignNext('least-busy')).toBeNull();
  });

  it('throws a retryable error while the state is missing', async () => {
    const routing = createRedisRouting(nodeA);
    expect(await routing.needsRebuild()).toBe(true);
    await expect(routing.assignNext('least-busy')).rejects.toBeInstanceOf(RoutingUnavailableError);
    await expect(
      routing.enqueue({ conversationId: 'c', skill: 'en', priority: 0, enqueuedAt: 1 }),
    ).rejects.toMatchObject({ code: 'E_UNAVAILABLE' });
    expect(await routing.rebuild(emptyState, { onlyIfMissing: true })).toBe(true);
    expect(await routing.rebuild(emptyState, { onlyIfMissing: true })).toBe(false);
    expect(await routing.assignNext('least-busy')).toBeNull();
  });
});
