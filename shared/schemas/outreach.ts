import { z } from 'zod';
import type { MessageView } from './chat';
import type { ProfileResponse } from './profile';
import { intervalSchema } from './dashboard';
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
  eventId: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .regex(/^[A-Za-z0-9_:.-]+$/),
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
    delayMinutes: z
      .number()
      .int()
      .min(5)
      .max(7 * 24 * 60),
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
  attributionHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
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

/* ---- The outbound worklist (server/outreach/worklist-*.ts, delivery-*.ts) ---- */

/** GET /api/outreach/tasks: `open` (default) lists the due open tasks; `sent` the sent ones; mine=1 only the caller's. */
export const outreachWorklistQuerySchema = z.strictObject({
  status: z.enum(['open', 'sent']).default('open'),
  mine: z.enum(['0', '1']).optional(),
});
export type OutreachWorklistQuery = z.infer<typeof outreachWorklistQuerySchema>;

export interface OutreachWorklistResponse {
  /** Due tasks (dueAt ≤ now), highest value first, then earliest due. */
  tasks: OutreachTaskView[];
  /** Open tasks not due yet (in quiet hours or scheduled later); not listed. */
  notDue: number;
}

/** The `:id` of /api/outreach/tasks/:id(/claim|/skip|/send). */
export const outreachTaskParamsSchema = z.strictObject({
  id: z
    .string()
    .min(1)
    .max(200)
    .regex(/^[A-Za-z0-9_:.#/-]+$/),
});

/** POST /api/outreach/tasks/:id/skip. */
export const skipOutreachTaskSchema = z.strictObject({
  reason: z.string().trim().min(1, 'say why').max(200),
});

/** POST /api/outreach/tasks/:id/send: the claiming agent's first message to the customer. */
export const sendOutreachSchema = z.strictObject({
  text: z
    .string()
    .trim()
    .min(1, 'message is empty')
    .max(4000, 'message is longer than 4000 characters'),
  /** Made by the client; a retry with the same id sends nothing twice. */
  clientMessageId: z.uuid(),
  scriptId: z.string().max(80).optional(),
  scriptVersion: z.number().int().min(1).optional(),
  scriptVariant: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/)
    .optional(),
});
export type SendOutreachInput = z.infer<typeof sendOutreachSchema>;

/** The order a task is about, as its events made it (order_states); null fields are unknown. */
export interface OutreachOrderView {
  orderId: string;
  amount: number | null;
  createdAt: string | null;
  paidAt: string | null;
  shippedAt: string | null;
  deliveredAt: string | null;
  refundedAt: string | null;
}

/** GET /api/outreach/tasks/:id: the task, its customer's profile and its order. */
export interface OutreachTaskDetail {
  task: OutreachTaskView;
  profile: ProfileResponse;
  order: OutreachOrderView | null;
}

/** What the shop's own messaging receives (POST OUTREACH_WEBHOOK_URL, X-ScriptDesk-Signature: sha256=<hex HMAC>). */
export interface OutreachWebhookBody {
  taskId: string;
  kind: OutreachKind;
  customerId: string;
  orderId: string | null;
  text: string;
  delivery: 'live' | 'left';
  sentAt: string;
}

/** The answer of POST /api/outreach/tasks/:id/send. */
export interface OutreachSendResponse {
  task: OutreachTaskView;
  conversationId: string;
  message: MessageView;
  /** 'live': the customer has the shop open and sees it now; 'left': shown at their next visit. */
  delivery: 'live' | 'left';
}

/**
 * GET /api/dashboard/outreach?from&to[&agent] (supervisor, admin): how the outreach sent in a
 * range of UTC days (both ends included, by the day it was sent) paid off, read from the outreach
 * outcome records (`outreach_outcomes`, one per sent task; server/outreach/attribution.ts).
 */
export const outreachDashboardQuerySchema = z.strictObject({
  from: z.iso.date(),
  to: z.iso.date(),
  /** The agent who sent it. */
  agent: z.string().max(64).optional(),
});
export type OutreachDashboardQuery = z.infer<typeof outreachDashboardQuerySchema>;

/** Sent outreach and the payments or orders attributed to it (see shared/domain/outreach-kpis.ts). */
export const outreachRateSchema = z.object({
  sent: z.number(),
  attributed: z.number(),
  /** attributed ÷ sent; null when nothing was sent. */
  rate: z.number().nullable(),
  /** Wilson score interval at 95%, as for script effectiveness; null below the threshold. */
  interval: intervalSchema.nullable(),
  /** sent ≥ the threshold (MIN_SCRIPT_SAMPLE); below it the UI says "not enough data yet". */
  enoughData: z.boolean(),
  /** CNY of the attributed orders. */
  value: z.number(),
});
export type OutreachRate = z.infer<typeof outreachRateSchema>;

export const outreachDashboardSchema = z.object({
  query: outreachDashboardQuerySchema,
  /** Every kind, in the order of outreachKinds. */
  kinds: z.array(outreachRateSchema.extend({ kind: z.enum(outreachKinds) })),
  /** 催付回款率: payment reminders after which the order was paid within the window. */
  paymentRecovery: outreachRateSchema,
  /** 回访复购率: follow-ups and review invitations followed by a new order within the window. */
  repeatPurchase: outreachRateSchema,
  minSample: z.number(),
  /** ms the query took on the server. */
  tookMs: z.number(),
});
export type OutreachDashboard = z.infer<typeof outreachDashboardSchema>;

/* ---- Order events, opt-out and the rules API (server/outreach/order-event-routes.ts, outreach-rules-*.ts) ---- */

/** The answer of POST /api/shop/order-events: 201 for a new event, 200 with `replayed` for the same one again. */
export interface OrderEventResponse {
  event: {
    eventId: string;
    type: OrderEventType;
    orderId: string;
    customerId: string;
    at: string;
    amount: number | null;
  };
  /** The order as all its events so far make it. */
  order: OrderStateView;
  replayed: boolean;
}

/** `:customerId` of PUT /api/shop/customers/:customerId/outreach-opt-out and /api/customers/:customerId/outreach-opt-out. */
export const outreachOptOutParamsSchema = z.strictObject({ customerId: customerIdSchema });
/** Body of both opt-out routes; the answer is `{ customerId, optOut }`. */
export const outreachOptOutSchema = z.strictObject({ optOut: z.boolean() });
export interface OutreachOptOutResponse {
  customerId: string;
  optOut: boolean;
}

/** GET /api/outreach/rules (agent, supervisor, admin) and the answer of PUT. */
export const outreachRulesStateSchema = z.object({
  version: z.number().int(),
  rules: outreachRulesSchema,
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type OutreachRulesState = z.infer<typeof outreachRulesStateSchema>;

/** PUT /api/outreach/rules (supervisor, admin): from `version`; another version → 409 E_OUTREACH_CONFLICT. */
export const updateOutreachRulesSchema = z.strictObject({
  version: z.number().int().min(1),
  rules: outreachRulesSchema,
});
export type UpdateOutreachRulesInput = z.infer<typeof updateOutreachRulesSchema>;

/** POST /api/outreach/rules/dry-run (supervisor, admin): what `rules` would create now, writing nothing. */
export const outreachDryRunSchema = z.strictObject({ rules: outreachRulesSchema });

const outreachDryRunCountsSchema = z.object({
  /** New tasks the rules would create now (existing tasks, opt-outs and the weekly cap applied). */
  tasks: z.number().int(),
  /** Distinct customers those tasks reach. */
  customers: z.number().int(),
  /** Tasks the weekly cap holds back for now. */
  heldByCap: z.number().int(),
  /** CNY at stake in those tasks (sum of their values). */
  value: z.number(),
});

export const outreachDryRunResultSchema = z.object({
  /** ISO time the dry run planned for. */
  asOf: z.string(),
  /** One row per kind, in the order of outreachKinds; `rule` is the key in OutreachRules. */
  kinds: z.array(
    outreachDryRunCountsSchema.extend({
      kind: z.enum(outreachKinds),
      rule: z.enum(['paymentReminder', 'followUp', 'memberCare', 'winBack']),
      enabled: z.boolean(),
    }),
  ),
  total: outreachDryRunCountsSchema,
  /** Customers the rules would reach but who opted out of outreach. */
  optedOutCustomers: z.number().int(),
  /** ms the dry run took on the server. */
  tookMs: z.number(),
});
export type OutreachDryRunResult = z.infer<typeof outreachDryRunResultSchema>;
