import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countersFrom } from '../../shared/domain/kpis';
import { loadDashboard } from '../../server/outcomes/dashboard-query';
import { applyOutcomeChange } from '../../server/outcomes/outcome-rollups';
import { createRollupCache, type RollupCache } from '../../server/outcomes/rollup-cache';
import { OutcomeDaily } from '../../server/outcomes/rollup-models';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { outcomeDoc } from '../helpers/outcome-factory';

// The node's in-memory copy of the rollups against the database: the same figures, this node's
// changes at once, other writers' changes after a reload, nothing counted twice.
let database: TestDatabase;
let cache: RollupCache;
const agent = { agentId: 'a1', agentName: 'Amy' };
const day = '2026-05-01';
const range = { from: day, to: day };
const purchased = (id: string) =>
  outcomeDoc(id, day, agent, '重要价值', {
    disposition: 'purchased',
    order: { orderId: `o-${id}`, value: 100, source: 'entered', refunded: false },
    scripts: [{ scriptId: 'price-acknowledge', version: 1, variant: 'base', seq: 2 }],
  });

beforeAll(async () => {
  database = await startTestDatabase();
  await mongoose.connect(database.uri);
  cache = createRollupCache({ reloadMs: 60 * 60_000 });
});
afterAll(async () => {
  cache?.stop();
  await mongoose.disconnect();
  await database?.remove();
});

const chats = async () => (await loadDashboard(range, cache.rows)).totals.chats;

describe('the rollup cache', () => {
  it('answers as the database does, and takes this node’s changes at once', async () => {
    await applyOutcomeChange(null, purchased('c1'));
    expect(await chats()).toBe(1);
    await applyOutcomeChange(null, purchased('c2'));
    // Hand count: 2 chats, both purchased with ¥100 orders, the script used and won twice.
    const fromCache = await loadDashboard(range, cache.rows);
    const fromDb = await loadDashboard(range);
    expect(fromCache.totals.chats).toBe(2);
    expect(fromCache.totals.sales).toBe(200);
    expect(fromCache.scripts[0]).toMatchObject({ used: 2, won: 2 });
    expect({ ...fromCache, tookMs: 0 }).toEqual({ ...fromDb, tookMs: 0 });
  });

  it('sees another writer’s change only after a reload, and counts nothing twice', async () => {
    // Another node (or `npm run outcomes:rollup`) adds a chat straight in the database.
    const id = `${day}|a1|重要价值`;
    const stored = await OutcomeDaily.findById(id).lean();
    await OutcomeDaily.updateOne({ _id: id }, { $inc: { chats: 1 } });
    expect(countersFrom(stored as unknown as Record<string, unknown>).chats).toBe(2);
    expect(await chats()).toBe(2);
    const reloading = createRollupCache({ reloadMs: 200 });
    try {
      expect((await loadDashboard(range, reloading.rows)).totals.chats).toBe(3);
      await applyOutcomeChange(null, purchased('c3'));
      await new Promise((resolve) => setTimeout(resolve, 600));
      // Reloaded at least twice since: still 4, not 5.
      expect((await loadDashboard(range, reloading.rows)).totals.chats).toBe(4);
    } finally {
      reloading.stop();
    }
  });
});
