import { describe, expect, it } from 'vitest';
import type { OutreachRules } from '../schemas/outreach';
import {
  afterQuietHours,
  foldOrderEvent,
  inQuietHours,
  isValidTimeZone,
  planOutreach,
  planOutreachDetailed,
  sameOrderState,
  type FoldableOrderEvent,
  type FoldedOrderState,
  type PlanCustomer,
  type PlanExistingTask,
  type PlanInput,
  type PlanOrder,
} from './outreach-rules';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

// The controlled clock: 2025-03-10 06:00 UTC = 14:00 in Shanghai (UTC+8), outside quiet hours.
const NOW = Date.UTC(2025, 2, 10, 6, 0);
const at = (offsetMs: number) => new Date(NOW + offsetMs);

const rules: OutreachRules = {
  paymentReminder: { enabled: true, delayMinutes: 30 },
  followUp: { enabled: true, daysAfterDelivery: 3, reviewInviteAfterDays: 2 },
  memberCare: { enabled: true, withinAmount: 500 },
  winBack: { enabled: true, segments: ['重要保持', '重要挽留'], silentDays: 60 },
  quietHours: { start: '21:00', end: '09:00', timeZone: 'Asia/Shanghai' },
  weeklyCapPerCustomer: 2,
  attributionHours: 48,
};
const tierThresholds = [
  { tier: 'diamond', minSpend: 20_000 },
  { tier: 'gold', minSpend: 5_000 },
  { tier: 'silver', minSpend: 1_000 },
  { tier: 'regular', minSpend: 0 },
];

const customer = (over: Partial<PlanCustomer> = {}): PlanCustomer => ({
  customerId: 'C1',
  name: '王芳',
  segment: '重要价值',
  tier: 'silver',
  totalSpent: 1_200,
  lastOrderAt: at(-10 * DAY),
  optOut: false,
  // 1,200 over 4 orders.
  expectedValue: 300,
  ...over,
});
const order = (over: Partial<PlanOrder> = {}): PlanOrder => ({
  orderId: 'O1',
  customerId: 'C1',
  amount: 299,
  createdAt: at(-45 * MIN),
  paidAt: null,
  shippedAt: null,
  deliveredAt: null,
  refundedAt: null,
  ...over,
});
const plan = (over: Partial<PlanInput> = {}) =>
  planOutreach({
    now: NOW,
    rules,
    orders: [],
    customers: [customer()],
    tierThresholds,
    existingTasks: [],
    ...over,
  });
const ids = (tasks: Array<{ id: string }>) => tasks.map((t) => t.id).sort();

describe('foldOrderEvent', () => {
  const ev = (type: FoldableOrderEvent['type'], offset: number, amount: number | null = null) => ({
    type,
    orderId: 'O1',
    customerId: 'C1',
    at: at(offset),
    amount,
  });

  it('keeps the earliest time of each type, whatever order the events arrive in', () => {
    const events = [ev('paid', -10 * MIN), ev('created', -45 * MIN, 299), ev('paid', -20 * MIN)];
    const forward = events.reduce<FoldedOrderState | null>(foldOrderEvent, null)!;
    const backward = [...events].reverse().reduce<FoldedOrderState | null>(foldOrderEvent, null)!;
    // Paid at -20 min (the earlier of -10 and -20), created at -45 min with ¥299.
    expect(forward.paidAt).toEqual(at(-20 * MIN));
    expect(forward.createdAt).toEqual(at(-45 * MIN));
    expect(forward.amount).toBe(299);
    expect(sameOrderState(forward, backward)).toBe(true);
  });

  it('takes the amount of the earliest created event, and another event’s only until then', () => {
    let state = foldOrderEvent(null, ev('paid', -5 * MIN, 100));
    expect(state.amount).toBe(100);
    state = foldOrderEvent(state, ev('created', -30 * MIN, 120));
    expect(state.amount).toBe(120);
    // A later 'created' (a resend with a changed amount under a new id) does not overwrite it.
    state = foldOrderEvent(state, ev('created', -10 * MIN, 999));
    expect(state.amount).toBe(120);
    expect(state.createdAt).toEqual(at(-30 * MIN));
  });

  it('changes nothing when the same event is folded again (a replay), so the plan is the same', () => {
    const created = ev('created', -45 * MIN, 299);
    const once = foldOrderEvent(null, created);
    const twice = foldOrderEvent(once, created);
    expect(sameOrderState(once, twice)).toBe(true);
    expect(twice).toEqual(once);
    expect(plan({ orders: [twice] })).toEqual(plan({ orders: [once] }));
    expect(ids(plan({ orders: [twice] }))).toEqual(['payment_reminder:O1']);
  });
});

describe('quiet hours (21:00–09:00 Asia/Shanghai)', () => {
  const quiet = rules.quietHours;

  it('spans midnight: late evening and early morning are quiet, the edges are exact', () => {
    // 20:59 and 09:00 Shanghai are 12:59 and 01:00 UTC.
    expect(inQuietHours(Date.UTC(2025, 2, 10, 12, 59), quiet)).toBe(false);
    expect(inQuietHours(Date.UTC(2025, 2, 10, 13, 0), quiet)).toBe(true); // 21:00
    expect(inQuietHours(Date.UTC(2025, 2, 10, 18, 0), quiet)).toBe(true); // 02:00 next day
    expect(inQuietHours(Date.UTC(2025, 2, 11, 0, 59), quiet)).toBe(true); // 08:59
    expect(inQuietHours(Date.UTC(2025, 2, 11, 1, 0), quiet)).toBe(false); // 09:00
  });

  it('moves a time inside them to when they end, on the right day', () => {
    // 22:30 on the 10th (14:30 UTC) → 09:00 on the 11th = 01:00 UTC on the 11th.
    expect(afterQuietHours(Date.UTC(2025, 2, 10, 14, 30), quiet)).toBe(Date.UTC(2025, 2, 11, 1));
    // 02:00 on the 11th (18:00 UTC on the 10th) → 09:00 the same local day, 01:00 UTC the 11th.
    expect(afterQuietHours(Date.UTC(2025, 2, 10, 18, 0), quiet)).toBe(Date.UTC(2025, 2, 11, 1));
    // Outside: unchanged to the millisecond.
    expect(afterQuietHours(NOW + 1234, quiet)).toBe(NOW + 1234);
  });

  it('handles a window within one day, none at all, and a daylight-saving switch', () => {
    const lunch = { start: '12:00', end: '14:00', timeZone: 'Asia/Shanghai' };
    // 13:15 Shanghai = 05:15 UTC → 14:00 = 06:00 UTC.
    expect(afterQuietHours(Date.UTC(2025, 2, 10, 5, 15), lunch)).toBe(Date.UTC(2025, 2, 10, 6));
    expect(inQuietHours(Date.UTC(2025, 2, 10, 6, 0), lunch)).toBe(false);
    const none = { start: '09:00', end: '09:00', timeZone: 'Asia/Shanghai' };
    expect(afterQuietHours(NOW, none)).toBe(NOW);
    // New York springs forward on 2025-03-09 at 02:00. 22:00 EST on the 8th (03:00 UTC the 9th)
    // waits 11 wall-clock hours, but only 10 real ones: 09:00 EDT = 13:00 UTC.
    const ny = { start: '21:00', end: '09:00', timeZone: 'America/New_York' };
    expect(afterQuietHours(Date.UTC(2025, 2, 9, 3), ny)).toBe(Date.UTC(2025, 2, 9, 13));
  });

  it('knows a time zone from a typo', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Asia/Shangai')).toBe(false);
  });
});

describe('payment reminder (催付)', () => {
  it('reminds of an order unpaid past the delay, worth its amount, with the figures', () => {
    const [task, ...rest] = plan({ orders: [order()] });
    expect(rest).toEqual([]);
    expect(task).toMatchObject({
      id: 'payment_reminder:O1',
      kind: 'payment_reminder',
      customerId: 'C1',
      customerName: '王芳',
      orderId: 'O1',
      value: 299,
      reason: {
        'zh-CN': '下单 45 分钟未付款（规则：30 分钟）',
        en: 'Unpaid 45 minutes after ordering (rule: 30 minutes)',
      },
    });
    // Due 30 min after the order (15 min ago): it may go out now.
    expect(task!.dueAt).toEqual(new Date(NOW));
    expect(task!.createdAt).toEqual(new Date(NOW));
  });

  it('waits for the delay (due exactly at 30 min) and gives up a day after it', () => {
    expect(plan({ orders: [order({ createdAt: at(-29 * MIN) })] })).toEqual([]);
    expect(ids(plan({ orders: [order({ createdAt: at(-30 * MIN) })] }))).toEqual([
      'payment_reminder:O1',
    ]);
    // Due at -24h-1min+30min … i.e. 24 h 1 min past the due time: stale.
    expect(plan({ orders: [order({ createdAt: at(-(24 * HOUR + 31 * MIN)) })] })).toEqual([]);
  });

  it('never reminds of a paid, refunded or shipped order, nor twice for one order', () => {
    expect(plan({ orders: [order({ paidAt: at(-40 * MIN) })] })).toEqual([]);
    expect(plan({ orders: [order({ refundedAt: at(-40 * MIN) })] })).toEqual([]);
    expect(plan({ orders: [order({ shippedAt: at(-40 * MIN) })] })).toEqual([]);
    const made: PlanExistingTask = {
      id: 'payment_reminder:O1',
      customerId: 'C1',
      createdAt: at(-10 * MIN),
      kind: 'payment_reminder',
      orderId: 'O1',
      status: 'skipped',
    };
    expect(plan({ orders: [order()], existingTasks: [made] })).toEqual([]);
  });

  it('honours the delay the supervisor set and the rule being off', () => {
    const slow = { ...rules, paymentReminder: { enabled: true, delayMinutes: 60 } };
    expect(plan({ rules: slow, orders: [order()] })).toEqual([]);
    const off = { ...rules, paymentReminder: { enabled: false, delayMinutes: 30 } };
    expect(plan({ rules: off, orders: [order()] })).toEqual([]);
  });

  it('waits until the quiet hours end', () => {
    // 22:30 in Shanghai; the order came at 21:45, unpaid 45 min.
    const late = Date.UTC(2025, 2, 10, 14, 30);
    const [task] = planOutreach({
      now: late,
      rules,
      orders: [order({ createdAt: new Date(late - 45 * MIN) })],
      customers: [customer()],
      tierThresholds,
      existingTasks: [],
    });
    expect(task!.createdAt).toEqual(new Date(late));
    // 09:00 on the 11th in Shanghai.
    expect(task!.dueAt).toEqual(new Date(Date.UTC(2025, 2, 11, 1)));
  });
});

describe('follow-up (回访) and review invitation (好评邀请)', () => {
  const delivered = (days: number, over: Partial<PlanOrder> = {}) =>
    order({
      createdAt: at(-(days + 3) * DAY),
      paidAt: at(-(days + 3) * DAY),
      shippedAt: at(-(days + 2) * DAY),
      deliveredAt: at(-days * DAY),
      ...over,
    });
  const followUp = (over: Partial<PlanExistingTask>): PlanExistingTask => ({
    id: 'follow_up:O1',
    customerId: 'C1',
    createdAt: at(-3 * DAY),
    kind: 'follow_up',
    orderId: 'O1',
    status: 'open',
    sentAt: null,
    ...over,
  });

  it('follows up 3 days after delivery, worth the customer’s average order', () => {
    expect(plan({ orders: [delivered(2)] })).toEqual([]);
    const [task] = plan({ orders: [delivered(3)] });
    expect(task).toMatchObject({
      id: 'follow_up:O1',
      kind: 'follow_up',
      orderId: 'O1',
      // 1,200 spent over 4 orders.
      value: 300,
      reason: {
        'zh-CN': '签收 3 天，回访询问使用是否满意（规则：签收后 3 天）',
        en: 'Delivered 3 days ago: ask whether they are satisfied (rule: 3 days after delivery)',
      },
    });
    // A customer without a known average: the order's amount.
    const fresh = customer({ expectedValue: 0 });
    expect(plan({ orders: [delivered(3)], customers: [fresh] })[0]!.value).toBe(299);
    // Not for a refunded order, not a week late.
    expect(plan({ orders: [delivered(3, { refundedAt: at(-DAY) })] })).toEqual([]);
    expect(plan({ orders: [delivered(10)] })).toEqual([]);
  });

  it('invites a review only 2 days after the follow-up was sent, for a delivered order', () => {
    const order5 = delivered(5);
    // The follow-up exists but was not sent: no invitation.
    expect(plan({ orders: [order5], existingTasks: [followUp({})] })).toEqual([]);
    // Sent 1 day ago: too early.
    const sentYesterday = followUp({ status: 'sent', sentAt: at(-DAY) });
    expect(plan({ orders: [order5], existingTasks: [sentYesterday] })).toEqual([]);
    // Sent 2 days ago (and done): invite.
    const sent = followUp({ status: 'done', sentAt: at(-2 * DAY) });
    const [task, ...rest] = plan({ orders: [order5], existingTasks: [sent] });
    expect(rest).toEqual([]);
    expect(task).toMatchObject({
      id: 'review_invitation:O1',
      kind: 'review_invitation',
      value: 300,
      reason: {
        'zh-CN': '已签收，回访 2 天前已发出，邀请好评（规则：回访后 2 天）',
        en: 'Delivered, and the follow-up went out 2 days ago: invite a review (rule: 2 days after the follow-up)',
      },
    });
  });

  it('never invites a review before the goods arrived', () => {
    // A follow-up recorded as sent for an order with no delivery (shipped only).
    const shipped = delivered(5, { deliveredAt: null });
    const sent = followUp({ status: 'sent', sentAt: at(-3 * DAY) });
    expect(plan({ orders: [shipped], existingTasks: [sent] })).toEqual([]);
  });
});

describe('member care (会员关怀) and win-back (挽回)', () => {
  it('cares for a member within ¥500 of the next tier, once per tier', () => {
    // Gold at 5,000: 4,620 is 380 short.
    const near = customer({ totalSpent: 4_620, expectedValue: 462 });
    const [task] = plan({ customers: [near] });
    expect(task).toMatchObject({
      id: 'member_care:C1:gold',
      kind: 'member_care',
      orderId: null,
      value: 462,
      reason: {
        'zh-CN': '累计消费 ¥4,620.00，距金卡会员还差 ¥380.00（规则：差额不超过 ¥500.00）',
        en: 'Spent ¥4,620.00 in total, ¥380.00 short of Gold (rule: within ¥500.00)',
      },
    });
    // 4,400 is 600 short; a diamond member has no next tier.
    expect(plan({ customers: [customer({ totalSpent: 4_400 })] })).toEqual([]);
    expect(plan({ customers: [customer({ totalSpent: 25_000 })] })).toEqual([]);
    const made: PlanExistingTask = {
      id: 'member_care:C1:gold',
      customerId: 'C1',
      createdAt: at(-30 * DAY),
      kind: 'member_care',
      orderId: null,
    };
    expect(plan({ customers: [near], existingTasks: [made] })).toEqual([]);
  });

  it('wins back 重要保持 / 重要挽留 customers silent 60 days, once per silent spell and month', () => {
    const silent = customer({ segment: '重要保持', lastOrderAt: at(-75 * DAY) });
    const [task] = plan({ customers: [silent] });
    expect(task).toMatchObject({
      id: 'win_back:C1:2025-03',
      kind: 'win_back',
      value: 300,
      reason: {
        'zh-CN': '重要保持客户，已 75 天未下单（规则：重要保持、重要挽留沉默 60 天）',
        en: 'Important to keep customer, no order for 75 days (rule: Important to keep, Important to win back silent for 60 days)',
      },
    });
    expect(
      plan({ customers: [customer({ segment: '重要保持', lastOrderAt: at(-50 * DAY) })] }),
    ).toEqual([]);
    expect(
      plan({ customers: [customer({ segment: '一般挽留', lastOrderAt: at(-75 * DAY) })] }),
    ).toEqual([]);
    // Tried 20 days ago (last month): not again within 60 days.
    const tried: PlanExistingTask = {
      id: 'win_back:C1:2025-02',
      customerId: 'C1',
      createdAt: at(-20 * DAY),
      kind: 'win_back',
      orderId: null,
    };
    expect(plan({ customers: [silent], existingTasks: [tried] })).toEqual([]);
  });

  it('names the month in the shop’s time zone', () => {
    // 2025-03-31 17:00 UTC is already 1 April 01:00 in Shanghai (quiet: due at 09:00).
    const now = Date.UTC(2025, 2, 31, 17);
    const [task] = planOutreach({
      now,
      rules,
      orders: [],
      customers: [customer({ segment: '重要挽留', lastOrderAt: new Date(now - 90 * DAY) })],
      tierThresholds,
      existingTasks: [],
    });
    expect(task!.id).toBe('win_back:C1:2025-04');
    expect(task!.dueAt).toEqual(new Date(Date.UTC(2025, 3, 1, 1)));
  });
});

describe('weekly cap, opt-out and unknown customers', () => {
  it('counts tasks of the last 7 days and lets the most valuable new ones through', () => {
    // C1 has one task from 3 days ago (counts) and one from 8 days ago (does not): room for 1.
    const existingTasks: PlanExistingTask[] = [
      { id: 'x:1', customerId: 'C1', createdAt: at(-3 * DAY), kind: 'follow_up', orderId: 'O0' },
      { id: 'x:2', customerId: 'C1', createdAt: at(-8 * DAY), kind: 'follow_up', orderId: 'O9' },
    ];
    // Candidates: reminder for O1 worth 299, member care worth 462 (4,620 → gold).
    const c1 = customer({ totalSpent: 4_620, expectedValue: 462 });
    const result = planOutreachDetailed({
      now: NOW,
      rules,
      orders: [order()],
      customers: [c1],
      tierThresholds,
      existingTasks,
    });
    expect(ids(result.tasks)).toEqual(['member_care:C1:gold']);
    expect(ids(result.heldByCap)).toEqual(['payment_reminder:O1']);
    // Without the old task from 3 days ago both fit the cap of 2.
    expect(
      ids(plan({ orders: [order()], customers: [c1], existingTasks: [existingTasks[1]!] })),
    ).toEqual(['member_care:C1:gold', 'payment_reminder:O1']);
    // The cap is per customer: C2's reminder is not held by C1's tasks.
    const c2 = customer({ customerId: 'C2', name: '李雷', totalSpent: 100, expectedValue: 100 });
    expect(
      ids(
        plan({
          orders: [order(), order({ orderId: 'O2', customerId: 'C2', amount: 88 })],
          customers: [c1, c2],
          existingTasks,
        }),
      ),
    ).toEqual(['member_care:C1:gold', 'payment_reminder:O2']);
  });

  it('gives an opted-out customer nothing, and skips a customer it does not know', () => {
    const out = customer({
      optOut: true,
      totalSpent: 4_620,
      segment: '重要保持',
      lastOrderAt: at(-90 * DAY),
    });
    const result = planOutreachDetailed({
      now: NOW,
      rules,
      orders: [order()],
      customers: [out],
      tierThresholds,
      existingTasks: [],
    });
    expect(result.tasks).toEqual([]);
    expect(result.optedOut).toEqual(['C1']);
    expect(plan({ orders: [order({ customerId: 'C404' })] })).toEqual([]);
  });
});
