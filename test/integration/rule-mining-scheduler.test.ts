import mongoose from 'mongoose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Order } from '../../server/customers/order-model';
import { buildProfileSnapshot } from '../../server/customers/profile/profile-snapshot';
import { mineShopRules } from '../../server/offers/rule-mining/mine-shop-rules';
import {
  createRedisMiningLock,
  createRuleMiningScheduler,
  type MiningLock,
  type RuleMiningScheduler,
} from '../../server/offers/rule-mining/rule-mining-scheduler';
import { RuleRun, type RuleRunDoc } from '../../server/offers/rule-mining/rule-run-model';
import { loadCurrentRules, readCurrentPointer } from '../../server/offers/rule-mining/rule-store';
import type { RuleRunView } from '../../shared/schemas/rule-mining';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { sleep, waitFor } from '../helpers/wait';
import { Redis } from 'ioredis';

let database: TestDatabase;
let redis: TestRedis;
const logger = pino({ level: 'silent' });
const schedulers: RuleMiningScheduler[] = [];
const HOUR = 3_600_000;

let orderNo = 0;
function order(skus: string[], status: 'paid' | 'refunded' = 'paid') {
  orderNo += 1;
  const at = new Date(Date.UTC(2025, 0, 1) + orderNo * 60_000);
  return {
    orderId: `S${orderNo}`,
    customerId: `C${orderNo % 5}`,
    status,
    items: skus.map((sku) => ({ sku, qty: 1, unitPrice: 10 })),
    amount: 10 * skus.length,
    orderedAt: at,
    paidAt: at,
    refundedAt: null,
    bundleId: null,
  };
}

beforeAll(async () => {
  [database, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  await mongoose.connect(database.uri);
  // 10 baskets: A+B 6 times, A 2, C 2 → A ⇒ B (conf 6/8, lift 1.25) and B ⇒ A (conf 1, lift 1.25).
  await Order.collection.insertMany([
    ...Array.from({ length: 6 }, () => order(['A', 'B'])),
    order(['A']),
    order(['A']),
    order(['C']),
    order(['C']),
  ]);
});
afterAll(async () => {
  for (const s of schedulers) await s.stop();
  await mongoose.disconnect();
  await redis?.stop();
  await database?.remove();
});

const make = (options: { intervalMs?: number; lock?: MiningLock | null } = {}) => {
  const scheduler = createRuleMiningScheduler({ intervalMs: HOUR, logger, ...options });
  schedulers.push(scheduler);
  return scheduler;
};
const runs = () => RuleRun.find().sort({ startedAt: 1 }).lean<RuleRunDoc[]>();

describe('buildProfileSnapshot before any mining run', () => {
  it('mines the rules in place', async () => {
    expect(await readCurrentPointer()).toBeNull();
    const snapshot = await buildProfileSnapshot();
    expect(snapshot.catalog.rules.map((r) => `${r.antecedent} => ${r.consequent}`)).toEqual([
      'B => A',
      'A => B',
    ]);
    expect(snapshot.counts).toMatchObject({ orders: 10, baskets: 10, rules: 2 });
  });
});

describe('createRuleMiningScheduler', () => {
  it('mines at start when no rules are stored, and tells its listeners', async () => {
    const scheduler = make();
    const stored: RuleRunView[] = [];
    scheduler.onRulesStored((run) => stored.push(run));
    scheduler.start();
    await waitFor(() => stored.length === 1, { what: 'the start-up run' });
    expect(stored[0]).toMatchObject({
      state: 'done',
      trigger: 'startup',
      counts: { orders: 10, baskets: 10, rules: 2 },
    });
    expect((await loadCurrentRules())?.runId).toBe(stored[0]!.id);
    await scheduler.stop();
  });

  it('does not mine at start while the stored rules are younger than the interval', async () => {
    const before = (await runs()).length;
    const scheduler = make({ intervalMs: HOUR });
    scheduler.start();
    await sleep(1000);
    expect((await runs()).length).toBe(before);
    await scheduler.stop();
  });

  it('starts one run for simultaneous requests, then a new one once it has ended', async () => {
    const scheduler = make();
    const ids = await Promise.all([scheduler.refreshNow(), scheduler.refreshNow()]);
    expect(ids[1]).toBe(ids[0]);
    expect(await scheduler.refreshNow()).toBe(ids[0]);
    await waitFor(async () => (await RuleRun.findById(ids[0]).lean())?.state === 'done', {
      what: 'the run to finish',
    });
    await waitFor(async () => (await scheduler.refreshNow()) !== ids[0], {
      what: 'a second run',
    });
  });

  it('returns the run of another node holding the Redis lock, and mines nothing itself', async () => {
    const client = new Redis(redis.url);
    try {
      const lock = createRedisMiningLock(client, 'test:rule-mining:lock');
      expect(await lock.acquire('other-node-run', 60_000)).toEqual({ acquired: true });
      await waitFor(async () => (await runs()).every((r) => r.state === 'done'), {
        what: 'earlier runs to end',
      });
      const before = (await runs()).length;
      const scheduler = make({ lock });
      expect(await scheduler.refreshNow()).toBe('other-node-run');
      expect((await runs()).length).toBe(before);

      // Only the holder releases it; then this node takes it and mines.
      await lock.release('someone-else');
      expect(await lock.extend('other-node-run', 60_000)).toBe(true);
      await lock.release('other-node-run');
      const runId = await scheduler.refreshNow();
      expect(runId).not.toBe('other-node-run');
      expect(await client.get('test:rule-mining:lock')).toBe(runId);
      await waitFor(async () => (await client.get('test:rule-mining:lock')) === null, {
        what: 'the lock to be released after the run',
      });
      expect((await RuleRun.findById(runId).lean())?.state).toBe('done');
    } finally {
      client.disconnect();
    }
  });

  it('stops the run in progress when stopped, marking it failed', async () => {
    const scheduler = make();
    const runId = await scheduler.refreshNow();
    await scheduler.stop();
    const run = await RuleRun.findById(runId).lean<RuleRunDoc>();
    expect(run).toMatchObject({
      state: 'failed',
      error: 'The server stopped before the run finished.',
    });
    await expect(scheduler.refreshNow()).rejects.toThrow(/shutting down/);
  });
});

describe('buildProfileSnapshot with stored rules', () => {
  it('uses the rules of the latest successful run instead of mining', async () => {
    // Stricter thresholds than the snapshot's own: only B ⇒ A (confidence 1) is stored.
    const { rules } = await mineShopRules({ params: { minConfidence: 0.9 }, trigger: 'cli' });
    expect(rules.map((r) => `${r.antecedent} => ${r.consequent}`)).toEqual(['B => A']);
    const snapshot = await buildProfileSnapshot();
    expect(snapshot.catalog.rules).toEqual(rules);
    expect(snapshot.counts).toMatchObject({ orders: 10, baskets: 10, rules: 1 });
  });
});
