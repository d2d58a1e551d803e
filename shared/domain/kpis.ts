import type { Funnel, KpiSet, Ratio, ScriptEffect } from '../schemas/dashboard';
import type { OutcomeView } from '../schemas/outcome';
import { objectionCategories, type ObjectionCategory } from './objection-categories';

/**
 * The service KPIs (客服绩效) of closed conversations, from additive counters.
 *
 * Each outcome record contributes a set of counters (countersOf); counters add up across
 * conversations, days, agents and segments, and subtract again when a record changes, so the
 * daily rollups (server/outcomes/outcome-rollups.ts) are kept by `$inc` and a dashboard range
 * is a sum of rollup rows. The KPIs are ratios of these sums (kpisFrom), never averages of
 * averages.
 */

/** What of an outcome record the KPIs read (OutcomeView and the stored OutcomeDoc both fit). */
export type KpiOutcome = Pick<
  OutcomeView,
  'disposition' | 'order' | 'offers' | 'objections' | 'scripts' | 'satisfaction' | 'timings'
>;

const objectionKey = (category: ObjectionCategory) => `objection_${category}` as const;
const overcomeKey = (category: ObjectionCategory) => `overcome_${category}` as const;
type ObjectionCounterKey = `objection_${ObjectionCategory}` | `overcome_${ObjectionCategory}`;

/**
 * The counters one conversation adds. Plain identifiers only (stored as top-level fields of the
 * rollup documents). Money is in integer cents and durations in whole milliseconds, so sums and
 * differences stay exact whatever order they are applied in.
 */
export interface OutcomeCounters extends Record<ObjectionCounterKey, number> {
  chats: number;
  /** The shopper wrote at least one message (询单). */
  asked: number;
  /** Asked and ended purchased: the numerator of 询单转化率. */
  askedPurchased: number;
  /** The shopper wrote and an agent replied. */
  engaged: number;
  /** Disposition 'purchased'. */
  purchased: number;
  /** Purchased with an order attached. */
  buyers: number;
  /** Sum of the order values of the buyers, in cents (fen). */
  salesCents: number;
  firstResponseSum: number;
  firstResponseCount: number;
  responseSum: number;
  responseCount: number;
  agentMessages: number;
  shopperMessages: number;
  handleSum: number;
  handleCount: number;
  offersPresented: number;
  offersAccepted: number;
  chatsWithOffer: number;
  chatsWithAcceptedOffer: number;
  ratingSum: number;
  ratingCount: number;
  /** Buyers whose order was refunded later. */
  refunded: number;
}

export const counterKeys = [
  'chats',
  'asked',
  'askedPurchased',
  'engaged',
  'purchased',
  'buyers',
  'salesCents',
  'firstResponseSum',
  'firstResponseCount',
  'responseSum',
  'responseCount',
  'agentMessages',
  'shopperMessages',
  'handleSum',
  'handleCount',
  'offersPresented',
  'offersAccepted',
  'chatsWithOffer',
  'chatsWithAcceptedOffer',
  'ratingSum',
  'ratingCount',
  'refunded',
  ...objectionCategories.map(objectionKey),
  ...objectionCategories.map(overcomeKey),
] as const satisfies readonly (keyof OutcomeCounters)[];
export type CounterKey = (typeof counterKeys)[number];

export function emptyCounters(): OutcomeCounters {
  const counters = {} as OutcomeCounters;
  for (const key of counterKeys) counters[key] = 0;
  return counters;
}

/** Counters read back from a stored row: missing or non-numeric fields count 0. */
export function countersFrom(row: Partial<Record<string, unknown>>): OutcomeCounters {
  const counters = emptyCounters();
  for (const key of counterKeys) {
    const value = row[key];
    if (typeof value === 'number' && Number.isFinite(value)) counters[key] = value;
  }
  return counters;
}

const flag = (condition: boolean) => (condition ? 1 : 0);
const wholeMs = (ms: number) => Math.round(ms);

/** The counters one conversation contributes. */
export function countersOf(outcome: KpiOutcome): OutcomeCounters {
  const c = emptyCounters();
  const { timings } = outcome;
  const purchased = outcome.disposition === 'purchased';
  const buyer = purchased && outcome.order !== null;
  c.chats = 1;
  c.asked = flag(timings.shopperMessages > 0);
  c.askedPurchased = flag(timings.shopperMessages > 0 && purchased);
  c.engaged = flag(timings.shopperMessages > 0 && timings.agentMessages > 0);
  c.purchased = flag(purchased);
  c.buyers = flag(buyer);
  c.salesCents = buyer ? Math.round(outcome.order!.value * 100) : 0;
  if (timings.firstResponseMs !== null) {
    c.firstResponseSum = wholeMs(timings.firstResponseMs);
    c.firstResponseCount = 1;
  }
  c.responseSum = wholeMs(timings.responseMsTotal);
  c.responseCount = timings.responses;
  c.agentMessages = timings.agentMessages;
  c.shopperMessages = timings.shopperMessages;
  if (timings.handleMs !== null) {
    c.handleSum = wholeMs(timings.handleMs);
    c.handleCount = 1;
  }
  const accepted = outcome.offers.filter((o) => o.response === 'accepted').length;
  c.offersPresented = outcome.offers.length;
  c.offersAccepted = accepted;
  c.chatsWithOffer = flag(outcome.offers.length > 0);
  c.chatsWithAcceptedOffer = flag(accepted > 0);
  if (outcome.satisfaction !== null) {
    c.ratingSum = outcome.satisfaction;
    c.ratingCount = 1;
  }
  c.refunded = flag(buyer && outcome.order!.refunded);
  // One per category per conversation, however often it came up.
  for (const category of objectionCategories) {
    const raised = outcome.objections.filter((o) => o.category === category);
    c[objectionKey(category)] = flag(raised.length > 0);
    c[overcomeKey(category)] = flag(raised.some((o) => o.overcome));
  }
  return c;
}

export function addCounters(a: OutcomeCounters, b: OutcomeCounters): OutcomeCounters {
  const sum = emptyCounters();
  for (const key of counterKeys) sum[key] = a[key] + b[key];
  return sum;
}

/** Adds `b` into `into` (no new object: for summing many rows). */
export function accumulateCounters(into: OutcomeCounters, b: OutcomeCounters): OutcomeCounters {
  for (const key of counterKeys) into[key] += b[key];
  return into;
}

export function negateCounters(a: OutcomeCounters): OutcomeCounters {
  const negative = emptyCounters();
  for (const key of counterKeys) negative[key] = a[key] === 0 ? 0 : -a[key];
  return negative;
}

export function subtractCounters(a: OutcomeCounters, b: OutcomeCounters): OutcomeCounters {
  return addCounters(a, negateCounters(b));
}

export function isZeroCounters(a: OutcomeCounters): boolean {
  return counterKeys.every((key) => a[key] === 0);
}

/** The non-zero counters only (what an `$inc` needs to carry). */
export function nonZeroCounters(a: OutcomeCounters): Partial<OutcomeCounters> {
  const out: Partial<OutcomeCounters> = {};
  for (const key of counterKeys) if (a[key] !== 0) out[key] = a[key];
  return out;
}

export function ratio(numerator: number, denominator: number): Ratio {
  return { value: denominator === 0 ? null : numerator / denominator, numerator, denominator };
}

const yuan = (cents: number) => cents / 100;

/** The KPIs of a set of conversations whose counters were summed into `c`. */
export function kpisFrom(c: OutcomeCounters): KpiSet {
  return {
    chats: c.chats,
    // 询单转化率: of the chats where the shopper asked, those that ended purchased.
    conversion: ratio(c.askedPurchased, c.asked),
    // 客单价: sales ÷ buyers.
    averageOrderValue: ratio(yuan(c.salesCents), c.buyers),
    firstResponseMs: ratio(c.firstResponseSum, c.firstResponseCount),
    averageResponseMs: ratio(c.responseSum, c.responseCount),
    // 答问比: agent messages ÷ shopper messages.
    answerRatio: ratio(c.agentMessages, c.shopperMessages),
    handleMs: ratio(c.handleSum, c.handleCount),
    offerAcceptance: ratio(c.offersAccepted, c.offersPresented),
    satisfaction: ratio(c.ratingSum, c.ratingCount),
    // 退款率: refunded ÷ paid orders.
    refundRate: ratio(c.refunded, c.buyers),
    sales: yuan(c.salesCents),
  };
}

/** 销售漏斗: chats → engaged → offer presented → accepted → purchased. */
export function funnelFrom(c: OutcomeCounters): Funnel {
  return {
    chats: c.chats,
    engaged: c.engaged,
    offerPresented: c.chatsWithOffer,
    accepted: c.chatsWithAcceptedOffer,
    purchased: c.purchased,
  };
}

/** Conversations per objection category (each conversation once per category). */
export function objectionCountsFrom(c: OutcomeCounters): Record<ObjectionCategory, number> {
  return Object.fromEntries(
    objectionCategories.map((category) => [category, c[objectionKey(category)]]),
  ) as Record<ObjectionCategory, number>;
}

/** Of those, conversations where the objection was overcome. */
export function objectionsOvercomeFrom(c: OutcomeCounters): Record<ObjectionCategory, number> {
  return Object.fromEntries(
    objectionCategories.map((category) => [category, c[overcomeKey(category)]]),
  ) as Record<ObjectionCategory, number>;
}

/**
 * The Wilson score interval of a proportion (`z` = 1.96: 95% confidence). Unlike p ± z·SE it
 * stays inside [0, 1] and is honest for small samples and for 0 or n successes.
 * Null when n is 0.
 */
export function wilsonInterval(
  successes: number,
  n: number,
  z = 1.96,
): { low: number; high: number } | null {
  if (n <= 0) return null;
  const p = successes / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Below this many uses a script's win rate is "not enough data yet" (no interval shown). */
export const MIN_SCRIPT_SAMPLE = 20;

/** Uses of one script × version × variant, summed over some conversations. */
export interface ScriptUsage {
  scriptId: string;
  version: number;
  variant: string;
  /** Conversations that used it. */
  used: number;
  /** Of those, conversations that ended purchased. */
  won: number;
}

/** What one outcome adds to the script usage: each script × version × variant once. */
export function scriptUsesOf(outcome: KpiOutcome): ScriptUsage[] {
  const won = flag(outcome.disposition === 'purchased');
  const seen = new Map<string, ScriptUsage>();
  for (const s of outcome.scripts) {
    const key = scriptUsageKey(s);
    if (!seen.has(key))
      seen.set(key, { scriptId: s.scriptId, version: s.version, variant: s.variant, used: 1, won });
  }
  return [...seen.values()];
}

export const scriptUsageKey = (s: { scriptId: string; version: number; variant: string }) =>
  `${s.scriptId}|${s.version}|${s.variant}`;

export function scriptEffect(usage: ScriptUsage, minSample = MIN_SCRIPT_SAMPLE): ScriptEffect {
  const enoughData = usage.used >= minSample;
  return {
    scriptId: usage.scriptId,
    version: usage.version,
    variant: usage.variant,
    used: usage.used,
    won: usage.won,
    winRate: usage.used === 0 ? null : usage.won / usage.used,
    interval: enoughData ? wilsonInterval(usage.won, usage.used) : null,
    enoughData,
  };
}

const BASE_VARIANT = 'base';
const byVariant = (a: ScriptEffect, b: ScriptEffect) =>
  a.variant === b.variant
    ? 0
    : a.variant === BASE_VARIANT
      ? -1
      : b.variant === BASE_VARIANT
        ? 1
        : a.variant < b.variant
          ? -1
          : 1;
const byIdentity = (a: ScriptEffect, b: ScriptEffect) =>
  a.scriptId !== b.scriptId
    ? a.scriptId < b.scriptId
      ? -1
      : 1
    : a.version !== b.version
      ? a.version - b.version
      : byVariant(a, b);

/**
 * Script effectiveness rows from usage rows (several rows of one script × version × variant are
 * summed): every one used, best first — those with enough data before the rest, then by win
 * rate, then by uses. A/B groups: each script × version with two or more variants used, the
 * script's own text ('base') first.
 */
export function scriptEffects(
  usages: Iterable<ScriptUsage>,
  minSample = MIN_SCRIPT_SAMPLE,
): {
  scripts: ScriptEffect[];
  abTests: { scriptId: string; version: number; variants: ScriptEffect[] }[];
} {
  const summed = new Map<string, ScriptUsage>();
  for (const u of usages) {
    const key = scriptUsageKey(u);
    const row = summed.get(key);
    if (row) {
      row.used += u.used;
      row.won += u.won;
    } else summed.set(key, { ...u });
  }
  const effects = [...summed.values()]
    .filter((u) => u.used > 0)
    .map((u) => scriptEffect(u, minSample));
  const scripts = [...effects].sort(
    (a, b) =>
      Number(b.enoughData) - Number(a.enoughData) ||
      (b.winRate ?? -1) - (a.winRate ?? -1) ||
      b.used - a.used ||
      byIdentity(a, b),
  );
  const groups = new Map<string, ScriptEffect[]>();
  for (const effect of [...effects].sort(byIdentity)) {
    const key = `${effect.scriptId}|${effect.version}`;
    groups.set(key, [...(groups.get(key) ?? []), effect]);
  }
  const abTests = [...groups.values()]
    .filter((variants) => variants.length >= 2)
    .map((variants) => ({
      scriptId: variants[0]!.scriptId,
      version: variants[0]!.version,
      variants,
    }));
  return { scripts, abTests };
}
