import { describe, expect, it } from 'vitest';
import type { OrderRow } from '../../../shared/schemas/shop-data';
import { OrderRowGrouper } from './group-order-rows';

const row = (change: Partial<OrderRow> = {}): OrderRow => ({
  order_id: 'A1',
  customer_id: 'K1',
  ordered_at: new Date('2025-02-01T00:00:00Z'),
  status: 'paid',
  sku: 'HUM-1',
  qty: 1,
  unit_price: 399,
  paid_at: undefined,
  refunded_at: undefined,
  ...change,
});

function finish(grouper: OrderRowGrouper) {
  const problems: string[] = [];
  const drafts = grouper.finish((line, problem) => problems.push(`line ${line}: ${problem}`));
  return { drafts, problems };
}

describe('OrderRowGrouper', () => {
  it('gathers the rows of an order, wherever they are, with the line of each item', () => {
    const grouper = new OrderRowGrouper();
    expect(grouper.add(row(), 2)).toBeNull();
    expect(grouper.add(row({ order_id: 'A2', sku: 'X' }), 3)).toBeNull();
    expect(grouper.add(row({ sku: 'FLT-1', qty: 3, unit_price: 49.9 }), 4)).toBeNull();
    const { drafts, problems } = finish(grouper);
    expect(problems).toEqual([]);
    expect(drafts).toEqual([
      {
        line: 2,
        itemLines: [2, 4],
        order: {
          orderId: 'A1',
          customerId: 'K1',
          status: 'paid',
          orderedAt: new Date('2025-02-01T00:00:00Z'),
          paidAt: new Date('2025-02-01T00:00:00Z'),
          refundedAt: null,
          items: [
            { sku: 'HUM-1', qty: 1, unitPrice: 399 },
            { sku: 'FLT-1', qty: 3, unitPrice: 49.9 },
          ],
        },
      },
      expect.objectContaining({ line: 3, itemLines: [3] }),
    ]);
  });

  it('refuses a row that disagrees with its order, naming what differs and where', () => {
    const grouper = new OrderRowGrouper();
    grouper.add(row(), 2);
    expect(
      grouper.add(
        row({ customer_id: 'K2', ordered_at: new Date('2025-02-01T00:00:00.000+08:00') }),
        5,
      ),
    ).toBe(
      'order A1 disagrees with its row on line 2: customer_id K2 here, K1 there; ordered_at 2025-01-31T16:00:00.000Z here, 2025-02-01T00:00:00.000Z there. All rows of one order must have the same customer_id, ordered_at, status, paid_at and refunded_at.',
    );
    expect(grouper.add(row({ status: 'refunded' }), 6)).toContain(
      'status refunded here, paid there',
    );
  });

  it('checks each order as a whole: dates against the status', () => {
    const grouper = new OrderRowGrouper();
    grouper.add(row({ refunded_at: new Date('2025-03-01') }), 2);
    grouper.add(row({ order_id: 'A2', paid_at: new Date('2025-01-01') }), 3);
    grouper.add(
      row({ order_id: 'A3', status: 'refunded', refunded_at: new Date('2025-01-15') }),
      4,
    );
    expect(finish(grouper)).toEqual({
      drafts: [],
      problems: [
        'line 2: order A1: refunded_at is set but the status is paid.',
        'line 3: order A2: paid_at is before the order time.',
        'line 4: order A3: refunded_at is before the payment time.',
      ],
    });
  });
});
