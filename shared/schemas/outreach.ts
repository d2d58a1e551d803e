import { z } from 'zod';
import { customerIdSchema, moneySchema, orderIdSchema } from './shop-data';

/**
 * Proactive outreach (主动营销/客户关怀): order events from the shop become outreach tasks by
 * rules; agents work the tasks from the console; every outreach is an outcome that a payment or
 * repeat order within the window is attributed to.
 */

export const orderEventTypes = ['created', 'paid', 'shipped', 'delivered', 'refunded'] as const;
export type OrderEventType = (typeof orderEventTypes)[number];

/**
 * POST /api/shop/order-events (Bearer SHOP_API_KEY). Stored in `order_events` with
 * `_id` = eventId; the same event sent again changes nothing (200, `replayed: true`); the same
 * id with different content is a conflict (409 E_ORDER_CONFLICT).
 */
export const orderEventSchema = z.strictObject({
  eventId: z.string().trim().min(1).max(80).regex(/^[A-Za-z0-9_:.-]+$/),
  type: z.enum(orderEventTypes),
  orderId: orderIdSchema,
  customerId: customerIdSchema,
  /** When it happened at the shop (ISO 8601 with offset). */
  at: z.iso.datetime({ offset: true }),
  /** CNY; required on 'created'. */
  amount: moneySchema.optional(),
});
export type OrderEventInput = z.infer<typeof orderEventSchema>;

/** The state of one order as its events made it (collection `order_states`, `_id` = orderId). */
export interface OrderStateView {
  orderId: string;
  customerId: string;
  amount: number | null;
  createdAt: string | null;
  paidAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  refundedAt: string | null;
}

export const outreachKinds = [
  'payment_reminder',
  'follow_up',
  'review_invitation',
  'member_care',
  'win_back',
] as const;
export type OutreachKind = (typeof outreachKinds)[number];

/** The script library scenario each kind of outreach uses (scripts-library/<locale>/<scenario>.yaml). */
export const outreachScenario: Record<OutreachKind, string> = {
  payment_reminder: 'payment_reminder',
  follow_up: 'follow_up',
  review_invitation: 'review_invitation',
  member_care: 'member_upgrade',
  win_back: 'follow_up',
};

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');

/** The outreach rules (collection `outreach_rules`, one doc `_id: 'current'`), edited by supervisors. */
export const outreachRulesSchema = z.strictObject({
  paymentReminder: z.strictObject({
    enabled: z.boolean(),
    /** Unpaid this many minutes after the order was created. */
    delayMinutes: z.number().int().min(5).max(7 * 24 * 60),
  }),
  followUp: z.strictObject({
    enabled: z.boolean(),
    /** Delivered this many days ago: ask how it is going (回访). */
    daysAfterDelivery: z.number().int().min(0).max(60),
    /** Then, this many days after the follow-up was done, invite a review (好评邀请). */
    reviewInviteAfterDays: z.number().int().min(0).max(60),
  }),
  memberCare: z.strictObject({
    enabled: z.boolean(),
    /** Within this many CNY of the next tier's spend. */
    withinAmount: z.number().min(1).max(100_000),
  }),
  winBack: z.strictObject({
    enabled: z.boolean(),
    /** RFM classes to win back (重要保持, 重要挽留). */
    segments: z.array(z.string().min(1).max(16)).min(1).max(8),
    /** No order for this many days. */
    silentDays: z.number().int().min(7).max(730),
  }),
  /** No outreach is due inside quiet hours (shop time zone); tasks wait until they end. */
  quietHours: z.strictObject({ start: hhmm, end: hhmm, timeZone: z.string().min(1).max(64) }),
  /** At most this many outreach tasks per customer in any 7 days. */
  weeklyCapPerCustomer: z.number().int().min(1).max(20),
  /** An order paid (reminder) or placed (follow-up, care, win-back) within this many hours of the outreach is attributed to it. */
  attributionHours: z.number().int().min(1).max(24 * 30),
});
export type OutreachRules = z.infer<typeof outreachRulesSchema>;

export const outreachTaskStatuses = ['open', 'sent', 'done', 'skipped'] as const;

/** One task (collection `outreach_tasks`; `_id` is `${kind}:${orderId or customerId}[:n]`, so a rule never makes the same task twice). */
export const outreachTaskViewSchema = z.object({
  id: z.string(),
  kind: z.enum(outreachKinds),
  customerId: z.string(),
  customerName: z.string(),
  orderId: z.string().nullable(),
  /** CNY at stake: the unpaid order's amount, or the customer's expected value. */
  value: z.number(),
  dueAt: z.string(),
  createdAt: z.string(),
  status: z.enum(outreachTaskStatuses),
  /** Why this task exists, in both languages. */
  reason: z.object({ 'zh-CN': z.string(), en: z.string() }),
  assigneeId: z.string().nullable(),
  /** Set once sent: the conversation it went out in, and how ('live' in the widget, or 'left' for the next visit). */
  conversationId: z.string().nullable(),
  delivery: z.enum(['live', 'left']).nullable(),
  sentAt: z.string().nullable(),
  /** Set when a payment or order was attributed to it. */
  attributedOrderId: z.string().nullable(),
});
export type OutreachTaskView = z.infer<typeof outreachTaskViewSchema>;
