import { createHash } from 'node:crypto';
import {
  foldOrderEvent,
  sameOrderState,
  type FoldedOrderState,
} from '../../shared/domain/outreach-rules';
import { ErrorCode } from '../../shared/errors';
import type { OrderEventInput, OrderStateView } from '../../shared/schemas/outreach';
import { Customer } from '../customers/customer-model';
import { AppError } from '../errors';
import { OrderEvent, OrderState, type OrderEventDoc, type OrderStateDoc } from './outreach-models';

/** An order event as stored, with the order's state after it (what `onOrderEvent` receives). */
export interface RecordedOrderEvent {
  event: Pick<OrderEventDoc, 'type' | 'orderId' | 'customerId' | 'at' | 'amount'> & {
    eventId: string;
  };
  order: OrderStateDoc;
  /** The same event was stored before: nothing new happened to the order. */
  replayed: boolean;
  /** The order's state changed (false for a replay, or an event older than the one held). */
  changed: boolean;
}

const DUPLICATE_KEY = 11000;
const MAX_ATTEMPTS = 5;

/** sha256 of the event's meaning: the same instant written with another offset is the same event. */
export function orderEventDigest(e: OrderEventInput): string {
  const canonical = JSON.stringify([
    e.eventId,
    e.type,
    e.orderId,
    e.customerId,
    new Date(e.at).toISOString(),
    e.amount ?? null,
  ]);
  return createHash('sha256').update(canonical).digest('base64url');
}

const conflict = (message: string) => new AppError(ErrorCode.OrderConflict, message);

/**
 * Stores one order event from the shop and folds it into the order's state. The same event
 * again changes nothing (and repairs the state if a crash came between the two writes); the
 * same id with another content, or an event that moves an order to another customer, is a
 * conflict; an unknown customer is refused before anything is written.
 */
export async function recordOrderEvent(input: OrderEventInput): Promise<RecordedOrderEvent> {
  if (input.type === 'created' && input.amount === undefined) {
    throw new AppError(
      ErrorCode.Validation,
      "Invalid input: amount: required on a 'created' event",
    );
  }
  const digest = orderEventDigest(input);
  const event = {
    eventId: input.eventId,
    type: input.type,
    orderId: input.orderId,
    customerId: input.customerId,
    at: new Date(input.at),
    amount: input.amount ?? null,
  };

  const earlier = await OrderEvent.findById(input.eventId, { digest: 1 }).lean<{
    digest: string;
  }>();
  if (earlier) return replay(earlier.digest);

  const state = await OrderState.findById(input.orderId).lean<OrderStateDoc>();
  if (state && state.customerId !== input.customerId) {
    throw conflict(
      `Order ${input.orderId} belongs to another customer; an event cannot move it to ${input.customerId}.`,
    );
  }
  if (!state && !(await Customer.exists({ customerId: input.customerId }))) {
    throw new AppError(
      ErrorCode.UnknownCustomer,
      `There is no customer ${input.customerId}. Import the customer first (npm run import -- --customers FILE).`,
    );
  }
  try {
    await OrderEvent.collection.insertOne({
      _id: input.eventId as never,
      type: event.type,
      orderId: event.orderId,
      customerId: event.customerId,
      at: event.at,
      amount: event.amount,
      digest,
      receivedAt: new Date(),
    });
  } catch (error) {
    // The same event sent twice at once: the first insert wins, the second is its replay.
    if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    const theirs = await OrderEvent.findById(input.eventId, { digest: 1 }).lean<{
      digest: string;
    }>();
    if (!theirs) throw error;
    return replay(theirs.digest);
  }
  const folded = await inOrderLane(input.orderId, () => foldIntoState(event));
  return { event, ...folded, replayed: false };

  async function replay(storedDigest: string): Promise<RecordedOrderEvent> {
    if (storedDigest !== digest) {
      throw conflict(
        `Event ${input.eventId} was already recorded with different content; a recorded event cannot change. Send a new event under a new id.`,
      );
    }
    const folded = await inOrderLane(input.orderId, () => foldIntoState(event));
    return { event, ...folded, replayed: true };
  }
}

/**
 * Folds the event into `order_states/<orderId>`. A write names the state it started from
 * (its updatedAt), so a write from another node in between is read again, never overwritten.
 */
async function foldIntoState(
  event: RecordedOrderEvent['event'],
): Promise<{ order: OrderStateDoc; changed: boolean }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const held = await OrderState.findById(event.orderId).lean<OrderStateDoc>();
    const before = held ? toFolded(held) : null;
    const after = foldOrderEvent(before, event);
    if (held && before && sameOrderState(before, after)) return { order: held, changed: false };
    const updatedAt = new Date(Math.max(Date.now(), (held?.updatedAt.getTime() ?? 0) + 1));
    const doc: OrderStateDoc = {
      _id: event.orderId,
      customerId: after.customerId,
      amount: after.amount,
      createdAt: after.createdAt,
      paidAt: after.paidAt,
      shippedAt: after.shippedAt,
      deliveredAt: after.deliveredAt,
      refundedAt: after.refundedAt,
      updatedAt,
    };
    if (!held) {
      try {
        await OrderState.collection.insertOne(doc as never);
        return { order: doc, changed: true };
      } catch (error) {
        if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
        continue;
      }
    }
    const { _id, ...fields } = doc;
    const result = await OrderState.collection.updateOne(
      { _id: _id as never, updatedAt: held.updatedAt },
      { $set: fields },
    );
    if (result.matchedCount === 1) return { order: doc, changed: true };
  }
  throw new AppError(
    ErrorCode.Unavailable,
    `Order ${event.orderId} is changing too often right now; please send the event again.`,
  );
}

function toFolded(doc: OrderStateDoc): FoldedOrderState {
  return {
    orderId: doc._id,
    customerId: doc.customerId,
    amount: doc.amount ?? null,
    createdAt: doc.createdAt ?? null,
    paidAt: doc.paidAt ?? null,
    shippedAt: doc.shippedAt ?? null,
    deliveredAt: doc.deliveredAt ?? null,
    refundedAt: doc.refundedAt ?? null,
  };
}

export function presentOrderState(doc: OrderStateDoc): OrderStateView {
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  return {
    orderId: doc._id,
    customerId: doc.customerId,
    amount: doc.amount ?? null,
    createdAt: iso(doc.createdAt),
    paidAt: iso(doc.paidAt),
    shippedAt: iso(doc.shippedAt),
    deliveredAt: iso(doc.deliveredAt),
    refundedAt: iso(doc.refundedAt),
  };
}

/** The writes of one order one at a time on this node (FerretDB can lose concurrent updates). */
const lanes = new Map<string, Promise<unknown>>();
function inOrderLane<T>(orderId: string, work: () => Promise<T>): Promise<T> {
  const previous = lanes.get(orderId) ?? Promise.resolve();
  const next = previous.then(work, work);
  const settled = next.catch(() => undefined);
  lanes.set(orderId, settled);
  void settled.then(() => {
    if (lanes.get(orderId) === settled) lanes.delete(orderId);
  });
  return next;
}
