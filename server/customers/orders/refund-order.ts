import type { Types } from 'mongoose';
import { ErrorCode } from '../../../shared/errors';
import { AppError } from '../../errors';
import { defaultTierRules, type TierRules } from '../member-tiers';
import { Order } from '../order-model';
import {
  PointsEntry,
  earnEntryId,
  pointsLedger,
  type PointsEntryDoc,
} from '../points-ledger-model';
import { inCustomerLane } from './customer-lane';
import { applyToCustomer, findCustomerStanding, presentStanding } from './customer-standing';
import {
  ledgerEntriesFor,
  pickRecordedOrder,
  refundEntry,
  type RecordedOrder,
} from './order-documents';
import type { RecordOutcome } from './record-order';

type StoredOrder = RecordedOrder & { _id: Types.ObjectId };

const DUPLICATE_KEY = 11000;

/**
 * Marks a paid order refunded: the ledger gives back the points it earned, and the customer's
 * points, paid spend, paid order count and tier follow. Refunding it again changes nothing.
 */
export async function refundOrder(
  orderId: string,
  refundedAt: Date,
  rules: TierRules = defaultTierRules,
): Promise<RecordOutcome> {
  const earn = await PointsEntry.findById(earnEntryId(orderId)).lean<PointsEntryDoc>();
  // Orders recorded before the ledger existed (the demo seed) are found by a scan, once.
  const found = earn?.orderDocId
    ? await Order.findById(earn.orderDocId).lean<StoredOrder>()
    : await Order.findOne({ orderId }).lean<StoredOrder>();
  if (!found) {
    throw new AppError(ErrorCode.NotFound, `There is no order ${orderId} to refund.`);
  }

  return inCustomerLane(found.customerId, async () => {
    // Read again inside the lane: a refund queued just before this one may have done it.
    const order = (await Order.findById(found._id).lean<StoredOrder>()) ?? found;
    const customer = await findCustomerStanding(order.customerId);
    if (!customer) {
      throw new AppError(ErrorCode.UnknownCustomer, `There is no customer ${order.customerId}.`);
    }
    const replay = () => ({
      order: pickRecordedOrder(order),
      customer: presentStanding(customer),
      pointsChange: 0,
      replayed: true,
    });
    if (order.status === 'refunded') return replay();
    if (refundedAt < order.paidAt) {
      throw new AppError(
        ErrorCode.Validation,
        `The refund time ${refundedAt.toISOString()} is before order ${orderId} was paid (${order.paidAt.toISOString()}).`,
      );
    }

    const earned = earn?.points ?? (await backfillEarnEntry(order, rules));
    // The ledger entry first: if this stops half-way, a retry finds the order still paid and
    // finishes; the entry's fixed _id keeps it from counting twice.
    try {
      await pointsLedger().insertOne(refundEntry(order, earned, refundedAt));
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    }
    const { matchedCount } = await Order.updateOne(
      { _id: order._id, status: 'paid' },
      { $set: { status: 'refunded', refundedAt } },
    );
    if (matchedCount === 0) return replay();
    const standing = await applyToCustomer(
      customer._id,
      { points: -earned, spent: -order.amount, orders: -1 },
      rules,
    );
    return {
      order: { ...pickRecordedOrder(order), status: 'refunded', refundedAt },
      customer: standing,
      pointsChange: -earned,
      replayed: false,
    };
  });
}

/** The earn entry of an order recorded before the ledger existed; returns its points. */
async function backfillEarnEntry(order: StoredOrder, rules: TierRules): Promise<number> {
  const [earn] = ledgerEntriesFor(order, { orderDocId: order._id, rules });
  try {
    await pointsLedger().insertOne(earn!);
    return earn!.points;
  } catch (error) {
    if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
    const stored = await PointsEntry.findById(earn!._id).lean<PointsEntryDoc>();
    return stored?.points ?? earn!.points;
  }
}
