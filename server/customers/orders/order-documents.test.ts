import { Types } from 'mongoose';
import { describe, expect, it } from 'vitest';
import { defaultTierRules } from '../member-tiers';
import { totalsByCustomer } from './customer-totals';
import { ledgerEntriesFor, orderDigest, toRecordedOrder } from './order-documents';

const order = toRecordedOrder({
  orderId: 'A1',
  customerId: 'K1',
  status: 'paid',
  orderedAt: new Date('2025-02-01T02:00:00Z'),
  paidAt: new Date('2025-02-01T02:05:00Z'),
  refundedAt: null,
  items: [
    { sku: 'HUM-1', qty: 2, unitPrice: 399 },
    { sku: 'FLT-1', qty: 3, unitPrice: 0.1 },
  ],
});
const orderDocId = new Types.ObjectId();

describe('toRecordedOrder', () => {
  it('sums the lines in fen, so decimals do not drift', () => {
    expect(order.amount).toBe(798.3);
  });
});

describe('ledgerEntriesFor', () => {
  it('earns a point per whole yuan of a paid order, keyed by the order id', () => {
    expect(ledgerEntriesFor(order, { orderDocId, rules: defaultTierRules })).toEqual([
      {
        _id: 'A1:earn',
        customerId: 'K1',
        kind: 'earn',
        orderId: 'A1',
        points: 798,
        amount: 798.3,
        orderDigest: orderDigest(order),
        orderDocId,
        at: order.paidAt,
        importBatch: null,
      },
    ]);
  });

  it('gives the points back for an order that arrives refunded', () => {
    const refundedAt = new Date('2025-02-09T00:00:00Z');
    const entries = ledgerEntriesFor(
      { ...order, status: 'refunded', refundedAt },
      { orderDocId, rules: { ...defaultTierRules, pointsPerYuan: 2 }, importBatch: 'b1' },
    );
    expect(entries.map((e) => [e._id, e.points, e.at, e.importBatch])).toEqual([
      ['A1:earn', 1596, order.paidAt, 'b1'],
      ['A1:refund', -1596, refundedAt, 'b1'],
    ]);
  });
});

describe('orderDigest', () => {
  it('is equal for the same order and differs when anything the shop sent differs', () => {
    expect(orderDigest({ ...order, items: order.items.map((i) => ({ ...i })) })).toBe(
      orderDigest(order),
    );
    const changed = [
      { ...order, customerId: 'K2' },
      { ...order, status: 'refunded' as const },
      { ...order, paidAt: new Date('2025-02-01T02:06:00Z') },
      { ...order, items: [...order.items].reverse() },
      { ...order, items: [{ ...order.items[0]!, qty: 3 }, order.items[1]!] },
    ];
    for (const other of changed) expect(orderDigest(other)).not.toBe(orderDigest(order));
  });
});

describe('totalsByCustomer', () => {
  it('adds paid orders and all ledger points per customer', () => {
    const totals = totalsByCustomer(
      [
        { customerId: 'K1', status: 'paid', amount: 0.1 },
        { customerId: 'K1', status: 'paid', amount: 0.2 },
        { customerId: 'K1', status: 'refunded', amount: 500 },
        { customerId: 'K2', status: 'refunded', amount: 80 },
      ],
      [
        { customerId: 'K1', points: 500 },
        { customerId: 'K1', points: -500 },
        { customerId: 'K2', points: 80 },
        { customerId: 'K2', points: -80 },
      ],
    );
    expect(Object.fromEntries(totals)).toEqual({
      K1: { points: 0, totalSpent: 0.3, orderCount: 2 },
      K2: { points: 0, totalSpent: 0, orderCount: 0 },
    });
  });
});
