import { Types, trusted } from 'mongoose';
import { ErrorCode } from '../../../shared/errors';
import type { RecordableOrder } from '../../../shared/schemas/shop-data';
import { AppError } from '../../errors';
import { defaultTierRules, type TierRules } from '../member-tiers';
import { Order } from '../order-model';
import {
  PointsEntry,
  earnEntryId,
  pointsLedger,
  type PointsEntryDoc,
} from '../points-ledger-model';
import { Product } from '../product-model';
import { inCustomerLane } from './customer-lane';
import {
  applyToCustomer,
  findCustomerStanding,
  presentStanding,
  type CustomerStanding,
} from './customer-standing';
import {
  ledgerEntriesFor,
  orderDigest,
  orderDocument,
  toRecordedOrder,
  type RecordedOrder,
} from './order-documents';

export type { RecordedOrder } from './order-documents';

export interface RecordOutcome {
  order: RecordedOrder;
  customer: CustomerStanding;
  /** Points this call added; 0 for a replay. */
  pointsChange: number;
  /** True when the same order was already recorded: nothing was written. */
  replayed: boolean;
}

const DUPLICATE_KEY = 11000;

const orderConflict = (orderId: string) =>
  new AppError(
    ErrorCode.OrderConflict,
    `Order ${orderId} was already recorded with different details (customer, items, dates or status). A recorded order cannot be changed; refund it instead, or send it under a new order id.`,
  );

/**
 * Records one order from the shop: the order, its points in the ledger, and the customer's
 * points, paid spend, paid order count and tier. The same order sent again changes nothing;
 * the same order id with different details is refused. Nothing is written before the order's
 * customer and SKUs are known to exist.
 */
export function recordOrder(
  input: RecordableOrder,
  rules: TierRules = defaultTierRules,
): Promise<RecordOutcome> {
  return inCustomerLane(input.customerId, async () => {
    const order = toRecordedOrder(input);
    const digest = orderDigest(order);
    const earlier = await PointsEntry.findById(earnEntryId(order.orderId)).lean<PointsEntryDoc>();
    if (earlier) {
      if (earlier.orderDigest !== digest) throw orderConflict(order.orderId);
      const stored = earlier.orderDocId
        ? await Order.findById(earlier.orderDocId, { status: 1, refundedAt: 1 }).lean<{
            status: 'paid' | 'refunded';
            refundedAt: Date | null;
          }>()
        : null;
      return replay(order, stored);
    }

    const customer = await findCustomerStanding(order.customerId);
    if (!customer) {
      throw new AppError(
        ErrorCode.UnknownCustomer,
        `There is no customer ${order.customerId}. Import the customer first (npm run import -- --customers FILE).`,
      );
    }
    await assertProductsExist(order.items.map((item) => item.sku));

    const orderDocId = new Types.ObjectId();
    try {
      await Order.collection.insertOne(orderDocument(order, orderDocId));
    } catch (error) {
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      return replayOrderWithoutLedger(order, digest);
    }
    const entries = ledgerEntriesFor(order, { orderDocId, rules });
    await pointsLedger().insertMany(entries);
    const pointsChange = entries.reduce((sum, entry) => sum + entry.points, 0);
    const paid = order.status === 'paid';
    const standing = await applyToCustomer(
      customer._id,
      { points: pointsChange, spent: paid ? order.amount : 0, orders: paid ? 1 : 0 },
      rules,
    );
    return { order, customer: standing, pointsChange, replayed: false };
  });
}

async function assertProductsExist(skus: string[]): Promise<void> {
  const wanted = [...new Set(skus)];
  const found = await Product.find({ sku: trusted({ $in: wanted }) }, { sku: 1 }).lean<
    { sku: string }[]
  >();
  const known = new Set(found.map((p) => p.sku));
  const unknown = wanted.filter((sku) => !known.has(sku));
  if (unknown.length > 0) {
    throw new AppError(
      ErrorCode.UnknownSku,
      `The catalogue has no product with the SKU ${unknown.join(', ')}. Import the products first (npm run import -- --products FILE).`,
    );
  }
}

/** The order as it stands now (it may have been refunded since), with its customer. */
async function replay(
  order: RecordedOrder,
  stored: { status: 'paid' | 'refunded'; refundedAt: Date | null } | null,
): Promise<RecordOutcome> {
  const customer = await findCustomerStanding(order.customerId);
  if (!customer) {
    throw new AppError(ErrorCode.UnknownCustomer, `There is no customer ${order.customerId}.`);
  }
  const current = stored
    ? { ...order, status: stored.status, refundedAt: stored.refundedAt }
    : order;
  return { order: current, customer: presentStanding(customer), pointsChange: 0, replayed: true };
}

/** An order recorded before the points ledger existed (the demo seed): compared in full. */
async function replayOrderWithoutLedger(
  order: RecordedOrder,
  digest: string,
): Promise<RecordOutcome> {
  const stored = await Order.findOne({ orderId: order.orderId }).lean<RecordedOrder>();
  if (!stored || orderDigest(stored) !== digest) throw orderConflict(order.orderId);
  return replay({ ...order, amount: stored.amount }, stored);
}
