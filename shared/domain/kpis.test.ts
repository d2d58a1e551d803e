import { describe, expect, it } from 'vitest';
import {
  addCounters,
  countersOf,
  emptyCounters,
  funnelFrom,
  isZeroCounters,
  kpisFrom,
  MIN_SCRIPT_SAMPLE,
  negateCounters,
  objectionCountsFrom,
  objectionsOvercomeFrom,
  scriptEffects,
  scriptUsesOf,
  subtractCounters,
  wilsonInterval,
  type KpiOutcome,
  type OutcomeCounters,
} from './kpis';

type Timings = KpiOutcome['timings'];
const timings = (
  shopperMessages: number,
  agentMessages: number,
  firstResponseMs: number | null,
  responseMsTotal: number,
  responses: number,
  handleMs: number | null,
): Timings => ({
  shopperMessages,
  agentMessages,
  firstResponseMs,
  responseMsTotal,
  responses,
  handleMs,
});
const offer = (response: 'accepted' | 'declined' | null, seq = 3) => ({
  seq,
  kind: 'bundle' as const,
  ref: 'B-1',
  price: 99,
  response,
});
const script = (scriptId: string, version: number, variant: string, seq = 2) => ({
  scriptId,
  version,
  variant,
  seq,
});
const base: KpiOutcome = {
  disposition: 'not_interested',
  order: null,
  offers: [],
  objections: [],
  scripts: [],
  satisfaction: null,
  timings: timings(0, 0, null, 0, 0, null),
};

// Eight closed chats. Columns: shopper msgs, agent msgs, first response, response total /
// responses, handle time; then offers, objections, scripts, rating.
const o1: KpiOutcome = {
  ...base,
  disposition: 'purchased',
  order: { orderId: 'A1', value: 199.9, source: 'linked', refunded: false },
  offers: [offer('accepted')],
  objections: [{ category: 'price', seq: 1, overcome: true }],
  // greet used twice in one chat: counts once.
  scripts: [
    script('greet', 1, 'base'),
    script('price-anchor', 2, 'base'),
    script('greet', 1, 'base', 6),
  ],
  satisfaction: 5,
  timings: timings(4, 5, 20_000, 60_000, 3, 600_000),
};
const o2: KpiOutcome = {
  ...base,
  disposition: 'purchased',
  order: { orderId: 'A2', value: 100.1, source: 'entered', refunded: true },
  offers: [offer('accepted'), offer('declined', 5)],
  // price raised twice: one per category per conversation.
  objections: [
    { category: 'price', seq: 1, overcome: true },
    { category: 'price', seq: 4, overcome: true },
  ],
  scripts: [script('greet', 1, 'base')],
  satisfaction: 4,
  timings: timings(2, 2, 10_000, 30_000, 2, 300_000),
};
const o3: KpiOutcome = {
  ...base,
  disposition: 'purchased', // no order linked: a purchase, not a buyer
  objections: [{ category: 'shipping', seq: 2, overcome: true }],
  scripts: [script('price-anchor', 2, 'short')],
  timings: timings(3, 3, 40_000, 90_000, 3, 900_000),
};
const o4: KpiOutcome = {
  ...base,
  disposition: 'not_interested',
  offers: [offer('declined')],
  objections: [
    { category: 'price', seq: 1, overcome: false },
    { category: 'quality', seq: 3, overcome: false },
  ],
  scripts: [script('price-anchor', 2, 'base')],
  satisfaction: 2,
  timings: timings(5, 4, 60_000, 120_000, 4, 1_200_000),
};
const o5: KpiOutcome = {
  ...base,
  disposition: 'will_follow_up', // asked, never answered
  timings: timings(1, 0, null, 0, 0, 120_000),
};
const o6: KpiOutcome = {
  ...base,
  disposition: 'service_only',
  satisfaction: 3,
  timings: timings(2, 1, 15_000, 15_000, 1, 200_000),
};
const o7: KpiOutcome = {
  ...base,
  disposition: 'not_interested', // the agent wrote, the shopper never did; never assigned
  offers: [offer(null)],
  timings: timings(0, 1, null, 0, 0, null),
};
const o8: KpiOutcome = {
  ...base,
  disposition: 'purchased', // bought without asking anything
  order: { orderId: 'A8', value: 50, source: 'linked', refunded: false },
  offers: [offer('accepted')],
  scripts: [script('greet', 1, 'warm')],
  satisfaction: 5,
  timings: timings(0, 2, null, 0, 0, 100_000),
};
const fixture = [o1, o2, o3, o4, o5, o6, o7, o8];
const sum = (outcomes: KpiOutcome[]) =>
  outcomes.map(countersOf).reduce((a, b) => addCounters(a, b), emptyCounters());

describe('countersOf and kpisFrom', () => {
  const c = sum(fixture);

  it('counts what the fixture holds', () => {
    expect(c).toMatchObject({
      chats: 8,
      asked: 6, // o1–o6 wrote
      askedPurchased: 3, // o1 o2 o3 (o8 bought without asking)
      engaged: 5, // o1 o2 o3 o4 o6 (o5 unanswered)
      purchased: 4, // o1 o2 o3 o8
      buyers: 3, // o1 o2 o8 (o3 has no order)
      salesCents: 35_000, // 19 990 + 10 010 + 5 000, exact despite 199.9 · 100 = 19990.000…04
      firstResponseSum: 145_000, // 20 + 10 + 40 + 60 + 15 s
      firstResponseCount: 5,
      responseSum: 315_000, // 60 + 30 + 90 + 120 + 15 s
      responseCount: 13, // 3 + 2 + 3 + 4 + 1
      agentMessages: 18, // 5+2+3+4+0+1+1+2
      shopperMessages: 17, // 4+2+3+5+1+2+0+0
      handleSum: 3_420_000, // 600+300+900+1200+120+200+100 s (o7 none)
      handleCount: 7,
      offersPresented: 6, // 1 + 2 + 1 + 1 + 1
      offersAccepted: 3, // o1, o2's first, o8
      chatsWithOffer: 5, // o1 o2 o4 o7 o8
      chatsWithAcceptedOffer: 3, // o1 o2 o8
      ratingSum: 19, // 5 + 4 + 2 + 3 + 5
      ratingCount: 5,
      refunded: 1, // o2
    });
  });

  it('computes each KPI with its numerator and denominator', () => {
    const k = kpisFrom(c);
    expect(k.chats).toBe(8);
    expect(k.conversion).toEqual({ value: 0.5, numerator: 3, denominator: 6 });
    // 350 / 3 = 116.67
    expect(k.averageOrderValue).toMatchObject({ numerator: 350, denominator: 3 });
    expect(k.averageOrderValue.value).toBeCloseTo(116.6667, 4);
    expect(k.sales).toBe(350);
    expect(k.firstResponseMs).toEqual({ value: 29_000, numerator: 145_000, denominator: 5 });
    // 315 000 / 13 = 24 230.77
    expect(k.averageResponseMs.value).toBeCloseTo(24_230.77, 2);
    // 18 / 17 = 1.0588
    expect(k.answerRatio).toMatchObject({ numerator: 18, denominator: 17 });
    expect(k.answerRatio.value).toBeCloseTo(1.0588, 4);
    // 3 420 000 / 7 = 488 571.43
    expect(k.handleMs.value).toBeCloseTo(488_571.43, 2);
    expect(k.offerAcceptance).toEqual({ value: 0.5, numerator: 3, denominator: 6 });
    expect(k.satisfaction).toEqual({ value: 3.8, numerator: 19, denominator: 5 });
    expect(k.refundRate).toMatchObject({ numerator: 1, denominator: 3 });
    expect(k.refundRate.value).toBeCloseTo(0.3333, 4);
  });

  it('gives null values, not NaN, when a denominator is 0', () => {
    const k = kpisFrom(countersOf(o7));
    expect(k.conversion).toEqual({ value: null, numerator: 0, denominator: 0 });
    expect(k.averageOrderValue.value).toBeNull();
    expect(k.firstResponseMs.value).toBeNull();
    expect(k.answerRatio).toEqual({ value: null, numerator: 1, denominator: 0 });
    expect(k.handleMs.value).toBeNull();
    expect(k.satisfaction.value).toBeNull();
    expect(k.offerAcceptance).toEqual({ value: 0, numerator: 0, denominator: 1 });
    expect(kpisFrom(emptyCounters()).chats).toBe(0);
  });

  it('builds the funnel and counts objections once per chat and category', () => {
    expect(funnelFrom(c)).toEqual({
      chats: 8,
      engaged: 5,
      offerPresented: 5,
      accepted: 3,
      purchased: 4,
    });
    expect(objectionCountsFrom(c)).toEqual({
      price: 3, // o1, o2 (twice, once), o4
      quality: 1,
      fit: 0,
      hesitation: 0,
      competitor: 0,
      shipping: 1,
      after_sales: 0,
    });
    expect(objectionsOvercomeFrom(c)).toMatchObject({ price: 2, quality: 0, shipping: 1 });
  });

  it('uses plain identifiers for every counter (stored as document fields)', () => {
    for (const key of Object.keys(c)) expect(key).toMatch(/^[A-Za-z_][A-Za-z0-9_]*$/);
  });
});

describe('subtracting counters', () => {
  it('takes a chat out again exactly', () => {
    const all = sum(fixture);
    expect(subtractCounters(all, countersOf(o8))).toEqual(sum(fixture.slice(0, 7)));
    expect(isZeroCounters(addCounters(all, negateCounters(all)))).toBe(true);
  });

  it('turns a refund on an existing outcome into one refunded count', () => {
    const before: KpiOutcome = { ...o2, order: { ...o2.order!, refunded: false } };
    const delta: OutcomeCounters = subtractCounters(countersOf(o2), countersOf(before));
    const nonZero = Object.entries(delta).filter(([, v]) => v !== 0);
    expect(nonZero).toEqual([['refunded', 1]]);
  });
});

describe('wilsonInterval', () => {
  it('matches hand-computed 95% intervals', () => {
    // 8/10: p = 0.8, z² = 3.8416, 1 + z²/n = 1.38416, centre = (0.8 + 0.19208) / 1.38416 = 0.71674,
    // half = 1.96 · √(0.016 + 0.009604) / 1.38416 = 0.22658 → [0.49016, 0.94332]
    const i = wilsonInterval(8, 10)!;
    expect(i.low).toBeCloseTo(0.4902, 4);
    expect(i.high).toBeCloseTo(0.9433, 4);
    // 0/10: centre = half = 0.19208 / 1.38416 = 0.13877 → [0, 0.27753]
    const none = wilsonInterval(0, 10)!;
    expect(none.low).toBe(0);
    expect(none.high).toBeCloseTo(0.2775, 4);
    // 10/10: the mirror → [0.72247, 1]
    const all = wilsonInterval(10, 10)!;
    expect(all.low).toBeCloseTo(0.7225, 4);
    expect(all.high).toBe(1);
    expect(wilsonInterval(0, 0)).toBeNull();
  });
});

describe('scriptEffects', () => {
  const usages = fixture.flatMap(scriptUsesOf);

  it('counts each script × version × variant once per chat, won when purchased', () => {
    // greet v1 base: o1 (twice, once) and o2, both purchased.
    expect(usages.filter((u) => u.scriptId === 'greet' && u.variant === 'base')).toEqual([
      { scriptId: 'greet', version: 1, variant: 'base', used: 1, won: 1 },
      { scriptId: 'greet', version: 1, variant: 'base', used: 1, won: 1 },
    ]);
  });

  it('says "not enough data" below the threshold of 20 uses', () => {
    expect(MIN_SCRIPT_SAMPLE).toBe(20);
    const { scripts } = scriptEffects(usages);
    expect(scripts.every((s) => !s.enoughData && s.interval === null)).toBe(true);
    const many = scriptEffects([{ scriptId: 'x', version: 1, variant: 'base', used: 20, won: 5 }]);
    expect(many.scripts[0]).toMatchObject({ enoughData: true, winRate: 0.25 });
    expect(many.scripts[0]!.interval).not.toBeNull();
  });

  it('ranks enough-data rows by win rate and groups A/B variants', () => {
    // With a threshold of 2: greet/base 2 of 2, price-anchor/base 1 of 2 (o1 won, o4 lost),
    // price-anchor/short 1 of 1 and greet/warm 1 of 1 (not enough data).
    const { scripts, abTests } = scriptEffects(usages, 2);
    expect(scripts.map((s) => [s.scriptId, s.variant, s.used, s.won, s.enoughData])).toEqual([
      ['greet', 'base', 2, 2, true],
      ['price-anchor', 'base', 2, 1, true],
      ['greet', 'warm', 1, 1, false],
      ['price-anchor', 'short', 1, 1, false],
    ]);
    // 2/2: centre = (1 + 0.9604) / 2.9208 = 0.67119, half = 1.96 · 0.49 / 2.9208 = 0.32881
    expect(scripts[0]!.interval!.low).toBeCloseTo(0.3424, 4);
    expect(scripts[0]!.interval!.high).toBe(1);
    expect(scripts[1]!.winRate).toBe(0.5);
    expect(abTests.map((t) => [t.scriptId, t.version, t.variants.map((v) => v.variant)])).toEqual([
      ['greet', 1, ['base', 'warm']],
      ['price-anchor', 2, ['base', 'short']],
    ]);
  });
});
