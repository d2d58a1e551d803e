import { z } from 'zod';
import { objectionCategories } from '../domain/objection-categories';

/**
 * GET /api/dashboard (supervisor, admin): the KPIs of the closed conversations in a date range,
 * read from the daily rollups of the outcome records (server/outcomes/). Days are UTC
 * 'YYYY-MM-DD', both ends included.
 */
export const dashboardQuerySchema = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
  agent: z.string().max(64).optional(),
  /** RFM eight-class, or 'unknown' for guests. */
  segment: z.string().max(16).optional(),
});
export type DashboardQuery = z.infer<typeof dashboardQuerySchema>;

/** A ratio with what it was computed from; value null when the denominator is 0. */
export const ratioSchema = z.object({
  value: z.number().nullable(),
  numerator: z.number(),
  denominator: z.number(),
});
export type Ratio = z.infer<typeof ratioSchema>;

/** The KPIs of a set of conversations (see shared/domain/kpis.ts for each definition). */
export const kpiSetSchema = z.object({
  chats: z.number(),
  /** 询单转化率: chats that ended in a purchase ÷ chats where the shopper wrote. */
  conversion: ratioSchema,
  /** 客单价: sales (CNY) ÷ purchases. */
  averageOrderValue: ratioSchema,
  /** Mean first response time, ms. */
  firstResponseMs: ratioSchema,
  /** Mean response time over every answered shopper turn, ms. */
  averageResponseMs: ratioSchema,
  /** 答问比: agent messages ÷ shopper messages. */
  answerRatio: ratioSchema,
  /** Mean handle time (assigned → closed), ms. */
  handleMs: ratioSchema,
  /** Offers accepted ÷ offers presented. */
  offerAcceptance: ratioSchema,
  /** Mean 1–5 rating over rated chats. */
  satisfaction: ratioSchema,
  /** 退款率: refunded ÷ purchases with an order. */
  refundRate: ratioSchema,
  sales: z.number(),
});
export type KpiSet = z.infer<typeof kpiSetSchema>;

export const funnelSchema = z.object({
  chats: z.number(),
  /** The shopper wrote and an agent replied. */
  engaged: z.number(),
  offerPresented: z.number(),
  accepted: z.number(),
  purchased: z.number(),
});
export type Funnel = z.infer<typeof funnelSchema>;

/** Wilson score interval at 95% confidence; null below the data threshold. */
export const intervalSchema = z.object({ low: z.number(), high: z.number() });

export const scriptEffectSchema = z.object({
  scriptId: z.string(),
  version: z.number(),
  variant: z.string(),
  /** Chats that used it. */
  used: z.number(),
  /** Of those, chats that ended purchased. */
  won: z.number(),
  winRate: z.number().nullable(),
  interval: intervalSchema.nullable(),
  /** used ≥ the threshold (MIN_SCRIPT_SAMPLE); below it the UI says "not enough data yet". */
  enoughData: z.boolean(),
});
export type ScriptEffect = z.infer<typeof scriptEffectSchema>;

export const dashboardSchema = z.object({
  query: dashboardQuerySchema,
  totals: kpiSetSchema,
  byAgent: z.array(z.object({ agentId: z.string(), agentName: z.string(), kpis: kpiSetSchema })),
  byDay: z.array(z.object({ day: z.string(), kpis: kpiSetSchema })),
  funnel: funnelSchema,
  objectionsByDay: z.array(
    z.object({ day: z.string(), counts: z.record(z.enum(objectionCategories), z.number()) }),
  ),
  /** Every script × version × variant used in the range, best win rate first. */
  scripts: z.array(scriptEffectSchema),
  /** Scripts with more than one variant used in the range, variants side by side. */
  abTests: z.array(
    z.object({ scriptId: z.string(), version: z.number(), variants: z.array(scriptEffectSchema) }),
  ),
  minSample: z.number(),
  /** ms the query took on the server. */
  tookMs: z.number(),
});
export type Dashboard = z.infer<typeof dashboardSchema>;
