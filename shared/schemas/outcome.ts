import { z } from 'zod';
import { objectionCategories } from '../domain/objection-categories';
import { conversationStages } from '../domain/scripts';
import { dispositionSchema, localeSchema } from './conversation';

/**
 * The outcome of one closed conversation (collection `outcomes`, `_id` = conversation id): what
 * was offered, which objections came up, which scripts were used, whether the shopper bought,
 * and the timings the service KPIs are read from. Written by the server at close
 * (server/outcomes/), amended when the shopper rates the chat or pays within the attribution
 * window, edited by the agent or a supervisor (every edit audited). Dashboards read the daily
 * rollups made from these records, never the records themselves.
 */

export const satisfactionSchema = z.number().int().min(1).max(5);

export const outcomeOrderSchema = z.object({
  orderId: z.string(),
  /** CNY. */
  value: z.number().nonnegative(),
  /** 'linked': the shop's order arrived within the window after the chat; 'entered': by hand. */
  source: z.enum(['linked', 'entered']),
  /** The shop refunded this order later. */
  refunded: z.boolean(),
});
export type OutcomeOrder = z.infer<typeof outcomeOrderSchema>;

export const outcomeOfferSchema = z.object({
  /** The offer message's seq. */
  seq: z.number().int(),
  kind: z.enum(['bundle', 'product']),
  ref: z.string(),
  price: z.number(),
  response: z.enum(['accepted', 'declined']).nullable(),
});

export const outcomeObjectionSchema = z.object({
  category: z.enum(objectionCategories),
  /** The shopper message that first raised it. */
  seq: z.number().int(),
  /**
   * Overcome: after it was raised the shopper accepted an offer, or the chat ended purchased.
   * The agent may correct it at close.
   */
  overcome: z.boolean(),
});

export const outcomeScriptSchema = z.object({
  scriptId: z.string(),
  version: z.number().int().min(1),
  /** The A/B variant sent ('base' for the script's own text). */
  variant: z.string(),
  /** The first agent message that used it. */
  seq: z.number().int(),
});

/** Sums and counts a conversation adds to the KPIs (milliseconds; null when not applicable). */
export const outcomeTimingsSchema = z.object({
  shopperMessages: z.number().int().nonnegative(),
  agentMessages: z.number().int().nonnegative(),
  /** First shopper message → first agent reply. */
  firstResponseMs: z.number().nonnegative().nullable(),
  /** Over every shopper turn the agent answered: the first unanswered shopper message → reply. */
  responseMsTotal: z.number().nonnegative(),
  responses: z.number().int().nonnegative(),
  /** Assigned → closed. */
  handleMs: z.number().nonnegative().nullable(),
});
export type OutcomeTimings = z.infer<typeof outcomeTimingsSchema>;

export const qualityFlagSchema = z.object({
  /** The rule's id in the quality rules (server/quality/). */
  rule: z.string(),
  severity: z.enum(['info', 'warning', 'critical']),
  /** Why, in both languages, e.g. "Reply took 4 min 10 s (limit 3 min)". */
  reason: z.object({ 'zh-CN': z.string(), en: z.string() }),
  /** The message it points at; null for the conversation as a whole. */
  seq: z.number().int().nullable(),
});
export type QualityFlag = z.infer<typeof qualityFlagSchema>;

export const outcomeSchema = z.object({
  conversationId: z.string(),
  visitorId: z.string(),
  customerId: z.string().nullable(),
  shopperName: z.string(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  locale: localeSchema,
  /** RFM eight-class of the customer at close ('unknown' for a guest). */
  segment: z.string(),
  tier: z.string().nullable(),
  openedAt: z.string(),
  closedAt: z.string(),
  /** UTC day of closedAt, 'YYYY-MM-DD': the dashboards' day. */
  day: z.string(),
  disposition: dispositionSchema,
  order: outcomeOrderSchema.nullable(),
  offers: z.array(outcomeOfferSchema),
  objections: z.array(outcomeObjectionSchema),
  scripts: z.array(outcomeScriptSchema),
  stages: z.array(z.enum(conversationStages)),
  satisfaction: satisfactionSchema.nullable(),
  timings: outcomeTimingsSchema,
  quality: z.array(qualityFlagSchema),
  updatedAt: z.string(),
});
export type OutcomeView = z.infer<typeof outcomeSchema>;

export { closeDetailsSchema, type CloseDetails } from './conversation';

/** PATCH /api/outcomes/:conversationId (agent of the chat, supervisor, admin). */
export const outcomeEditSchema = z
  .strictObject({
    disposition: dispositionSchema.optional(),
    order: z
      .strictObject({
        orderId: z.string().trim().min(1).max(64),
        value: z.number().nonnegative().max(10_000_000),
      })
      .nullable()
      .optional(),
    objections: z
      .array(z.strictObject({ category: z.enum(objectionCategories), overcome: z.boolean() }))
      .max(7)
      .optional(),
    reason: z.string().trim().min(1).max(500),
  })
  .refine((edit) => Object.keys(edit).length > 1, 'nothing to change');

/** The widget asks the shopper for 1–5 stars after the chat closes. */
export const rateConversationSchema = z.strictObject({
  conversationId: z.uuid(),
  rating: satisfactionSchema,
});
