/**
 * `npm run --silent bench:dashboard [-- --outcomes 100000 --raw 100000 --requests 30]`
 *
 * Latency of the supervisor dashboard, GET /api/dashboard, for a 30-day and a 90-day range over
 * --outcomes closed chats spread over 90 days × 8 agents × 9 customer segments. The daily
 * rollups (outcome_daily, script_daily) are built in memory from the generated outcome records
 * with the server's own code (rollupDocsOf) and inserted at once. Baselines in the same run:
 * GET /healthz (interleaved request by request: the cheapest request through the same server and
 * database), and the same totals computed straight from the `outcomes` collection (stream the
 * range's records, sum countersOf in Node: what the dashboard would cost without rollups), over
 * --raw of the records (all by default; inserting stops after --raw-seconds and says how many).
 * The dashboard's totals are checked against the raw computation when every record was inserted.
 * Prints one JSON line on stdout; progress and a table go to stderr.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { build } from 'hdr-histogram-js';
import { MongoClient } from 'mongodb';
import { projectRoot } from '../server/config';
import type { OutcomeDoc } from '../server/outcomes/outcome-model';
import { rollupDocsOf } from '../server/outcomes/outcome-rollups';
import {
  accumulateCounters,
  countersOf,
  emptyCounters,
  kpisFrom,
  type KpiOutcome,
} from '../shared/domain/kpis';
import { objectionCategories } from '../shared/domain/objection-categories';
import { eightClasses } from '../shared/domain/rfm-eight-classes';
import { dayOf, formatDay } from '../shared/domain/utc-day';
import { dashboardSchema, type KpiSet } from '../shared/schemas/dashboard';
import { loginStaff } from '../test/helpers/chat-clients';
import { launcherBinary, startTestDatabase } from '../test/helpers/ferretdb';
import { startTestRedis } from '../test/helpers/redis-server';
import { startServerProcess } from '../test/helpers/server-process';

const options = {
  outcomes: { type: 'string', default: '100000' },
  raw: { type: 'string', default: '' },
  'raw-seconds': { type: 'string', default: '240' },
  requests: { type: 'string', default: '30' },
  'raw-runs': { type: 'string', default: '3' },
} as const;
// Not strict: `npm run bench -- …` hands every benchmark the same arguments.
const { values: args } = parseArgs({ options, strict: false });
const outcomeCount = Number(args.outcomes);
const rawTarget = Math.min(outcomeCount, Number(args.raw || args.outcomes));
const rawSeconds = Number(args['raw-seconds']);
const requests = Number(args.requests);
const rawRuns = Number(args['raw-runs']);
const DAYS = 90;
const AGENTS = 8;
const TARGET_MS = 1000;

const log = (line: string) => process.stderr.write(`[bench:dashboard] ${line}\n`);
const cleanups: Array<() => Promise<unknown>> = [];

/** mulberry32: a small seeded generator, so every run measures the same data. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const segments = [...eightClasses, 'unknown'];
const scriptIds = [
  'greet',
  'needs-discovery',
  'price-anchor',
  'bundle-pitch',
  'quality-proof',
  'shipping-promise',
  'member-upgrade',
  'payment-reminder',
  'follow-up',
  'order-confirmation',
  'complaint-apology',
  'after-sales-care',
];
// Four scripts run an A/B test.
const abScripts = new Set(['greet', 'price-anchor', 'bundle-pitch', 'payment-reminder']);

/** Closed chats over the 90 days up to yesterday, as the closing code would record them. */
function generateOutcomes(n: number, lastDay: number): OutcomeDoc[] {
  const rand = random(20_260_301);
  const pick = <T>(items: readonly T[]) => items[Math.floor(rand() * items.length)]!;
  const int = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  const agents = Array.from({ length: AGENTS }, (_, i) => ({
    id: `agent${i + 1}`,
    name: ['王丽', '李娜', '张伟', '刘洋', '陈静', 'Sam', 'Amy', '赵磊'][i]!,
    skill: 0.8 + 0.05 * i,
  }));
  const out: OutcomeDoc[] = [];
  for (let i = 0; i < n; i++) {
    const day = formatDay(lastDay - Math.floor(rand() * DAYS));
    const closedAt = new Date(`${day}T${String(int(0, 23)).padStart(2, '0')}:30:00.000Z`);
    const agent = rand() < 0.02 ? null : pick(agents);
    const segment = pick(segments);
    const shopperMessages = rand() < 0.08 ? 0 : int(1, 12);
    const answered = agent !== null && rand() > 0.03;
    const agentMessages = answered ? Math.max(1, Math.round(shopperMessages * (0.8 + rand()))) : 0;
    const responses = answered ? Math.min(shopperMessages, agentMessages) : 0;
    const purchased =
      agent !== null && rand() < 0.25 * (agent.skill + (segment.startsWith('重要') ? 0.3 : 0));
    const disposition = purchased
      ? 'purchased'
      : pick(['will_follow_up', 'not_interested', 'not_interested', 'service_only'] as const);
    const offers = Array.from({ length: rand() < 0.4 ? int(1, 2) : 0 }, (_, k) => ({
      seq: 3 + k,
      kind: rand() < 0.5 ? ('bundle' as const) : ('product' as const),
      ref: `SKU-${int(1, 40)}`,
      price: int(49, 999),
      response: rand() < 0.35 ? ('accepted' as const) : rand() < 0.7 ? ('declined' as const) : null,
    }));
    const scripts = [];
    if (agent && rand() < 0.7)
      scripts.push({
        scriptId: 'greet',
        version: 2,
        variant: rand() < 0.5 ? 'base' : 'warm',
        seq: 2,
      });
    for (const scriptId of scriptIds.slice(1)) {
      if (agent && rand() < 0.1) {
        const variant = abScripts.has(scriptId) && rand() < 0.5 ? 'b' : 'base';
        scripts.push({ scriptId, version: 1, variant, seq: int(3, 20) });
      }
    }
    out.push({
      _id: `bench-${i}`,
      visitorId: `v-${i}`,
      customerId: segment === 'unknown' ? null : `c-${int(1, 20_000)}`,
      shopperName: `顾客${i}`,
      agentId: agent?.id ?? null,
      agentName: agent?.name ?? null,
      locale: rand() < 0.8 ? 'zh-CN' : 'en',
      segment,
      tier: null,
      openedAt: new Date(closedAt.getTime() - int(2, 40) * 60_000),
      closedAt,
      day,
      disposition,
      order:
        purchased && rand() < 0.9
          ? {
              orderId: `o-${i}`,
              value: Math.round((59 + rand() * rand() * 1500) * 100) / 100,
              source: 'linked',
              refunded: rand() < 0.04,
            }
          : null,
      offers,
      objections: objectionCategories
        .filter(() => rand() < 0.12)
        .map((category) => ({ category, seq: int(1, 9), overcome: purchased || rand() < 0.3 })),
      scripts,
      stages: [],
      satisfaction: rand() < 0.3 ? int(1, 5) : null,
      timings: {
        shopperMessages,
        agentMessages,
        firstResponseMs: answered && shopperMessages > 0 ? int(3, 90) * 1000 : null,
        responseMsTotal: responses * int(5, 60) * 1000,
        responses,
        handleMs: agent ? int(2, 40) * 60_000 : null,
      },
      quality: [],
      updatedAt: closedAt,
    });
  }
  return out;
}

const summary = (h: ReturnType<typeof build>) => ({
  p50Ms: Math.round(h.getValueAtPercentile(50)) / 1000,
  p95Ms: Math.round(h.getValueAtPercentile(95)) / 1000,
  maxMs: Math.round(h.maxValue) / 1000,
});
const round1 = (n: number) => Math.round(n * 10) / 10;

async function main() {
  const built = spawnSync('go', ['build', '-o', launcherBinary, '.'], {
    cwd: path.join(projectRoot, 'server', 'embedded-mongo'),
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`cannot build the FerretDB launcher: ${built.stderr}`);
  const [db, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  cleanups.push(
    () => db.remove(),
    () => redis.stop(),
  );
  const server = await startServerProcess({
    env: {
      MONGODB_URI: db.uri,
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '20',
      DEMO_ORDERS: '60',
      SHOP_IDENTITY_SECRET: 'bench-dashboard-shop-identity-secret-0123456789',
      LOG_LEVEL: 'info',
    },
  });
  cleanups.push(() => server.remove());

  const lastDay = dayOf(Date.now()) - 1;
  const to = formatDay(lastDay);
  const ranges = [
    { name: '30 days', from: formatDay(lastDay - 29), to },
    { name: '90 days', from: formatDay(lastDay - (DAYS - 1)), to },
  ];

  let t0 = performance.now();
  const outcomes = generateOutcomes(outcomeCount, lastDay);
  const rollups = rollupDocsOf(outcomes);
  log(
    `${outcomeCount} outcomes → ${rollups.daily.length} outcome_daily + ${rollups.scripts.length} script_daily documents (${round1(performance.now() - t0)} ms)`,
  );
  const mongo = new MongoClient(db.uri);
  await mongo.connect();
  cleanups.push(() => mongo.close());
  const database = mongo.db();
  t0 = performance.now();
  for (const [name, docs] of [
    ['outcome_daily', rollups.daily],
    ['script_daily', rollups.scripts],
  ] as const) {
    for (let i = 0; i < docs.length; i += 2000) {
      await database
        .collection<{ _id: string }>(name)
        .insertMany(docs.slice(i, i + 2000), { ordered: false });
    }
  }
  const rollupSeedMs = performance.now() - t0;
  log(`rollups inserted in ${round1(rollupSeedMs / 1000)} s`);

  // The raw records for the baseline, as many as fit in --raw-seconds.
  t0 = performance.now();
  let rawInserted = 0;
  const rawCollection = database.collection<OutcomeDoc>('outcomes');
  while (rawInserted < rawTarget && performance.now() - t0 < rawSeconds * 1000) {
    const batch = outcomes.slice(rawInserted, Math.min(rawTarget, rawInserted + 2000));
    await rawCollection.insertMany(batch, { ordered: false });
    rawInserted += batch.length;
    if (rawInserted % 20_000 === 0) log(`${rawInserted} raw outcomes inserted`);
  }
  const rawSeedMs = performance.now() - t0;
  log(`${rawInserted} raw outcomes inserted in ${round1(rawSeedMs / 1000)} s`);

  const cookie = await loginStaff(server.url, 'supervisor1');
  const timed = async (url: string, headers: Record<string, string> = {}) => {
    const start = performance.now();
    const res = await fetch(url, { headers });
    const body = await res.text();
    if (!res.ok) throw new Error(`${url}: ${res.status} ${body.slice(0, 200)}`);
    return { ms: performance.now() - start, body };
  };

  const results = [];
  for (const range of ranges) {
    const url = `${server.url}/api/dashboard?from=${range.from}&to=${range.to}`;
    const dashboard = build();
    const health = build();
    let serverMs = 0;
    let totals: KpiSet | null = null;
    for (let i = 0; i < requests + 3; i++) {
      const { ms, body } = await timed(url, { cookie });
      const healthMs = (await timed(`${server.url}/healthz`)).ms;
      if (i < 3) continue; // warm-up
      const parsed = dashboardSchema.parse(JSON.parse(body));
      totals = parsed.totals;
      serverMs += parsed.tookMs;
      dashboard.recordValue(Math.round(ms * 1000));
      health.recordValue(Math.round(healthMs * 1000));
    }

    log(`${range.name}: ${requests} dashboard requests done; now from the outcome records…`);
    // Baseline: the same totals straight from the outcome records of the range.
    const raw = build();
    let rawTotals: KpiSet | null = null;
    for (let i = 0; i < rawRuns; i++) {
      const start = performance.now();
      const sum = emptyCounters();
      const cursor = rawCollection.find(
        { day: { $gte: range.from, $lte: range.to } },
        {
          projection: {
            disposition: 1,
            order: 1,
            offers: 1,
            objections: 1,
            scripts: 1,
            satisfaction: 1,
            timings: 1,
          },
          batchSize: 5000,
        },
      );
      for await (const doc of cursor) accumulateCounters(sum, countersOf(doc as KpiOutcome));
      rawTotals = kpisFrom(sum);
      raw.recordValue(Math.round((performance.now() - start) * 1000));
    }
    const complete = rawInserted === outcomeCount;
    const matches = complete && totals !== null && isDeepStrictEqual(totals, rawTotals);
    if (complete && !matches) log(`${range.name}: the rollup totals differ from the records!`);
    results.push({
      range: range.name,
      from: range.from,
      to: range.to,
      chats: totals?.chats ?? 0,
      dashboard: { ...summary(dashboard), serverTookMsMean: round1(serverMs / requests) },
      healthz: summary(health),
      fromOutcomes: { records: rawInserted, runs: rawRuns, ...summary(raw) },
      totalsMatchRecords: complete ? matches : null,
    });
  }

  const rows = results.map((r) => [
    r.range,
    String(r.chats),
    `${r.dashboard.p50Ms} / ${r.dashboard.p95Ms}`,
    `${r.healthz.p50Ms} / ${r.healthz.p95Ms}`,
    `${r.fromOutcomes.p50Ms} / ${r.fromOutcomes.p95Ms}`,
  ]);
  const header = [
    'range',
    'chats',
    'dashboard p50/p95 ms',
    '/healthz p50/p95 ms',
    'from outcomes p50/p95 ms',
  ];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const line of [header, ...rows])
    log(line.map((cell, i) => cell.padEnd(widths[i]!)).join('  '));

  const slowest = Math.max(...results.map((r) => r.dashboard.p95Ms));
  process.stdout.write(
    `${JSON.stringify({
      outcomes: outcomeCount,
      days: DAYS,
      agents: AGENTS,
      segments: segments.length,
      rollupDocs: { outcomeDaily: rollups.daily.length, scriptDaily: rollups.scripts.length },
      seedSeconds: { rollups: round1(rollupSeedMs / 1000), rawOutcomes: round1(rawSeedMs / 1000) },
      rawOutcomes: rawInserted,
      requests,
      results,
      target: { p95Ms: TARGET_MS, met: slowest <= TARGET_MS },
    })}\n`,
  );
}

try {
  await main();
} catch (error) {
  log(`failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
} finally {
  for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
}
