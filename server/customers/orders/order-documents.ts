import { createHash } from 'node:crypto';
import type { Types } from 'mongoose';
import type {
  OrderLine,
  RecordableOrder,
  ShopOrderResponse,
} from '../../../shared/schemas/shop-data';
import { pointsFor, type TierRules } from '../member-tiers';
import { earnEntryId, refundEntryId, type PointsEntryDoc } from '../points-ledger-model';

/** An order as recorded: the shop's order with its amount worked out. */
export interface RecordedOrder {
  orderId: string;
  customerId: string;
  status: 'paid' | 'refunded';
  items: OrderLine[];
  /** CNY: the sum of quantity × unit price over the lines. */
  amount: number;
  orderedAt: Date;
  paidAt: Date;
  refundedAt: Date | null;
}

const round2 = (n: number) => Math.round(n * 100) / 100;

export function toRecordedOrder(order: RecordableOrder): RecordedOrder {
  const items = order.items.map(({ sku, qty, unitPrice }) => ({ sku, qty, unitPrice }));
  // Summed in fen, so 0.1 + 0.2 stays 0.30.
  const fen = items.reduce((sum, item) => sum + item.qty * Math.round(item.unitPrice * 100), 0);
  return {
    orderId: order.orderId,
    customerId: order.customerId,
    status: order.status,
    items,
    amount: fen / 100,
    orderedAt: order.orderedAt,
    paidAt: order.paidAt,
    refundedAt: order.refundedAt,
  };
}

/** The order as the shop first sent it; equal digests mean a retry, different ones a conflict. */
export function orderDigest(order: Omit<RecordedOrder, 'amount'>): string {
  const canonical = JSON.stringify([
    order.orderId,
    order.customerId,
    order.status,
    order.orderedAt.toISOString(),
    order.paidAt.toISOString(),
    order.refundedAt?.toISOString() ?? null,
    order.items.map((item) => [item.sku, item.qty, round2(item.unitPrice)]),
  ]);
  return createHash('sha256').update(canonical).digest('base64url');
}

/**
 * The ledger entries an order makes: it earns its points when paid, and gives them back when
 * refunded (an order that arrives already refunded gets both, netting to nothing).
 */
export function ledgerEntriesFor(
  order: RecordedOrder,
  options: { orderDocId: Types.ObjectId; rules: TierRules; importBatch?: string | null },
): PointsEntryDoc[] {
  const earned = pointsFor({ status: 'paid', amount: order.amount }, options.rules);
  const common = {
    customerId: order.customerId,
    orderId: order.orderId,
    amount: order.amount,
    importBatch: options.importBatch ?? null,
  };
  const earn: PointsEntryDoc = {
    ...common,
    _id: earnEntryId(order.orderId),
    kind: 'earn',
    points: earned,
    orderDigest: orderDigest(order),
    orderDocId: options.orderDocId,
    at: order.paidAt,
  };
  if (order.status === 'paid') return [earn];
  return [earn, refundEntry(order, earned, order.refundedAt ?? order.paidAt, options.importBatch)];
}

export function refundEntry(
  order: Pick<RecordedOrder, 'orderId' | 'customerId' | 'amount'>,
  earnedPoints: number,
  at: Date,
  importBatch: string | null = null,
): PointsEntryDoc {
  return {
    _id: refundEntryId(order.orderId),
    customerId: order.customerId,
    kind: 'refund',
    orderId: order.orderId,
    points: -earnedPoints,
    amount: order.amount,
    orderDigest: null,
    orderDocId: null,
    at,
    importBatch,
  };
}

/** The order document to insert (the shape of order-model.ts). */
export function orderDocument(order: RecordedOrder, _id: Types.ObjectId) {
  return {
    _id,
    orderId: order.orderId,
    customerId: order.customerId,
    status: order.status,
    items: order.items,
    amount: order.amount,
    orderedAt: order.orderedAt,
    paidAt: order.paidAt,
    refundedAt: order.refundedAt,
    bundleId: null,
  };
}

export function presentRecordedOrder(order: RecordedOrder): ShopOrderResponse['order'] {
  return {
    orderId: order.orderId,
    customerId: order.customerId,
    status: order.status,
    items: order.items.map(({ sku, qty, unitPrice }) => ({ sku, qty, unitPrice })),
    amount: order.amount,
    orderedAt: order.orderedAt.toISOString(),
    paidAt: order.paidAt.toISOString(),
    refundedAt: order.refundedAt?.toISOString() ?? null,
  };
}

/** Just the order's fields, from a stored document that has more. */
export function pickRecordedOrder(stored: RecordedOrder): RecordedOrder {
  return {
    orderId: stored.orderId,
    customerId: stored.customerId,
    status: stored.status,
    items: stored.items.map(({ sku, qty, unitPrice }) => ({ sku, qty, unitPrice })),
    amount: stored.amount,
    orderedAt: stored.orderedAt,
    paidAt: stored.paidAt,
    refundedAt: stored.refundedAt ?? null,
  };
}
