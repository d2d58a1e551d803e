import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { startTestRedis, type TestRedis } from '../../test/helpers/redis-server';
import type { AgentStatus, AssignStrategy } from './chat-routing';
import { createMemoryRouting } from './memory-routing';
import { createNaiveRoutingModel, type ObservableRouting } from './naive-routing-model';
import { createRedisRouting } from './redis-routing';

const agentIds = ['a', 'b', 'c'];
const agentId = fc.constantFrom(...agentIds);
const conversationId = fc.constantFrom('c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7');
const skill = fc.constantFrom('en', 'zh-CN');
const status = fc.constantFrom<AgentStatus>('online', 'away', 'offline');
const time = fc.integer({ min: 0, max: 12 });

const operation = fc.oneof(
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('setAgent' as const),
      agentId,
      skills: fc.subarray(['en', 'zh-CN']),
      capacity: fc.integer({ min: 0, max: 3 }),
      status,
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('setAgentStatus' as const), agentId, status }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('enqueue' as const),
      conversationId,
      skill,
      priority: fc.constantFrom(0, 10, 20, 30),
      enqueuedAt: time,
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('assignNext' as const),
      strategy: fc.constantFrom<AssignStrategy>('least-busy', 'round-robin'),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('claim' as const), conversationId, agentId }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('release' as const), conversationId, agentId }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('move' as const),
      conversationId,
      agentId,
      toAgentId: agentId,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dequeue' as const), conversationId }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('disconnect' as const),
      agentId,
      graceMs: time,
      now: time,
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reconnect' as const), agentId, status }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('expire' as const),
      now: fc.integer({ min: 0, max: 25 }),
    }),
  },
);
type Operation = typeof operation extends fc.Arbitrary<infer T> ? T : never;

function apply(routing: ObservableRouting, op: Operation): Promise<unknown> {
  switch (op.kind) {
    case 'setAgent':
      return routing.setAgent({
        agentId: op.agentId,
        skills: op.skills,
        capacity: op.capacity,
        status: op.status,
      });
    case 'setAgentStatus':
      return routing.setAgentStatus(op.agentId, op.status);
    case 'enqueue':
      return routing.enqueue(op);
    case 'assignNext':
      return routing.assignNext(op.strategy);
    case 'claim':
      return routing.claim(op.conversationId, op.agentId);
    case 'release':
      return routing.release(op.conversationId, op.agentId);
    case 'move':
      return routing.move(op.conversationId, op.agentId, op.toAgentId);
    case 'dequeue':
      return routing.dequeue(op.conversationId);
    case 'disconnect':
      return routing.agentDisconnected(op.agentId, op.graceMs, op.now);
    case 'reconnect':
      return routing.agentReconnected(op.agentId, op.status);
    case 'expire':
      return routing.expireGrace(op.now);
  }
}

async function observe(routing: ObservableRouting): Promise<unknown> {
  const agents = await Promise.all(
    agentIds.map(async (id) => [id, await routing.agentLoad(id), await routing.assignmentsOf(id)]),
  );
  return {
    queue: await routing.listQueue(undefined, 100),
    snapshot: await routing.queueSnapshot(30),
    agents,
  };
}

/** Runs the same operations on every implementation; each step must answer the same. */
async function runInStep(
  implementations: [string, ObservableRouting][],
  ops: Operation[],
): Promise<void> {
  for (const [step, op] of ops.entries()) {
    const results = await Promise.all(implementations.map(([, r]) => apply(r, op)));
    for (const [i, result] of results.entries()) {
      if (JSON.stringify(result) !== JSON.stringify(results[0])) {
        throw new Error(
          `step ${step} ${JSON.stringify(op)}: ${implementations[i]![0]} answered ${JSON.stringify(result)}, ${implementations[0]![0]} ${JSON.stringify(results[0])}`,
        );
      }
    }
  }
  const finals = await Promise.all(implementations.map(([, r]) => observe(r)));
  for (const final of finals) {
    if (JSON.stringify(final) !== JSON.stringify(finals[0]))
      throw new Error(`final states differ: ${JSON.stringify(finals)}`);
  }
}

describe('routing rules as a model', () => {
  it('the memory implementation answers every operation sequence like the naive model', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(operation, { maxLength: 80, size: 'max' }), (ops) =>
        runInStep(
          [
            ['model', createNaiveRoutingModel()],
            ['memory', createMemoryRouting()],
          ],
          ops,
        ),
      ),
      { numRuns: 500 },
    );
  });

  describe('against Redis', () => {
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

    it('the Redis implementation answers every operation sequence like the memory one', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(operation, { maxLength: 80, size: 'max' }), async (ops) => {
          await client.flushdb();
          const redis = createRedisRouting(client);
          await redis.rebuild({ queued: [], assignments: [], agents: [] });
          await runInStep(
            [
              ['memory', createMemoryRouting()],
              ['redis', redis],
            ],
            ops,
          );
        }),
        { numRuns: 150 },
      );
    });
  });
});
