import type { Types } from 'mongoose';
import { findWhereIn } from '../../infra/find-where-in';
import { Customer } from '../customer-model';
import { tierFor, type TierRules } from '../member-tiers';
import { Order } from '../order-model';
import {
  PointsEntry,
  earnEntryId,
  pointsLedger,
  refundEntryId,
  type PointsEntryDoc,
} from '../points-ledger-model';
import { totalsByCustomer } from './customer-totals';
import { ledgerEntriesFor, refundEntry, toRecordedOrder } from './order-documents';

interface StoredOrder {
  _id: Types.ObjectId;
  orderId: string;
  customerId: string;
  status: 'paid' | 'refunded';
  items: Array<{ sku: string; qty: number; unitPrice: number }>;
  amount: number;
  orderedAt: Date;
  paidAt: Date;
  refundedAt: Date | null;
}

// Each update costs FerretDB about a scan of the collection: progress is reported often.
const BATCH = 100;
const INSERT_BATCH = 2000;
const DUPLICATE_KEY = 11000;

/**
 * Rebuilds the points, paid spend, paid order count and tier of these customers from their
 * orders and points ledger. Orders recorded before the ledger existed (the demo seed) get
 * their ledger entries first; the entries' `_id`s make that safe to repeat.
 * Returns how many customers were updated.
 */
export async function recomputeCustomers(
  customerIds: Iterable<string>,
  options: { rules: TierRules; onProgress?: (done: number, total: number) => void },
): Promise<number> {
  const ids = new Set(customerIds);
  if (ids.size === 0) return 0;
  const [customers, orders, entries] = await Promise.all([
    findWhereIn<{ _id: Types.ObjectId; customerId: string }>(
      Customer.collection,
      'customerId',
      ids,
      { _id: 1 },
    ),
    findWhereIn<StoredOrder>(Order.collection, 'customerId', ids, {
      orderId: 1,
      status: 1,
      items: 1,
      amount: 1,
      orderedAt: 1,
      paidAt: 1,
      refundedAt: 1,
    }),
    findWhereIn<Pick<PointsEntryDoc, '_id' | 'customerId' | 'points'>>(
      PointsEntry.collection,
      'customerId',
      ids,
      { points: 1 },
    ),
  ]);

  const pointsById = new Map(entries.map((e) => [e._id, e.points]));
  const missing: PointsEntryDoc[] = [];
  for (const order of orders) {
    let earned = pointsById.get(earnEntryId(order.orderId));
    if (earned === undefined) {
      const recorded = { ...toRecordedOrder(order), amount: order.amount };
      const [earn] = ledgerEntriesFor(recorded, { orderDocId: order._id, rules: options.rules });
      missing.push(earn!);
      earned = earn!.points;
    }
    if (order.status === 'refunded' && !pointsById.has(refundEntryId(order.orderId))) {
      missing.push(refundEntry(order, earned, order.refundedAt ?? order.paidAt));
    }
  }
  await insertIgnoringDuplicates(missing);

  const totals = totalsByCustomer(orders, [...entries, ...missing]);

  for (let i = 0; i < customers.length; i += BATCH) {
    const updates = customers.slice(i, i + BATCH).map((customer) => {
      const t = totals.get(customer.customerId) ?? { points: 0, totalSpent: 0, orderCount: 0 };
      return {
        updateOne: {
          filter: { _id: customer._id },
          update: { $set: { ...t, memberTier: tierFor(t.totalSpent, options.rules) } },
        },
      };
    });
    await Customer.collection.bulkWrite(updates, { ordered: false });
    options.onProgress?.(Math.min(i + BATCH, customers.length), customers.length);
  }
  return customers.length;
}

async function insertIgnoringDuplicates(entries: PointsEntryDoc[]): Promise<void> {
  for (let i = 0; i < entries.length; i += INSERT_BATCH) {
    try {
      await pointsLedger().insertMany(entries.slice(i, i + INSERT_BATCH), { ordered: false });
    } catch (error) {
      const writeErrors = (error as { writeErrors?: Array<{ code: number }> }).writeErrors;
      const onlyDuplicates =
        (error as { code?: number }).code === DUPLICATE_KEY &&
        (writeErrors ?? []).every((e) => e.code === DUPLICATE_KEY);
      if (!onlyDuplicates) throw error;
    }
  }
}
