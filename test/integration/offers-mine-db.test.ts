import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoStaff } from '../../server/auth/demo-staff';
import { projectRoot } from '../../server/config';
import { Order } from '../../server/customers/order-model';
import { Product } from '../../server/customers/product-model';
import {
  RuleChunk,
  RuleRun,
  type RuleRunDoc,
} from '../../server/offers/rule-mining/rule-run-model';
import { loadCurrentRules } from '../../server/offers/rule-mining/rule-store';
import {
  ruleMiningStatusSchema,
  type RuleMiningStatus,
  type RuleRunProgress,
} from '../../shared/schemas/rule-mining';
import { loginStaff } from '../helpers/chat-clients';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { waitFor } from '../helpers/wait';

let database: TestDatabase;
let redis: TestRedis;
const servers: ServerProcess[] = [];
const folder = mkdtempSync(path.join(os.tmpdir(), 'offers-mine-db-'));

// 20 paid baskets (N = 20), and 5 refunded orders that must not count:
//   4 × {HUM, FLT, FRG}   2 × {HUM, FLT} (one lists HUM twice)   1 × {HUM}
//   3 × {KTL, FAN}        5 × {KTL}                              5 × {FAN}
//   refunded: 5 × {FRG, KTL}  (mined, they would make FRG ⇔ KTL rules and N = 25)
// Items: HUM 7, FLT 6, FRG 4, KTL 8, FAN 8. Pairs: HUM+FLT 6, HUM+FRG 4, FLT+FRG 4, KTL+FAN 3.
// Triple HUM+FLT+FRG 4. Default thresholds: minSupport max(0.002, 3/20) = 0.15 → count ≥ 3;
// every one of these 10 itemsets is frequent; confidence ≥ 0.1 keeps every rule; lift > 1 drops
// KTL ⇒ FAN and FAN ⇒ KTL (lift 20·3 / (8·8) = 0.9375). Lift ∝ count / (count(A) · count(c)):
//   10/3:  FRG ⇒ FLT (conf 1), {FRG,HUM} ⇒ FLT (1), FLT ⇒ FRG (2/3), {FLT,HUM} ⇒ FRG (2/3)
//   20/7:  FLT ⇒ HUM (1, count 6), {FLT,FRG} ⇒ HUM (1), FRG ⇒ HUM (1), HUM ⇒ FLT (6/7, count 6),
//          HUM ⇒ FRG (4/7)
// within a lift: confidence, then count, then antecedent names (shorter first on a tie).
const HUM = 'HUM-1';
const FLT = 'FLT-1';
const FRG = 'FRG-1'; // no product document: shown by its SKU
const KTL = 'KTL-1';
const FAN = 'FAN-1';
const N = 20;
const itemCount: Record<string, number> = { [HUM]: 7, [FLT]: 6, [FRG]: 4, [KTL]: 8, [FAN]: 8 };

/** A rule as rules.ts computes it, in the same floating-point order. */
function rule(antecedent: string[], consequent: string, count: number, antecedentCount: number) {
  const confidence = count / antecedentCount;
  return {
    antecedent,
    consequent: [consequent],
    support: count / N,
    confidence,
    lift: confidence / (itemCount[consequent]! / N),
    count,
  };
}
const expectedRules = [
  rule([FRG], FLT, 4, 4),
  rule([FRG, HUM], FLT, 4, 4),
  rule([FLT], FRG, 4, 6),
  rule([FLT, HUM], FRG, 4, 6),
  rule([FLT], HUM, 6, 6),
  rule([FLT, FRG], HUM, 4, 4),
  rule([FRG], HUM, 4, 4),
  rule([HUM], FLT, 6, 7),
  rule([HUM], FRG, 4, 7),
];
// --min-support 0.25 (count ≥ 5: HUM, FLT, KTL, FAN and HUM+FLT) --min-confidence 0.9:
// FLT ⇒ HUM (6/6) alone; HUM ⇒ FLT has 6/7 < 0.9.
const strictRules = [rule([FLT], HUM, 6, 6)];

let orderNo = 0;
function order(status: 'paid' | 'refunded', skus: string[]) {
  orderNo += 1;
  const at = new Date(Date.UTC(2025, 0, 1) + orderNo * 3_600_000);
  return {
    orderId: `T${String(orderNo).padStart(6, '0')}`,
    customerId: `C${orderNo % 7}`,
    status,
    items: skus.map((sku) => ({ sku, qty: 1, unitPrice: 10 })),
    amount: skus.length * 10,
    orderedAt: at,
    paidAt: at,
    refundedAt: status === 'refunded' ? at : null,
    bundleId: null,
  };
}
const times = (n: number, make: () => ReturnType<typeof order>) => Array.from({ length: n }, make);

function product(sku: string, en: string, zhCN: string, category: string) {
  return {
    sku,
    name: { en, zhCN },
    description: { en, zhCN },
    category,
    price: 10,
    cost: 5,
    stock: 10,
    durable: category !== 'filter',
    fitsSkus: [],
    imageUrl: '/x.png',
  };
}

beforeAll(async () => {
  [database, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  await mongoose.connect(database.uri);
  await Product.collection.insertMany([
    product(HUM, 'Mist humidifier', '静音加湿器', 'humidifier'),
    product(FLT, 'Humidifier filter', '加湿器滤芯', 'filter'),
    product(KTL, 'Kettle', '电热水壶', 'kettle'),
    product(FAN, 'Desk fan', '台扇', 'fan'),
  ]);
  await Order.collection.insertMany([
    ...times(4, () => order('paid', [HUM, FLT, FRG])),
    order('paid', [HUM, FLT, HUM]),
    order('paid', [FLT, HUM]),
    order('paid', [HUM]),
    ...times(3, () => order('paid', [KTL, FAN])),
    ...times(5, () => order('paid', [KTL])),
    ...times(5, () => order('paid', [FAN])),
    ...times(5, () => order('refunded', [FRG, KTL])),
  ]);
});
afterAll(async () => {
  for (const server of servers) await server.remove();
  await mongoose.disconnect();
  await redis?.stop();
  await database?.remove();
  rmSync(folder, { recursive: true, force: true });
});

/** `npm run offers:mine` against the test database, without a shell. */
function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server/cli/offers-mine.ts', ...args],
      {
        cwd: projectRoot,
        encoding: 'utf8',
        env: {
          PATH: process.env.PATH,
          HOME: process.env.HOME,
          NODE_ENV: 'test',
          MONGODB_URI: database.uri,
          DATA_DIR: folder,
          LOG_LEVEL: 'info',
        },
      },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const lean = (runId: string) => RuleRun.findById(runId).lean<RuleRunDoc>();

describe('npm run offers:mine without --input', () => {
  let firstRunId = '';

  it('mines the paid orders with the given thresholds and stores the rules as a run', async () => {
    const { code, stdout, stderr } = await runCli([
      '--min-support',
      '0.25',
      '--min-confidence=0.9',
    ]);
    expect(code, stderr).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(stdout)).toEqual({ transactions: N, rules: strictRules });
    expect(stderr).toContain('Reading orders: 25/25 (100%)');
    expect(stderr).toMatch(/Stored 1 rules mined from 20 paid orders as run \S+ in [\d.]+ s\./);

    const stored = await loadCurrentRules();
    expect(stored?.rules).toEqual(strictRules);
    firstRunId = stored!.runId;
    const run = await lean(firstRunId);
    expect(run).toMatchObject({
      state: 'done',
      trigger: 'cli',
      progress: { step: 'done', done: 25, total: 25 },
      params: { minSupport: 0.25, minConfidence: 0.9, maxLen: 3, minLift: 1, maxRules: 5000 },
      minSupportUsed: 0.25,
      // HUM, FLT, KTL, FAN and HUM+FLT.
      counts: { orders: 25, baskets: 20, itemsets: 5, rules: 1 },
      error: null,
      chunks: 1,
    });
    expect(run!.finishedAt).toBeInstanceOf(Date);
    expect(run!.timings!.totalMs).toBeGreaterThanOrEqual(0);
  });

  it('mines with the default thresholds, replaces the stored rules and drops the old ones', async () => {
    const { code, stdout, stderr } = await runCli([]);
    expect(code, stderr).toBe(0);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    const printed = JSON.parse(stdout) as { transactions: number; rules: unknown[] };
    expect(printed).toEqual({ transactions: N, rules: expectedRules });
    const lifts = expectedRules.map((r) => r.lift);
    lifts.forEach((lift, i) => expect(lift).toBeCloseTo(i < 4 ? 10 / 3 : 20 / 7, 12));

    const stored = await loadCurrentRules();
    expect(stored?.rules).toEqual(expectedRules);
    expect(stored!.runId).not.toBe(firstRunId);
    expect(await lean(stored!.runId)).toMatchObject({
      state: 'done',
      params: { minSupport: null, minConfidence: 0.1, maxLen: 3 },
      minSupportUsed: 0.15,
      counts: { orders: 25, baskets: 20, itemsets: 10, rules: 9 },
    });
    // Only the current run's rules are kept.
    expect(await lean(firstRunId)).toMatchObject({ state: 'done', rulesDeleted: true });
    const chunks = await RuleChunk.find({}, { _id: 1 }).lean();
    expect(chunks.map((c) => c._id)).toEqual([`${stored!.runId}:0`]);
  });

  it('explains both ways in --help and checks the thresholds before touching the database', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('npm run --silent offers:mine -- [--min-support S]');
    expect(help.stdout).toContain("from the shop's paid orders in the database");
    const bad = await runCli(['--min-support', '2']);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trimEnd().split('\n')).toEqual([
      'offers:mine: --min-support must be a number in (0, 1] (got "2") (see --help)',
    ]);
  });
});

describe('rule mining over HTTP', () => {
  let server: ServerProcess;
  const status = (cookie?: string) =>
    fetch(`${server.url}/api/offers/rules/status`, { headers: cookie ? { cookie } : {} });
  const refresh = (cookie?: string, url = server.url) =>
    fetch(`${url}/api/offers/rules/refresh`, {
      method: 'POST',
      headers: cookie ? { cookie } : {},
    });
  const readStatus = async (cookie: string): Promise<RuleMiningStatus> => {
    const res = await status(cookie);
    expect(res.status, await res.clone().text()).toBe(200);
    return ruleMiningStatusSchema.parse(await res.json());
  };

  beforeAll(async () => {
    // Enough refunded orders for the progress to show: read (and counted), never mined.
    const filler = times(10_000, () => order('refunded', [FAN, KTL]));
    for (let i = 0; i < filler.length; i += 5000) {
      await Order.collection.insertMany(filler.slice(i, i + 5000));
    }
    await seedDemoStaff();
    server = await startServerProcess({
      env: {
        MONGODB_URI: database.uri,
        REDIS_URL: redis.url,
        SESSION_SECRET: 'test-session-secret-0123456789abcdef0123',
      },
    });
    servers.push(server);
  });

  it('answers 401 without a session and 403 to agents and trainers', async () => {
    for (const res of [await status(), await refresh()]) {
      expect(res.status).toBe(401);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe(
        'E_UNAUTHENTICATED',
      );
    }
    for (const username of ['agent1', 'trainer1']) {
      const cookie = await loginStaff(server.url, username);
      for (const res of [await status(cookie), await refresh(cookie)]) {
        expect(res.status).toBe(403);
        expect(((await res.json()) as { error: { code: string } }).error.code).toBe('E_FORBIDDEN');
      }
    }
  });

  it('shows the stored rules with product names, then mines again on demand with progress', async () => {
    const supervisor = await loginStaff(server.url, 'supervisor1');
    // Rules were stored moments ago by the CLI: the server did not mine at start.
    const before = await readStatus(supervisor);
    expect(before.running).toBeNull();
    expect(before.lastFinished).toMatchObject({ state: 'done', trigger: 'cli' });
    expect(before.current).toMatchObject({ runId: before.lastFinished!.id, rules: 9 });
    expect(before.topRules).toHaveLength(9);
    expect(before.topRules[0]).toEqual({
      antecedent: [{ sku: FRG, name: { en: FRG, 'zh-CN': FRG } }],
      consequent: [{ sku: FLT, name: { en: 'Humidifier filter', 'zh-CN': '加湿器滤芯' } }],
      support: 0.2,
      confidence: 1,
      lift: expectedRules[0]!.lift,
      count: 4,
    });

    // Two requests at once start one run.
    const [first, second] = await Promise.all([refresh(supervisor), refresh(supervisor)]);
    expect([first.status, second.status]).toEqual([202, 202]);
    const { runId } = (await first.json()) as { runId: string };
    expect(((await second.json()) as { runId: string }).runId).toBe(runId);

    const seen: RuleRunProgress[] = [];
    const after = await waitFor(
      async () => {
        const s = await readStatus(supervisor);
        if (s.running?.id === runId) seen.push(s.running.progress);
        return s.lastFinished?.id === runId ? s : null;
      },
      { timeoutMs: 45_000, intervalMs: 100, what: `run ${runId} to finish` },
    );
    expect(after.running).toBeNull();
    expect(after.lastFinished).toMatchObject({
      id: runId,
      state: 'done',
      trigger: 'manual',
      progress: { step: 'done', done: 10_025, total: 10_025 },
      counts: { orders: 10_025, baskets: 20, itemsets: 10, rules: 9 },
      error: null,
    });
    expect(after.lastFinished!.timings!.totalMs).toBeGreaterThanOrEqual(0);
    expect(after.current).toMatchObject({ runId, rules: 9 });
    expect(
      after.topRules.map((r) => [r.antecedent.map((i) => i.sku), r.consequent[0]!.sku]),
    ).toEqual(expectedRules.map((r) => [r.antecedent, r.consequent[0]]));
    expect(after.topRules.find((r) => r.consequent[0]!.sku === HUM)!.consequent[0]!.name).toEqual({
      en: 'Mist humidifier',
      'zh-CN': '静音加湿器',
    });
    expect(seen.length, 'progress polled while running').toBeGreaterThan(0);
    expect(seen.some((p) => p.step === 'orders' && p.done > 0 && p.done < p.total)).toBe(true);
    expect((await loadCurrentRules())?.rules).toEqual(expectedRules);
    expect(server.logs.some((l) => l.msg === 'cross-sell rules mined and stored')).toBe(true);

    // Admins may too.
    const admin = await loginStaff(server.url, 'admin1');
    expect((await status(admin)).status).toBe(200);
  }, 90_000);

  it('runs one mining at a time across nodes sharing Redis', async () => {
    const other = await startServerProcess({
      env: {
        MONGODB_URI: database.uri,
        REDIS_URL: redis.url,
        SESSION_SECRET: 'test-session-secret-0123456789abcdef0123',
      },
    });
    servers.push(other);
    const cookie = await loginStaff(server.url, 'admin1');
    const runsBefore = await RuleRun.countDocuments();
    const answers = await Promise.all([refresh(cookie), refresh(cookie, other.url)]);
    expect(answers.map((r) => r.status)).toEqual([202, 202]);
    const [a, b] = (await Promise.all(answers.map((r) => r.json()))) as Array<{ runId: string }>;
    expect(b!.runId).toBe(a!.runId);
    await waitFor(async () => (await lean(a!.runId))?.state === 'done', {
      timeoutMs: 45_000,
      intervalMs: 200,
      what: 'the shared run to finish',
    });
    expect(await RuleRun.countDocuments()).toBe(runsBefore + 1);
  }, 120_000);
});
