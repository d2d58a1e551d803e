import type { OrderEventType, OutreachKind, OutreachRules } from '../schemas/outreach';
import { eightClassInfo, type EightClass } from './rfm-eight-classes';

/**
 * Proactive outreach (主动营销/客户关怀) as pure functions: order events fold into an order's
 * state, and the rules turn order states, customers and the tasks already made into the tasks to
 * make now. Every task id is deterministic, so planning twice never makes a task twice.
 */

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/**
 * How long after its due time a task is still worth making. A server that was down for a while,
 * or a shop that sends last month's events, gets no reminders for orders paid elsewhere long
 * ago and no follow-ups weeks late.
 */
export const REMINDER_STALE_MS = DAY_MS;
export const FOLLOW_UP_STALE_MS = 7 * DAY_MS;

type Instant = Date | string | number;
const ms = (t: Instant): number => (t instanceof Date ? t.getTime() : new Date(t).getTime());
const msOrNull = (t: Instant | null | undefined): number | null =>
  t === null || t === undefined ? null : ms(t);

/* ------------------------------------------------------------------------------------------ */
/* Order events → order state                                                                  */
/* ------------------------------------------------------------------------------------------ */

export interface FoldableOrderEvent {
  type: OrderEventType;
  orderId: string;
  customerId: string;
  at: Date;
  amount: number | null;
}

export interface FoldedOrderState {
  orderId: string;
  customerId: string;
  amount: number | null;
  createdAt: Date | null;
  paidAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  refundedAt: Date | null;
}

const timeField = {
  created: 'createdAt',
  paid: 'paidAt',
  shipped: 'shippedAt',
  delivered: 'deliveredAt',
  refunded: 'refundedAt',
} as const satisfies Record<OrderEventType, keyof FoldedOrderState>;

/**
 * The state after one more event. Events may arrive in any order and more than once: each type
 * keeps its earliest time, and the amount is the one of the earliest 'created' event (any
 * event's amount until a 'created' one arrives). Folding an event the state already holds
 * returns an equal state.
 */
export function foldOrderEvent(
  state: FoldedOrderState | null,
  event: FoldableOrderEvent,
): FoldedOrderState {
  const base: FoldedOrderState = state ?? {
    orderId: event.orderId,
    customerId: event.customerId,
    amount: null,
    createdAt: null,
    paidAt: null,
    shippedAt: null,
    deliveredAt: null,
    refundedAt: null,
  };
  const field = timeField[event.type];
  const held = base[field];
  const earlier = held === null || event.at.getTime() < held.getTime();
  const next: FoldedOrderState = { ...base, [field]: earlier ? event.at : held };
  if (event.amount !== null) {
    if (event.type === 'created' && earlier) next.amount = event.amount;
    else if (next.amount === null) next.amount = event.amount;
  }
  return next;
}

export function sameOrderState(a: FoldedOrderState, b: FoldedOrderState): boolean {
  const t = (d: Date | null) => (d ? d.getTime() : null);
  return (
    a.orderId === b.orderId &&
    a.customerId === b.customerId &&
    a.amount === b.amount &&
    Object.values(timeField).every((f) => t(a[f]) === t(b[f]))
  );
}

/* ------------------------------------------------------------------------------------------ */
/* Time zones and quiet hours                                                                  */
/* ------------------------------------------------------------------------------------------ */

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** True for an IANA zone name Intl knows ("Asia/Shanghai"). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The wall clock in `timeZone` at instant `t`. */
export function localTime(
  t: number,
  timeZone: string,
): { year: number; month: number; day: number; minuteOfDay: number } {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(t))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year!,
    month: parts.month!,
    day: parts.day!,
    minuteOfDay: (parts.hour! % 24) * 60 + parts.minute!,
  };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/** Whether `t` lies in the quiet hours; a window whose start is after its end spans midnight. */
export function inQuietHours(t: number, quiet: OutreachRules['quietHours']): boolean {
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  if (start === end) return false;
  const m = localTime(t, quiet.timeZone).minuteOfDay;
  return start < end ? m >= start && m < end : m >= start || m < end;
}

/** `t`, or the end of the quiet hours when `t` lies inside them. */
export function afterQuietHours(t: number, quiet: OutreachRules['quietHours']): number {
  if (!inQuietHours(t, quiet)) return t;
  const end = minutesOf(quiet.end);
  const m = localTime(t, quiet.timeZone).minuteOfDay;
  const wait = (end - m + 1440) % 1440;
  let at = Math.floor(t / MINUTE_MS) * MINUTE_MS + wait * MINUTE_MS;
  // A daylight-saving switch inside the wait moves the wall clock: correct by the difference.
  let off = end - localTime(at, quiet.timeZone).minuteOfDay;
  if (off > 720) off -= 1440;
  if (off < -720) off += 1440;
  at += off * MINUTE_MS;
  return at;
}

/* ------------------------------------------------------------------------------------------ */
/* The plan                                                                                    */
/* ------------------------------------------------------------------------------------------ */

export interface PlanOrder {
  orderId: string;
  customerId: string;
  amount: number | null;
  createdAt: Instant | null;
  paidAt: Instant | null;
  shippedAt?: Instant | null;
  deliveredAt: Instant | null;
  refundedAt: Instant | null;
}

export interface PlanCustomer {
  customerId: string;
  name: string;
  /** RFM eight-class (重要保持 …) or 'unknown'. */
  segment: string;
  tier: string;
  /** CNY of paid orders. */
  totalSpent: number;
  /** The last order of any kind; null when none is known. */
  lastOrderAt: Instant | null;
  optOut: boolean;
  /** CNY a contact is worth: the customer's average order value (0 when unknown). */
  expectedValue: number;
}

export interface PlanExistingTask {
  id: string;
  customerId: string;
  createdAt: Instant;
  kind: OutreachKind;
  orderId: string | null;
  status?: 'open' | 'sent' | 'done' | 'skipped';
  sentAt?: Instant | null;
}

export interface PlanInput {
  now: Instant;
  rules: OutreachRules;
  orders: readonly PlanOrder[];
  customers: readonly PlanCustomer[];
  /** Minimum paid spend per member tier (server/customers/member-tiers.ts). */
  tierThresholds: ReadonlyArray<{ tier: string; minSpend: number }>;
  existingTasks: readonly PlanExistingTask[];
}

export interface PlannedTask {
  id: string;
  kind: OutreachKind;
  customerId: string;
  customerName: string;
  orderId: string | null;
  /** CNY at stake, to 2 decimals. */
  value: number;
  /** When it may go out: its rule's time, never before now, moved out of the quiet hours. */
  dueAt: Date;
  createdAt: Date;
  reason: { 'zh-CN': string; en: string };
}

export interface PlanResult {
  tasks: PlannedTask[];
  /** Tasks the rules called for that the weekly cap held back (made later, when room frees up). */
  heldByCap: PlannedTask[];
  /** Customers the rules would have reached but who opted out of outreach. */
  optedOut: string[];
}

export const taskIdFor = {
  payment_reminder: (orderId: string) => `payment_reminder:${orderId}`,
  follow_up: (orderId: string) => `follow_up:${orderId}`,
  review_invitation: (orderId: string) => `review_invitation:${orderId}`,
  member_care: (customerId: string, tier: string) => `member_care:${customerId}:${tier}`,
  win_back: (customerId: string, month: string) => `win_back:${customerId}:${month}`,
};

const tierLabels: Record<string, { 'zh-CN': string; en: string }> = {
  regular: { 'zh-CN': '普通会员', en: 'Regular' },
  silver: { 'zh-CN': '银卡会员', en: 'Silver' },
  gold: { 'zh-CN': '金卡会员', en: 'Gold' },
  diamond: { 'zh-CN': '钻石会员', en: 'Diamond' },
};
const tierLabel = (tier: string) => tierLabels[tier] ?? { 'zh-CN': tier, en: tier };
const segmentLabel = (segment: string) =>
  eightClassInfo[segment as EightClass]?.label ?? { 'zh-CN': segment, en: segment };

const round2 = (n: number) => Math.round(n * 100) / 100;
const yuan = (n: number) =>
  `¥${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "45 分钟" / "45 minutes" below 3 hours, then whole hours, then whole days. */
function elapsed(msSpan: number): { 'zh-CN': string; en: string } {
  const minutes = Math.floor(msSpan / MINUTE_MS);
  if (minutes < 180)
    return { 'zh-CN': `${minutes} 分钟`, en: plural(minutes, 'minute', 'minutes') };
  const hours = Math.floor(msSpan / HOUR_MS);
  if (hours < 72) return { 'zh-CN': `${hours} 小时`, en: plural(hours, 'hour', 'hours') };
  const days = Math.floor(msSpan / DAY_MS);
  return { 'zh-CN': `${days} 天`, en: plural(days, 'day', 'days') };
}

/** The tasks to make now: everything the rules call for, minus what exists, within the cap. */
export function planOutreach(input: PlanInput): PlannedTask[] {
  return planOutreachDetailed(input).tasks;
}

export function planOutreachDetailed(input: PlanInput): PlanResult {
  const now = ms(input.now);
  const { rules } = input;
  const customers = new Map(input.customers.map((c) => [c.customerId, c]));
  const existing = new Map(input.existingTasks.map((t) => [t.id, t]));
  const candidates: PlannedTask[] = [];
  const optedOut = new Set<string>();

  const propose = (
    customerId: string,
    task: Omit<PlannedTask, 'customerId' | 'customerName' | 'dueAt' | 'createdAt'> & {
      due: number;
    },
  ) => {
    if (existing.has(task.id)) return;
    const customer = customers.get(customerId);
    if (!customer) return;
    if (customer.optOut) {
      optedOut.add(customerId);
      return;
    }
    const { due, ...rest } = task;
    candidates.push({
      ...rest,
      customerId,
      customerName: customer.name,
      value: round2(rest.value),
      dueAt: new Date(afterQuietHours(Math.max(due, now), rules.quietHours)),
      createdAt: new Date(now),
    });
  };
  const worth = (customerId: string, orderAmount: number | null) => {
    const expected = customers.get(customerId)?.expectedValue ?? 0;
    return expected > 0 ? expected : (orderAmount ?? 0);
  };

  for (const order of input.orders) {
    const createdAt = msOrNull(order.createdAt);
    const paidAt = msOrNull(order.paidAt);
    const shippedAt = msOrNull(order.shippedAt);
    const deliveredAt = msOrNull(order.deliveredAt);
    const refundedAt = msOrNull(order.refundedAt);

    // 催付: created, nothing since; one reminder per order (its id is the order's).
    if (
      rules.paymentReminder.enabled &&
      createdAt !== null &&
      order.amount !== null &&
      paidAt === null &&
      refundedAt === null &&
      shippedAt === null &&
      deliveredAt === null
    ) {
      const delay = rules.paymentReminder.delayMinutes;
      const due = createdAt + delay * MINUTE_MS;
      if (now >= due && now < due + REMINDER_STALE_MS) {
        const waited = elapsed(now - createdAt);
        propose(order.customerId, {
          id: taskIdFor.payment_reminder(order.orderId),
          kind: 'payment_reminder',
          orderId: order.orderId,
          value: order.amount,
          due,
          reason: {
            'zh-CN': `下单 ${waited['zh-CN']}未付款（规则：${delay} 分钟）`,
            en: `Unpaid ${waited.en} after ordering (rule: ${plural(delay, 'minute', 'minutes')})`,
          },
        });
      }
    }

    if (!rules.followUp.enabled || deliveredAt === null || refundedAt !== null) continue;
    const { daysAfterDelivery, reviewInviteAfterDays } = rules.followUp;

    // 回访: some days after the goods arrived.
    const followDue = deliveredAt + daysAfterDelivery * DAY_MS;
    if (now >= followDue && now < followDue + FOLLOW_UP_STALE_MS) {
      const since = Math.floor((now - deliveredAt) / DAY_MS);
      propose(order.customerId, {
        id: taskIdFor.follow_up(order.orderId),
        kind: 'follow_up',
        orderId: order.orderId,
        value: worth(order.customerId, order.amount),
        due: followDue,
        reason: {
          'zh-CN': `签收 ${since} 天，回访询问使用是否满意（规则：签收后 ${daysAfterDelivery} 天）`,
          en: `Delivered ${plural(since, 'day', 'days')} ago: ask whether they are satisfied (rule: ${plural(daysAfterDelivery, 'day', 'days')} after delivery)`,
        },
      });
    }

    // 好评邀请: only once the follow-up went out, and never before the goods arrived.
    const followUp = existing.get(taskIdFor.follow_up(order.orderId));
    const sentAt = msOrNull(followUp?.sentAt);
    if (
      followUp &&
      (followUp.status === 'sent' || followUp.status === 'done') &&
      sentAt !== null &&
      deliveredAt <= now
    ) {
      const reviewDue = Math.max(sentAt + reviewInviteAfterDays * DAY_MS, deliveredAt);
      if (now >= reviewDue && now < reviewDue + FOLLOW_UP_STALE_MS) {
        const since = Math.floor((now - sentAt) / DAY_MS);
        propose(order.customerId, {
          id: taskIdFor.review_invitation(order.orderId),
          kind: 'review_invitation',
          orderId: order.orderId,
          value: worth(order.customerId, order.amount),
          due: reviewDue,
          reason: {
            'zh-CN': `已签收，回访 ${since} 天前已发出，邀请好评（规则：回访后 ${reviewInviteAfterDays} 天）`,
            en: `Delivered, and the follow-up went out ${plural(since, 'day', 'days')} ago: invite a review (rule: ${plural(reviewInviteAfterDays, 'day', 'days')} after the follow-up)`,
          },
        });
      }
    }
  }

  const thresholds = [...input.tierThresholds].sort((a, b) => a.minSpend - b.minSpend);
  const lastWinBack = new Map<string, number>();
  for (const task of input.existingTasks) {
    if (task.kind !== 'win_back') continue;
    const at = ms(task.createdAt);
    if (at > (lastWinBack.get(task.customerId) ?? -Infinity)) lastWinBack.set(task.customerId, at);
  }
  const local = localTime(now, rules.quietHours.timeZone);
  const month = `${local.year}-${String(local.month).padStart(2, '0')}`;

  for (const customer of input.customers) {
    // 会员关怀: a little more spend reaches the next tier.
    if (rules.memberCare.enabled && customer.totalSpent > 0) {
      const next = thresholds.find((t) => t.minSpend > customer.totalSpent);
      const gap = next ? round2(next.minSpend - customer.totalSpent) : null;
      if (next && gap !== null && gap <= rules.memberCare.withinAmount) {
        const label = tierLabel(next.tier);
        const within = rules.memberCare.withinAmount;
        propose(customer.customerId, {
          id: taskIdFor.member_care(customer.customerId, next.tier),
          kind: 'member_care',
          orderId: null,
          value: customer.expectedValue,
          due: now,
          reason: {
            'zh-CN': `累计消费 ${yuan(customer.totalSpent)}，距${label['zh-CN']}还差 ${yuan(gap)}（规则：差额不超过 ${yuan(within)}）`,
            en: `Spent ${yuan(customer.totalSpent)} in total, ${yuan(gap)} short of ${label.en} (rule: within ${yuan(within)})`,
          },
        });
      }
    }

    // 挽回: valuable customers gone quiet; at most one win-back per silent spell and month.
    const lastOrderAt = msOrNull(customer.lastOrderAt);
    if (
      rules.winBack.enabled &&
      rules.winBack.segments.includes(customer.segment) &&
      lastOrderAt !== null
    ) {
      const { silentDays } = rules.winBack;
      const silentFor = now - lastOrderAt;
      const previous = lastWinBack.get(customer.customerId);
      const recentlyTried = previous !== undefined && now - previous < silentDays * DAY_MS;
      if (silentFor >= silentDays * DAY_MS && !recentlyTried) {
        const label = segmentLabel(customer.segment);
        const days = Math.floor(silentFor / DAY_MS);
        propose(customer.customerId, {
          id: taskIdFor.win_back(customer.customerId, month),
          kind: 'win_back',
          orderId: null,
          value: customer.expectedValue,
          due: now,
          reason: {
            'zh-CN': `${label['zh-CN']}，已 ${days} 天未下单（规则：${rules.winBack.segments.join('、')}沉默 ${silentDays} 天）`,
            en: `${label.en} customer, no order for ${plural(days, 'day', 'days')} (rule: ${rules.winBack.segments.map((s) => segmentLabel(s).en).join(', ')} silent for ${plural(silentDays, 'day', 'days')})`,
          },
        });
      }
    }
  }

  // The weekly cap: tasks made in the last 7 days count; the most valuable new ones go first.
  const recent = new Map<string, number>();
  for (const task of input.existingTasks) {
    if (now - ms(task.createdAt) < WEEK_MS) {
      recent.set(task.customerId, (recent.get(task.customerId) ?? 0) + 1);
    }
  }
  candidates.sort(
    (a, b) =>
      b.value - a.value ||
      a.dueAt.getTime() - b.dueAt.getTime() ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
  const tasks: PlannedTask[] = [];
  const heldByCap: PlannedTask[] = [];
  for (const task of candidates) {
    const count = recent.get(task.customerId) ?? 0;
    if (count >= rules.weeklyCapPerCustomer) {
      heldByCap.push(task);
      continue;
    }
    recent.set(task.customerId, count + 1);
    tasks.push(task);
  }
  return { tasks, heldByCap, optedOut: [...optedOut].sort() };
}

/** Which rule of the rule set makes each kind of task. */
export const ruleOfKind: Record<OutreachKind, keyof OutreachRules> = {
  payment_reminder: 'paymentReminder',
  follow_up: 'followUp',
  review_invitation: 'followUp',
  member_care: 'memberCare',
  win_back: 'winBack',
};
