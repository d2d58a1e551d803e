import { describe, expect, it } from 'vitest';
import { shopOrderBodySchema } from './shop-data';

const body = {
  orderId: 'SHOP-1',
  customerId: 'C000001',
  orderedAt: '2025-03-01T10:15:00+08:00',
  items: [{ sku: 'HUM-001', qty: 2, unitPrice: 199.9 }],
};

const problemsOf = (input: unknown) => {
  const result = shopOrderBodySchema.safeParse(input);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('shopOrderBodySchema', () => {
  it('reads an order with defaults: paid, paid when ordered, not refunded', () => {
    expect(shopOrderBodySchema.parse(body)).toEqual({
      ...body,
      status: 'paid',
      orderedAt: new Date('2025-03-01T02:15:00Z'),
      paidAt: new Date('2025-03-01T02:15:00Z'),
      refundedAt: null,
    });
  });

  it.each([
    [{ ...body, amount: 399.8 }, 'Unrecognized key: "amount"'],
    [{ ...body, items: [] }, 'items: an order needs at least one line item'],
    [
      { ...body, items: [{ sku: 'HUM-001', qty: 0, unitPrice: 1 }] },
      'items.0.qty: must be at least 1',
    ],
    [
      { ...body, items: [{ sku: 'HUM-001', qty: 1, unitPrice: 1.234 }] },
      'items.0.unitPrice: must have at most two decimals',
    ],
    [
      { ...body, orderedAt: '2025-03-01 10:15' },
      'orderedAt: must be an ISO 8601 timestamp with a zone',
    ],
    [{ ...body, refundedAt: '2025-03-02T00:00:00Z' }, 'refundedAt: is set but the status is paid'],
    [{ ...body, paidAt: '2025-02-01T00:00:00Z' }, 'paidAt: is before the order time'],
    [{ ...body, orderId: 'a b' }, 'orderId: the order id may hold only letters, digits'],
  ])('refuses %o', (input, message) => {
    expect(problemsOf(input).join('\n')).toContain(message);
  });
});
