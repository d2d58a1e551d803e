import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../server/audit/audit-model';
import { Outcome, type OutcomeDoc } from '../../server/outcomes/outcome-model';
import { applyOutcomeChange } from '../../server/outcomes/outcome-rollups';
import { dashboardSchema, type Dashboard } from '../../shared/schemas/dashboard';
import { loginStaff } from '../helpers/chat-clients';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { outcomeDoc } from '../helpers/outcome-factory';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
const cookies: Record<string, string> = {};

const D0 = '2026-01-31'; // outside the main range
const D1 = '2026-02-01';
const D2 = '2026-02-02';
const D4 = '2026-02-04'; // 02-03 has no chat
const DS = '2026-02-10'; // the script sample
const S1 = '重要价值';
const S2 = '一般发展';
const A1 = { agentId: 'agent-a', agentName: '张丽' };
const A2 = { agentId: 'agent-b', agentName: 'Tom "TJ", Jr' };
const NONE = { agentId: null, agentName: null };
const min = 60_000;
type Offer = OutcomeDoc['offers'][number];
const offer = (response: Offer['response']): Offer => ({
  seq: 3,
  kind: 'bundle',
  ref: 'B-HUM-CARE',
  price: 299,
  response,
});
const order = (value: number, refunded = false) => ({
  orderId: `O-${value}`,
  value,
  source: 'linked' as const,
  refunded,
});
const script = (variant: string, scriptId = 'greet') => ({ scriptId, version: 1, variant, seq: 2 });
/** shopper msgs, agent msgs, first response (s), response total (s) / responses, handle (min) */
const t = (
  shopper: number,
  agent: number,
  firstS: number | null,
  responseS: number,
  responses: number,
  handleMin: number | null,
) => ({
  shopperMessages: shopper,
  agentMessages: agent,
  firstResponseMs: firstS === null ? null : firstS * 1000,
  responseMsTotal: responseS * 1000,
  responses,
  handleMs: handleMin === null ? null : handleMin * min,
});

// prettier-ignore
const fixture: OutcomeDoc[] = [
  outcomeDoc('e1', D1, A1, S1, { disposition: 'purchased', order: order(300), offers: [offer('accepted')], scripts: [script('base')], satisfaction: 5, timings: t(4, 5, 20, 60, 3, 10) }),
  outcomeDoc('e2', D1, A1, S1, { disposition: 'not_interested', offers: [offer('declined')], objections: [{ category: 'price', seq: 2, overcome: false }], scripts: [script('warm')], satisfaction: 3, timings: t(3, 3, 40, 90, 3, 8) }),
  outcomeDoc('e3', D1, A2, S2, { disposition: 'purchased', order: order(100, true), offers: [offer('accepted')], objections: [{ category: 'price', seq: 2, overcome: true }], scripts: [script('base')], timings: t(2, 2, 10, 20, 2, 5) }),
  outcomeDoc('e4', D1, A2, S1, { disposition: 'service_only', timings: t(1, 1, 30, 30, 1, 3) }),
  outcomeDoc('e5', D2, A1, S2, { disposition: 'purchased', order: order(200), offers: [offer('accepted'), offer('declined')], scripts: [script('base')], satisfaction: 4, timings: t(2, 4, 15, 45, 3, 12) }),
  outcomeDoc('e6', D2, A1, S1, { disposition: 'will_follow_up', objections: [{ category: 'shipping', seq: 4, overcome: false }], scripts: [script('warm')], timings: t(5, 4, 60, 120, 4, 15) }),
  outcomeDoc('e7', D2, NONE, 'unknown', { disposition: 'not_interested', timings: t(1, 0, null, 0, 0, null) }),
  outcomeDoc('e8', D2, A2, S2, { disposition: 'purchased', scripts: [script('warm')], timings: t(3, 3, 25, 50, 2, 6) }),
  outcomeDoc('e9', D4, A2, S1, { disposition: 'purchased', order: order(150), offers: [offer('accepted')], scripts: [script('base')], satisfaction: 5, timings: t(2, 2, 5, 10, 2, 4) }),
  outcomeDoc('e10', D4, A1, S1, { disposition: 'not_interested', offers: [offer(null)], timings: t(0, 1, null, 0, 0, 2) }),
  outcomeDoc('e11', D4, A1, S2, { disposition: 'purchased', order: order(50), scripts: [script('warm')], satisfaction: 2, timings: t(1, 1, 35, 35, 1, 5) }),
  outcomeDoc('e12', D0, A1, S1, { disposition: 'purchased', order: order(999), timings: t(1, 1, 5, 5, 1, 1) }),
  // 20 uses of price-anchor on DS, 16 won.
  ...Array.from({ length: 20 }, (_, i) =>
    outcomeDoc(`s${i}`, DS, A1, S1, { disposition: i < 16 ? 'purchased' : 'not_interested', scripts: [script('base', 'price-anchor')] }),
  ),
];

beforeAll(async () => {
  [database, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  server = await startServerProcess({
    env: {
      MONGODB_URI: database.uri,
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '20',
      DEMO_ORDERS: '60',
      SHOP_IDENTITY_SECRET: 'test-shop-identity-secret-0123456789abcdef',
      SESSION_SECRET: 'test-session-secret-0123456789abcdef0123',
    },
  });
  await mongoose.connect(database.uri);
  // As the closing code does: the record, then its rollups.
  for (const doc of fixture) {
    await Outcome.create(doc);
    await applyOutcomeChange(null, doc);
  }
  for (const username of ['agent1', 'trainer1', 'supervisor1', 'admin1']) {
    cookies[username] = await loginStaff(server.url, username);
  }
});
afterAll(async () => {
  await mongoose.disconnect();
  await server?.remove();
  await redis?.stop();
  await database?.remove();
});

const get = (path: string, as?: string) =>
  fetch(`${server.url}${path}`, { headers: as ? { cookie: cookies[as]! } : {} });
const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;
async function dashboard(query: string, as = 'supervisor1'): Promise<Dashboard> {
  const res = await get(`/api/dashboard?${query}`, as);
  expect(res.status, await res.clone().text()).toBe(200);
  return dashboardSchema.parse(await res.json());
}
const RANGE = `from=${D1}&to=${D4}`;

describe('dashboard API', () => {
  it('rejects the unauthenticated and every role but supervisor and admin', async () => {
    for (const path of [`/api/dashboard?${RANGE}`, `/api/dashboard/export.csv?${RANGE}`]) {
      const anonymous = await get(path);
      expect(anonymous.status).toBe(401);
      expect(await errorCode(anonymous)).toBe('E_UNAUTHENTICATED');
      for (const as of ['agent1', 'trainer1']) {
        const res = await get(path, as);
        expect(res.status).toBe(403);
        expect(await errorCode(res)).toBe('E_FORBIDDEN');
      }
    }
    expect((await dashboard(RANGE, 'admin1')).totals.chats).toBe(11);
    expect(await AuditLog.countDocuments({ action: 'dashboard.export' })).toBe(0);
  });

  it('refuses bad queries with E_VALIDATION', async () => {
    const bad = [
      '',
      `from=${D1}`,
      `from=2026-02-30&to=${D4}`,
      `from=yesterday&to=${D4}`,
      `from=${D4}&to=${D1}`, // from after to
      'from=2025-01-01&to=2026-01-02', // 367 days
      `${RANGE}&extra=1`,
      `${RANGE}&agent=a&agent=b`,
      `from[$gt]=&to=${D4}`,
    ];
    for (const query of bad) {
      const res = await get(`/api/dashboard?${query}`, 'supervisor1');
      expect(res.status, query).toBe(400);
      expect(await errorCode(res)).toBe('E_VALIDATION');
    }
    // 366 days, both ends included, is allowed.
    const longest = await dashboard('from=2025-02-04&to=2026-02-04');
    expect(longest.byDay).toHaveLength(366);
    expect(longest.totals.chats).toBe(12); // e1–e12
  });

  it('computes the KPIs of the range from the rollups', async () => {
    const d = await dashboard(RANGE);
    expect(d.query).toEqual({ from: D1, to: D4 });
    const k = d.totals;
    expect(k.chats).toBe(11); // e1–e11 (e12 is on 01-31)
    // Asked: all but e10 = 10; purchased among them: e1 e3 e5 e8 e9 e11 = 6 → 0.6
    expect(k.conversion).toEqual({ value: 0.6, numerator: 6, denominator: 10 });
    // Buyers (purchased with an order): e1 300, e3 100, e5 200, e9 150, e11 50 → 800 / 5 = 160
    expect(k.sales).toBe(800);
    expect(k.averageOrderValue).toEqual({ value: 160, numerator: 800, denominator: 5 });
    expect(k.refundRate).toEqual({ value: 0.2, numerator: 1, denominator: 5 }); // e3
    // First response: 20+40+10+30+15+60+25+5+35 = 240 s over 9 chats = 26 666.67 ms
    expect(k.firstResponseMs).toMatchObject({ numerator: 240_000, denominator: 9 });
    expect(k.firstResponseMs.value).toBeCloseTo(26_666.67, 2);
    // Response: 60+90+20+30+45+120+50+10+35 = 460 s over 3+3+2+1+3+4+2+2+1 = 21 turns
    expect(k.averageResponseMs).toMatchObject({ numerator: 460_000, denominator: 21 });
    // 答问比: agent 5+3+2+1+4+4+0+3+2+1+1 = 26 ÷ shopper 4+3+2+1+2+5+1+3+2+0+1 = 24
    expect(k.answerRatio).toMatchObject({ numerator: 26, denominator: 24 });
    expect(k.answerRatio.value).toBeCloseTo(1.0833, 4);
    // Handle: 10+8+5+3+12+15+6+4+2+5 = 70 min over 10 chats (e7 never assigned) = 7 min
    expect(k.handleMs).toEqual({ value: 7 * min, numerator: 70 * min, denominator: 10 });
    // Offers: 7 presented (e5 two), 4 accepted (e1 e3 e5 e9)
    expect(k.offerAcceptance).toMatchObject({ numerator: 4, denominator: 7 });
    expect(k.satisfaction).toEqual({ value: 3.8, numerator: 19, denominator: 5 }); // 5+3+4+5+2
    // Engaged: all but e7 (unanswered) and e10 (the shopper never wrote).
    expect(d.funnel).toEqual({
      chats: 11,
      engaged: 9,
      offerPresented: 6, // e1 e2 e3 e5 e9 e10
      accepted: 4,
      purchased: 6,
    });
  });

  it('lists every day of the range, the empty ones at zero, and objections per day', async () => {
    const d = await dashboard(RANGE);
    expect(d.byDay.map((r) => [r.day, r.kpis.chats])).toEqual([
      [D1, 4],
      [D2, 4],
      ['2026-02-03', 0],
      [D4, 3],
    ]);
    const empty = d.byDay[2]!.kpis;
    expect(empty.conversion).toEqual({ value: null, numerator: 0, denominator: 0 });
    expect(empty.sales).toBe(0);
    expect(d.objectionsByDay.map((r) => r.day)).toEqual([D1, D2, '2026-02-03', D4]);
    expect(d.objectionsByDay[0]!.counts).toMatchObject({ price: 2, shipping: 0 }); // e2, e3
    expect(d.objectionsByDay[1]!.counts).toMatchObject({ price: 0, shipping: 1 }); // e6
    expect(Object.values(d.objectionsByDay[2]!.counts).every((n) => n === 0)).toBe(true);
  });

  it('breaks the KPIs down by agent, without the agent-less chat', async () => {
    const d = await dashboard(RANGE);
    expect(d.byAgent.map((a) => [a.agentId, a.agentName, a.kpis.chats])).toEqual([
      ['agent-a', '张丽', 6], // e1 e2 e5 e6 e10 e11
      ['agent-b', 'Tom "TJ", Jr', 4], // e3 e4 e8 e9
    ]);
    const [a, b] = d.byAgent;
    // agent-a: asked e1 e2 e5 e6 e11 = 5, purchased e1 e5 e11 = 3; sales 550 over 3 buyers
    expect(a!.kpis.conversion).toEqual({ value: 0.6, numerator: 3, denominator: 5 });
    expect(a!.kpis.averageOrderValue.value).toBeCloseTo(183.33, 2);
    // agent-b: asked 4, purchased e3 e8 e9 = 3; sales 250 over 2 buyers (e8 has no order)
    expect(b!.kpis.conversion).toEqual({ value: 0.75, numerator: 3, denominator: 4 });
    expect(b!.kpis.averageOrderValue).toEqual({ value: 125, numerator: 250, denominator: 2 });
  });

  it('filters by agent, segment and date', async () => {
    const byB = await dashboard(`${RANGE}&agent=agent-b`);
    expect(byB.totals.chats).toBe(4);
    expect(byB.totals.conversion.value).toBe(0.75);
    expect(byB.byAgent.map((a) => a.agentId)).toEqual(['agent-b']);
    // 一般发展: e3 (b), e5 (a), e8 (b), e11 (a): all asked and purchased; sales 100+200+50 = 350
    const s2 = await dashboard(`${RANGE}&segment=${encodeURIComponent(S2)}`);
    expect(s2.totals.chats).toBe(4);
    expect(s2.totals.conversion).toEqual({ value: 1, numerator: 4, denominator: 4 });
    expect(s2.totals.averageOrderValue).toMatchObject({ numerator: 350, denominator: 3 });
    const both = await dashboard(`${RANGE}&agent=agent-a&segment=${encodeURIComponent(S2)}`);
    expect(both.totals.chats).toBe(2); // e5 e11
    const early = await dashboard(`from=${D0}&to=${D0}`);
    expect(early.totals).toMatchObject({ chats: 1, sales: 999 }); // e12
    expect((await dashboard(`${RANGE}&agent=nobody`)).totals.chats).toBe(0);
  });

  it('rates scripts with a Wilson interval once they have enough uses, and pairs A/B variants', async () => {
    const d = await dashboard(RANGE);
    expect(d.minSample).toBe(20);
    // greet/base: e1 e3 e5 e9, all won; greet/warm: e2 e6 (lost) e8 e11 (won).
    expect(d.scripts.map((s) => [s.variant, s.used, s.won, s.winRate, s.enoughData])).toEqual([
      ['base', 4, 4, 1, false],
      ['warm', 4, 2, 0.5, false],
    ]);
    expect(d.scripts.every((s) => s.interval === null)).toBe(true);
    expect(d.abTests).toHaveLength(1);
    expect(d.abTests[0]).toMatchObject({ scriptId: 'greet', version: 1 });
    expect(d.abTests[0]!.variants.map((v) => v.variant)).toEqual(['base', 'warm']);

    // price-anchor: 16 of 20. p = 0.8, z²/n = 0.19208, centre = 0.89604 / 1.19208 = 0.75166,
    // half = 1.96 · √(0.008 + 0.0024010) / 1.19208 = 0.16768 → [0.58398, 0.91934]
    const sample = await dashboard(`from=${DS}&to=${DS}`);
    expect(sample.scripts).toHaveLength(1);
    const anchor = sample.scripts[0]!;
    expect(anchor).toMatchObject({ scriptId: 'price-anchor', used: 20, won: 16, winRate: 0.8 });
    expect(anchor.enoughData).toBe(true);
    expect(anchor.interval!.low).toBeCloseTo(0.584, 3);
    expect(anchor.interval!.high).toBeCloseTo(0.9193, 4);
    expect(sample.abTests).toEqual([]);
  });

  it('exports one CSV row per agent and day, with a BOM, and audits the export', async () => {
    const res = await get(`/api/dashboard/export.csv?${RANGE}`, 'supervisor1');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toBe(
      `attachment; filename="dashboard-${D1}-${D4}.csv"`,
    );
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).split('\r\n');
    expect(lines.at(-1)).toBe('');
    const [header, ...rows] = lines.slice(0, -1);
    const columns = header!.replace(/^\uFEFF/, '').split(',');
    expect(columns.slice(0, 8)).toEqual([
      'day',
      'agentId',
      'agentName',
      'chats',
      'sales',
      'conversion',
      'conversionNumerator',
      'conversionDenominator',
    ]);
    for (const kpi of ['averageOrderValue', 'firstResponseMs', 'answerRatio', 'refundRate'])
      expect(columns).toContain(kpi);
    // D1: a (e1 e2), b (e3 e4); D2: a (e5 e6), b (e8); 02-04: a (e10 e11), b (e9).
    expect(rows.map((r) => r.split(',').slice(0, 2).join(' '))).toEqual([
      `${D1} agent-a`,
      `${D1} agent-b`,
      `${D2} agent-a`,
      `${D2} agent-b`,
      `${D4} agent-a`,
      `${D4} agent-b`,
    ]);
    // agent-a on D1: 2 chats, ¥300, conversion 1 of 2, AOV 300, FRT (20+40)/2 s.
    const cell = (row: string, name: string) => row.split(',')[columns.indexOf(name)];
    expect(rows[0]).toMatch(/^2026-02-01,agent-a,张丽,2,300,0.5,1,2,300,300,1,30000,60000,2,/);
    expect(cell(rows[0]!, 'satisfaction')).toBe('4'); // (5 + 3) / 2
    // agent-b's name is quoted; on D2 (e8, no order) its AOV cell is empty.
    expect(rows[3]).toContain(',"Tom ""TJ"", Jr",');
    expect(
      rows[3]!.replace(/"[^"]*(""[^"]*)*"/, 'NAME').split(',')[
        columns.indexOf('averageOrderValue')
      ],
    ).toBe('');

    const entry = await AuditLog.findOne({ action: 'dashboard.export' }).lean();
    expect(entry).toMatchObject({
      actor: 'supervisor1',
      subject: `dashboard:${D1}..${D4}`,
      details: { from: D1, to: D4, agent: null, segment: null, rows: 6 },
    });
  });
});
