import mongoose from 'mongoose';
import { formatDay, toDay } from '../../shared/domain/utc-day';
import type { OutreachKind } from '../../shared/schemas/outreach';
import type { RecordedOrder } from '../customers/orders/order-documents';
import {
  OrderState,
  OutreachTask,
  type OrderStateDoc,
  type OutreachTaskDoc,
} from './outreach-models';
import { OutreachOutcome, type OutreachOutcomeDoc } from './outreach-outcome-model';

/**
 * Attribution (效果归因): every sent outreach task has an outcome record; a payment of the order a
 * payment reminder was about, or a new order after a follow-up, review invitation, member care or
 * win-back message, within the rules' attribution window, is attributed to that task. One task
 * per order, and a task attributed once stays attributed.
 */

/** Used while no supervisor has saved outreach rules. */
export const DEFAULT_ATTRIBUTION_HOURS = 48;
const HOUR_MS = 3_600_000;

/** The kinds whose success is the customer's next order (not the payment of a known one). */
const orderKinds: ReadonlySet<OutreachKind> = new Set([
  'follow_up',
  'review_invitation',
  'member_care',
  'win_back',
]);

/** What of a task its outcome record is made from. */
export type SentTask = Pick<
  OutreachTaskDoc,
  '_id' | 'kind' | 'customerId' | 'orderId' | 'assigneeId' | 'sentAt' | 'delivery'
> &
  Partial<Pick<OutreachTaskDoc, 'attributedOrderId' | 'attributedAt' | 'attributedValue'>>;

export interface OrderForAttribution {
  orderId: string;
  customerId: string;
  /**
   * 'paid': the order was paid at `at` (a reminder for it may be credited; as a new order it
   * counts from `placedAt`, or `at` when not given). 'placed': a new order placed at `at`.
   */
  kind: 'paid' | 'placed';
  at: Date;
  /** CNY; null when not known. */
  amount: number | null;
  /** When a paid order was placed, if known. */
  placedAt?: Date | null;
}

export interface Attribution {
  taskId: string;
  kind: OutreachKind;
  orderId: string;
  /** False when the order had been attributed to this task before (a replay). */
  created: boolean;
}

/**
 * rules.attributionHours of the saved outreach rules (`outreach_rules`, `_id: 'current'`; read
 * whether the rules are stored at the top level or under `rules`), else 48 hours.
 */
export async function readAttributionHours(): Promise<number> {
  const doc = await mongoose.connection
    .collection<{
      _id: string;
      attributionHours?: unknown;
      rules?: { attributionHours?: unknown };
    }>('outreach_rules')
    .findOne({ _id: 'current' });
  const hours = doc?.rules?.attributionHours ?? doc?.attributionHours;
  return typeof hours === 'number' && Number.isFinite(hours) && hours > 0
    ? hours
    : DEFAULT_ATTRIBUTION_HOURS;
}

const utcDay = (at: Date) => formatDay(toDay(at)!);

function isDuplicateKey(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 11000;
}

/** An upsert that two writers may race to insert: the loser's retry updates instead. */
async function upsertOutcome(
  id: string,
  update: { $set?: Partial<OutreachOutcomeDoc>; $setOnInsert?: Partial<OutreachOutcomeDoc> },
): Promise<void> {
  try {
    await OutreachOutcome.updateOne({ _id: id }, update, { upsert: true });
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    await OutreachOutcome.updateOne({ _id: id }, update, { upsert: true });
  }
}

function sentFields(task: SentTask & { sentAt: Date }, now: Date): Partial<OutreachOutcomeDoc> {
  return {
    kind: task.kind,
    customerId: task.customerId,
    agentId: task.assigneeId ?? null,
    sentAt: task.sentAt,
    day: utcDay(task.sentAt),
    delivery: task.delivery ?? null,
    updatedAt: now,
  };
}

/**
 * The outcome record of a task that was just sent (the worklist calls this after setting status
 * 'sent' and sentAt). An attribution already recorded for it is kept. A task without sentAt has
 * nothing to record.
 */
export async function recordOutreachSent(task: SentTask): Promise<void> {
  if (!task.sentAt) return;
  const attributedOrderId = task.attributedOrderId ?? null;
  await upsertOutcome(task._id, {
    $set: sentFields({ ...task, sentAt: task.sentAt }, new Date()),
    $setOnInsert: {
      attributed: attributedOrderId !== null,
      orderId: attributedOrderId,
      value: attributedOrderId !== null ? (task.attributedValue ?? null) : null,
      attributedAt: attributedOrderId !== null ? (task.attributedAt ?? null) : null,
    },
  });
}

async function recordAttributed(
  task: SentTask & { sentAt: Date },
  orderId: string,
  value: number | null,
  at: Date,
): Promise<void> {
  await upsertOutcome(task._id, {
    $set: {
      ...sentFields(task, new Date()),
      attributed: true,
      orderId,
      value,
      attributedAt: at,
    },
  });
}

type Candidate = OutreachTaskDoc & { sentAt: Date };

const within = (time: Date, sentAt: Date, windowMs: number) =>
  time.getTime() >= sentAt.getTime() && time.getTime() <= sentAt.getTime() + windowMs;

const newestFirst = (a: Candidate, b: Candidate) => b.sentAt.getTime() - a.sentAt.getTime();

/** The tasks this order may be credited to, in the order to try them. */
function candidatesFor(order: OrderForAttribution, sent: Candidate[], windowMs: number) {
  const open = sent.filter((t) => t.attributedOrderId === null);
  const reminders =
    order.kind === 'paid'
      ? open
          .filter(
            (t) =>
              t.kind === 'payment_reminder' &&
              t.orderId === order.orderId &&
              within(order.at, t.sentAt, windowMs),
          )
          .sort(newestFirst)
      : [];
  const placedAt = order.kind === 'placed' ? order.at : (order.placedAt ?? order.at);
  const followUps = open
    .filter(
      (t) =>
        orderKinds.has(t.kind) &&
        // The order a follow-up was about is not a repeat purchase after it.
        t.orderId !== order.orderId &&
        within(placedAt, t.sentAt, windowMs),
    )
    .sort(newestFirst);
  return [...reminders, ...followUps];
}

// Orders of one customer are attributed one at a time on this node, so a payment and its
// order arriving together cannot each take a different task.
const queues = new Map<string, Promise<unknown>>();
function oneAtATime<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(key) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  queues.set(key, settled);
  void settled.then(() => {
    if (queues.get(key) === settled) queues.delete(key);
  });
  return next;
}

/**
 * Credits a payment or a new order to the outreach that led to it, if any; returns the task it
 * was credited to (now or before), or null. Also writes the outcome record of every sent task of
 * the customer that has none yet.
 */
export function attributeOrder(order: OrderForAttribution): Promise<Attribution | null> {
  return oneAtATime(order.customerId, () => attributeNow(order));
}

async function attributeNow(order: OrderForAttribution): Promise<Attribution | null> {
  const [hours, tasks] = await Promise.all([
    readAttributionHours(),
    OutreachTask.find({ customerId: order.customerId }).lean<OutreachTaskDoc[]>(),
  ]);
  const sent = tasks.filter((t): t is Candidate => t.sentAt instanceof Date);
  const now = new Date();
  // Records the worklist did not write (or lost) are made here, never overwriting one.
  for (const task of sent) {
    if (task.attributedOrderId === null) {
      await upsertOutcome(task._id, {
        $setOnInsert: {
          ...sentFields(task, now),
          attributed: false,
          orderId: null,
          value: null,
          attributedAt: null,
        },
      });
    }
  }

  const earlier = sent.find((t) => t.attributedOrderId === order.orderId);
  if (earlier) {
    // Attributed before (a replay, or the same payment told twice): make sure the record says so.
    await recordAttributed(
      earlier,
      order.orderId,
      earlier.attributedValue ?? null,
      earlier.attributedAt ?? order.at,
    );
    return { taskId: earlier._id, kind: earlier.kind, orderId: order.orderId, created: false };
  }

  for (const task of candidatesFor(order, sent, hours * HOUR_MS)) {
    const claimed = await OutreachTask.updateOne(
      { _id: task._id, attributedOrderId: null },
      {
        $set: {
          attributedOrderId: order.orderId,
          attributedAt: order.at,
          attributedValue: order.amount,
        },
      },
    );
    if (claimed.modifiedCount !== 1) continue; // taken by another node meanwhile
    await recordAttributed(task, order.orderId, order.amount, order.at);
    return { taskId: task._id, kind: task.kind, orderId: order.orderId, created: true };
  }
  return null;
}

/** An order the shop recorded (POST /api/shop/orders): a paid order is both placed and paid. */
export function attributeRecordedOrder(order: RecordedOrder): Promise<Attribution | null> {
  if (order.status !== 'paid') return Promise.resolve(null);
  return attributeOrder({
    orderId: order.orderId,
    customerId: order.customerId,
    kind: 'paid',
    at: order.paidAt,
    placedAt: order.orderedAt,
    amount: order.amount,
  });
}

/** What of an order event (POST /api/shop/order-events) attribution reads. */
export interface OrderEventForAttribution {
  type: string;
  orderId: string;
  customerId: string;
  at: Date | string;
  amount?: number | null;
}

/**
 * An order event: a 'paid' event is a payment (its amount and order time come from the order's
 * state when the event does not carry them); other events change nothing.
 */
export async function attributeOrderEvent(
  event: OrderEventForAttribution,
  /** The order's state after the event, when the caller has it (else it is read). */
  order?: Pick<OrderStateDoc, 'amount' | 'createdAt'> | null,
): Promise<Attribution | null> {
  if (event.type !== 'paid') return null;
  const at = event.at instanceof Date ? event.at : new Date(event.at);
  if (Number.isNaN(at.getTime())) return null;
  const state =
    order ?? (await OrderState.findById(event.orderId, { amount: 1, createdAt: 1 }).lean());
  return attributeOrder({
    orderId: event.orderId,
    customerId: event.customerId,
    kind: 'paid',
    at,
    placedAt: state?.createdAt ?? at,
    amount: event.amount ?? state?.amount ?? null,
  });
}
