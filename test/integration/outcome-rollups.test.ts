import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countersFrom, isZeroCounters } from '../../shared/domain/kpis';
import { segmentConversionByAgent } from '../../server/outcomes/dashboard-query';
import { Outcome, type OutcomeDoc } from '../../server/outcomes/outcome-model';
import { applyOutcomeChange, rebuildRollups } from '../../server/outcomes/outcome-rollups';
import {
  OutcomeDaily,
  ScriptDaily,
  type ScriptDailyDoc,
} from '../../server/outcomes/rollup-models';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { outcomeDoc } from '../helpers/outcome-factory';

let database: TestDatabase;

beforeAll(async () => {
  database = await startTestDatabase();
  await mongoose.connect(database.uri);
});
afterAll(async () => {
  await mongoose.disconnect();
  await database?.remove();
});

const D1 = '2026-03-01';
const D2 = '2026-03-02';
const S1 = '重要价值';
const S2 = '一般发展';
const a1 = { agentId: 'a1', agentName: '王小明' };
const a2 = { agentId: 'a2', agentName: 'Li Lei' };
const script = (scriptId: string, variant = 'base', version = 1) => ({
  scriptId,
  version,
  variant,
  seq: 2,
});

/** Writes the record as the closing code does, then its rollups. */
async function create(doc: OutcomeDoc): Promise<OutcomeDoc> {
  await Outcome.create(doc);
  await applyOutcomeChange(null, doc);
  return doc;
}
async function change(previous: OutcomeDoc, next: OutcomeDoc): Promise<OutcomeDoc> {
  await Outcome.replaceOne({ _id: previous._id }, next);
  await applyOutcomeChange(previous, next);
  return next;
}
async function remove(previous: OutcomeDoc): Promise<void> {
  await Outcome.deleteOne({ _id: previous._id });
  await applyOutcomeChange(previous, null);
}

/** The stored rollups, counters read back with missing fields as 0, all-zero rows left out. */
async function snapshot() {
  const daily = await OutcomeDaily.find().lean();
  const scripts = await ScriptDaily.find().lean<ScriptDailyDoc[]>();
  return {
    daily: Object.fromEntries(
      daily
        .sort((a, b) => a._id.localeCompare(b._id))
        .map((d) => ({
          id: d._id,
          row: { ...identity(d), ...countersFrom(d as Record<string, unknown>) },
        }))
        .filter(({ row }) => !isZeroCounters(row))
        .map(({ id, row }) => [id, row]),
    ),
    scripts: Object.fromEntries(
      scripts
        .filter((s) => s.used !== 0 || s.won !== 0)
        .sort((a, b) => a._id.localeCompare(b._id))
        .map((s): [string, ScriptDailyDoc] => [s._id, { ...s }]),
    ),
  };
}
const identity = (d: {
  day: string;
  agentId: string | null;
  agentName: string | null;
  segment: string;
}) => ({
  day: d.day,
  agentId: d.agentId,
  agentName: d.agentName,
  segment: d.segment,
});

describe('outcome rollups', () => {
  let incremental: Awaited<ReturnType<typeof snapshot>>;

  it('follows creates, changes and deletions with $inc', async () => {
    // c1: a1/S1 D1, purchased ¥299; refunded later.
    const c1 = await create(
      outcomeDoc('c1', D1, a1, S1, {
        disposition: 'purchased',
        order: { orderId: 'O1', value: 299, source: 'linked', refunded: false },
        offers: [{ seq: 3, kind: 'bundle', ref: 'B1', price: 299, response: 'accepted' }],
        objections: [{ category: 'price', seq: 2, overcome: true }],
        scripts: [script('greet')],
        timings: {
          shopperMessages: 3,
          agentMessages: 4,
          firstResponseMs: 30_000,
          responseMsTotal: 90_000,
          responses: 3,
          handleMs: 600_000,
        },
      }),
    );
    // c2: a1/S1 D1, not interested; rated 2 stars later.
    const c2 = await create(
      outcomeDoc('c2', D1, a1, S1, {
        disposition: 'not_interested',
        offers: [{ seq: 3, kind: 'product', ref: 'P1', price: 99, response: 'declined' }],
        objections: [{ category: 'price', seq: 2, overcome: false }],
        scripts: [script('greet'), script('price-anchor')],
        timings: {
          shopperMessages: 2,
          agentMessages: 2,
          firstResponseMs: 10_000,
          responseMsTotal: 20_000,
          responses: 2,
          handleMs: 300_000,
        },
      }),
    );
    // c3: a2/S2 D1, will follow up; edited to purchased with an order of ¥88.
    const c3 = await create(
      outcomeDoc('c3', D1, a2, S2, {
        disposition: 'will_follow_up',
        scripts: [script('greet', 'warm')],
        timings: {
          shopperMessages: 1,
          agentMessages: 1,
          firstResponseMs: 5_000,
          responseMsTotal: 5_000,
          responses: 1,
          handleMs: 100_000,
        },
      }),
    );
    // c4: a1/S1 D2, purchased ¥120.50; deleted.
    const c4 = await create(
      outcomeDoc('c4', D2, a1, S1, {
        disposition: 'purchased',
        order: { orderId: 'O4', value: 120.5, source: 'linked', refunded: false },
        scripts: [script('price-anchor')],
        timings: {
          shopperMessages: 2,
          agentMessages: 3,
          firstResponseMs: 8_000,
          responseMsTotal: 16_000,
          responses: 2,
          handleMs: 200_000,
        },
      }),
    );
    // c5: the shopper left the queue: no agent, guest.
    await create(
      outcomeDoc('c5', D2, { agentId: null, agentName: null }, 'unknown', {
        timings: {
          shopperMessages: 1,
          agentMessages: 0,
          firstResponseMs: null,
          responseMsTotal: 0,
          responses: 0,
          handleMs: null,
        },
      }),
    );
    // c6: a2/S2 D2, created and deleted.
    const c6 = await create(outcomeDoc('c6', D2, a2, S2, { scripts: [script('greet')] }));

    await change(c1, { ...c1, order: { ...c1.order!, refunded: true } });
    await change(c2, { ...c2, satisfaction: 2 });
    await change(c3, {
      ...c3,
      disposition: 'purchased',
      order: { orderId: 'O3', value: 88, source: 'entered', refunded: false },
    });
    await remove(c4);
    await remove(c6);

    incremental = await snapshot();
    expect(Object.keys(incremental.daily)).toEqual([
      `${D1}|a1|${S1}`,
      `${D1}|a2|${S2}`,
      `${D2}|-|unknown`,
    ]);
    // c1 + c2 (c1 refunded, c2 rated 2).
    expect(incremental.daily[`${D1}|a1|${S1}`]).toMatchObject({
      ...identity({ day: D1, ...a1, segment: S1 }),
      chats: 2,
      asked: 2,
      askedPurchased: 1,
      engaged: 2,
      purchased: 1,
      buyers: 1,
      salesCents: 29_900,
      firstResponseSum: 40_000,
      firstResponseCount: 2,
      responseSum: 110_000,
      responseCount: 5,
      agentMessages: 6,
      shopperMessages: 5,
      handleSum: 900_000,
      handleCount: 2,
      offersPresented: 2,
      offersAccepted: 1,
      chatsWithOffer: 2,
      chatsWithAcceptedOffer: 1,
      ratingSum: 2,
      ratingCount: 1,
      refunded: 1,
      objection_price: 2,
      overcome_price: 1,
    });
    // c3 after the edit.
    expect(incremental.daily[`${D1}|a2|${S2}`]).toMatchObject({
      chats: 1,
      asked: 1,
      askedPurchased: 1,
      purchased: 1,
      buyers: 1,
      salesCents: 8_800,
      refunded: 0,
    });
    expect(incremental.daily[`${D2}|-|unknown`]).toMatchObject({
      agentId: null,
      chats: 1,
      asked: 1,
      engaged: 0,
      firstResponseCount: 0,
      handleCount: 0,
    });
    // greet/base: c1 won, c2 lost; price-anchor: c2 lost; greet/warm: c3 won after the edit.
    expect(
      Object.values(incremental.scripts).map((s) => [s._id, s.used, s.won, s.agentName]),
    ).toEqual([
      [`${D1}|a1|${S1}|greet|1|base`, 2, 1, '王小明'],
      [`${D1}|a1|${S1}|price-anchor|1|base`, 1, 0, '王小明'],
      [`${D1}|a2|${S2}|greet|1|warm`, 1, 1, 'Li Lei'],
    ]);
  });

  it('equals a rebuild from the outcome records, which drops the rows emptied by deletions', async () => {
    const result = await rebuildRollups();
    // Emptied: D2|a1|S1 and D2|a2|S2, with their script rows (price-anchor, greet).
    expect(result).toEqual({ outcomes: 4, dailyRows: 3, scriptRows: 3, removed: 4 });
    expect(await snapshot()).toEqual(incremental);
    expect(await OutcomeDaily.countDocuments()).toBe(3);
    expect(await ScriptDaily.countDocuments()).toBe(3);
    // A second rebuild changes nothing.
    expect((await rebuildRollups()).removed).toBe(0);
    expect(await snapshot()).toEqual(incremental);
  });

  it('repairs drifted rollups', async () => {
    await OutcomeDaily.updateOne({ _id: `${D1}|a1|${S1}` }, { $inc: { chats: 5 } });
    await ScriptDaily.deleteOne({ _id: `${D1}|a2|${S2}|greet|1|warm` });
    await rebuildRollups();
    expect(await snapshot()).toEqual(incremental);
  });

  it('reads an agent’s conversion in a segment for routing', async () => {
    // a1 in S1 from D1: c1 and c2 asked, c1 purchased (c4 deleted).
    const s1 = await segmentConversionByAgent(S1, D1);
    expect([...s1]).toEqual([['a1', { asked: 2, purchased: 1 }]]);
    expect([...(await segmentConversionByAgent(S1, D2))]).toEqual([]);
    expect([...(await segmentConversionByAgent(S2, D1))]).toEqual([
      ['a2', { asked: 1, purchased: 1 }],
    ]);
  });

  it('loses no update when many outcomes of one agent, day and segment arrive at once', async () => {
    const D3 = '2026-03-03';
    const docs = Array.from({ length: 40 }, (_, i) =>
      outcomeDoc(`burst-${i}`, D3, a1, S1, {
        disposition: i % 4 === 0 ? 'purchased' : 'not_interested',
        scripts: [script('greet')],
      }),
    );
    await Outcome.insertMany(docs);
    await Promise.all(docs.map((doc) => applyOutcomeChange(null, doc)));
    const row = countersFrom(
      (await OutcomeDaily.findById(`${D3}|a1|${S1}`).lean()) as Record<string, unknown>,
    );
    // 40 chats, every 4th purchased: 10.
    expect(row).toMatchObject({ chats: 40, asked: 40, purchased: 10 });
    const greet = await ScriptDaily.findById(`${D3}|a1|${S1}|greet|1|base`).lean();
    expect(greet).toMatchObject({ used: 40, won: 10 });
    const before = await snapshot();
    await rebuildRollups();
    expect(await snapshot()).toEqual(before);
  });
});
