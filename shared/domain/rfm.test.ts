import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  RfmAccumulator,
  RfmInputError,
  computeRfm,
  quintileScores,
  scoreRfm,
  type OrderRow,
} from './rfm';

/**
 * Hand-checked shop, as of 2025-03-01 (UTC days):
 *   A  o1 2025-02-28 23:00Z in two rows 100 + 50.50, o2 2025-02-10 200
 *      → last 02-28, recency 1, frequency 2, monetary 350.50
 *   B  o3 2025-02-28 23:30 at −02:00 = 03-01 01:30 UTC → recency 0; 80; o4 refunded (left out)
 *      → recency 0, frequency 1, monetary 80
 *   C  o5 2025-01-30 80, o6 2025-01-01 20 → recency 30 (1 + 28 + 1), frequency 2, monetary 100
 *   D  o7 2025-02-10 350.50 → recency 19 (18 + 1), frequency 1, monetary 350.50
 *   E  o8 2025-03-05 (after the as-of day: left out), o9 2024-12-01 10
 *      → recency 90 (31 + 31 + 28), frequency 1, monetary 10
 *   F  only a refunded order → not listed
 */
const shop: OrderRow[] = [
  { customerId: 'E', orderId: 'o8', orderedAt: '2025-03-05', amount: 999 },
  { customerId: 'A', orderId: 'o1', orderedAt: '2025-02-28T23:00:00Z', amount: 100 },
  { customerId: 'B', orderId: 'o3', orderedAt: '2025-02-28T23:30:00-02:00', amount: 80 },
  { customerId: 'A', orderId: 'o2', orderedAt: new Date('2025-02-10T08:00:00Z'), amount: 200 },
  { customerId: 'B', orderId: 'o4', orderedAt: '2025-01-15', amount: 500, status: 'refunded' },
  { customerId: 'C', orderId: 'o5', orderedAt: '2025-01-30', amount: 80 },
  { customerId: 'A', orderId: 'o1', orderedAt: '2025-02-28T23:00:00Z', amount: 50.5 },
  { customerId: 'C', orderId: 'o6', orderedAt: Date.UTC(2025, 0, 1, 9), amount: 20 },
  { customerId: 'D', orderId: 'o7', orderedAt: '2025-02-10', amount: 350.5 },
  { customerId: 'E', orderId: 'o9', orderedAt: '2024-12-01', amount: 10, status: 'paid' },
  { customerId: 'F', orderId: 'o10', orderedAt: '2025-02-20', amount: 70, status: 'refunded' },
];

describe('computeRfm', () => {
  it('aggregates rows into orders and customers as of a day', () => {
    const result = computeRfm(shop, '2025-03-01');
    expect(result.asOf).toBe('2025-03-01');
    expect(
      result.customers.map(({ customerId, recency, frequency, monetary }) => [
        customerId,
        recency,
        frequency,
        monetary,
      ]),
    ).toEqual([
      ['A', 1, 2, 350.5],
      ['B', 0, 1, 80],
      ['C', 30, 2, 100],
      ['D', 19, 1, 350.5],
      ['E', 90, 1, 10],
    ]);
    expect(result.customers[0]).toMatchObject({
      firstOrderOn: '2025-02-10',
      lastOrderOn: '2025-02-28',
    });
  });

  it('defaults the as-of day to the day after the last order of any status', () => {
    const result = computeRfm([
      { customerId: 'A', orderId: '1', orderedAt: '2025-03-01T12:00:00Z', amount: 10 },
      { customerId: 'B', orderId: '2', orderedAt: '2025-03-10', amount: 5, status: 'refunded' },
    ]);
    expect(result.asOf).toBe('2025-03-11');
    expect(result.customers).toEqual([
      {
        customerId: 'A',
        recency: 10,
        frequency: 1,
        monetary: 10,
        firstOrderOn: '2025-03-01',
        lastOrderOn: '2025-03-01',
      },
    ]);
  });

  it('refunds a whole order when any of its rows is refunded, and dates it by its latest row', () => {
    const result = computeRfm(
      [
        { customerId: 'A', orderId: '1', orderedAt: '2025-03-01', amount: 10 },
        { customerId: 'A', orderId: '1', orderedAt: '2025-03-02', amount: 5, status: 'refunded' },
        { customerId: 'A', orderId: '2', orderedAt: '2025-02-01', amount: 7 },
        { customerId: 'A', orderId: '2', orderedAt: '2025-02-03', amount: 1 },
      ],
      '2025-03-03',
    );
    expect(result.customers[0]).toMatchObject({ recency: 28, frequency: 1, monetary: 8 });
  });

  it('adds amounts in whole cents', () => {
    const result = computeRfm([
      { customerId: 'A', orderId: '1', orderedAt: '2025-03-01', amount: 0.1 },
      { customerId: 'A', orderId: '2', orderedAt: '2025-03-01', amount: 0.2 },
    ]);
    expect(result.customers[0]!.monetary).toBe(0.3);
  });

  it('handles empty input', () => {
    expect(computeRfm([])).toEqual({ asOf: null, customers: [] });
    expect(computeRfm([], '2025-03-01')).toEqual({ asOf: '2025-03-01', customers: [] });
    expect(scoreRfm([])).toEqual([]);
  });

  it.each<[string, Partial<OrderRow>, RegExp]>([
    ['an empty customer', { customerId: '' }, /customer_id is empty/],
    ['an empty order id', { orderId: '' }, /order_id is empty/],
    ['a bad date', { orderedAt: '2025-02-30' }, /not a valid date/],
    ['an invalid Date', { orderedAt: new Date('x') }, /not a valid date/],
    ['a negative amount', { amount: -1 }, /amount/],
    ['a NaN amount', { amount: Number.NaN }, /amount/],
  ])('rejects %s', (_, change, message) => {
    const accumulator = new RfmAccumulator();
    const row = { customerId: 'A', orderId: '1', orderedAt: '2025-03-01', amount: 1, ...change };
    expect(() => accumulator.add(row)).toThrow(RfmInputError);
    expect(() => accumulator.add(row)).toThrow(message);
  });

  it('rejects an order that names two customers', () => {
    const accumulator = new RfmAccumulator();
    accumulator.add({ customerId: 'A', orderId: 'o1', orderedAt: '2025-03-01', amount: 1 });
    expect(() =>
      accumulator.add({ customerId: 'B', orderId: 'o1', orderedAt: '2025-03-01', amount: 1 }),
    ).toThrow('order o1 belongs to customer A, not B');
  });

  it('rejects a bad as-of day', () => {
    expect(() => computeRfm(shop, '2025-02-30')).toThrow(RfmInputError);
  });

  it('keeps many orders without losing any (typed arrays grow)', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => ({
      customerId: `C${i % 7}`,
      orderId: `O${i}`,
      orderedAt: '2025-01-01',
      amount: 1,
    }));
    const result = computeRfm(rows, '2025-01-02');
    expect(result.customers.map((c) => c.frequency)).toEqual([715, 715, 714, 714, 714, 714, 714]);
  });
});

describe('quintileScores', () => {
  it('spreads ten distinct values over two per quintile, whatever the input order', () => {
    expect(quintileScores([7, 2, 9, 0, 4, 1, 8, 3, 6, 5], 'higher')).toEqual([
      4, 2, 5, 1, 3, 1, 5, 2, 4, 3,
    ]);
    expect(quintileScores([7, 2, 9, 0, 4, 1, 8, 3, 6, 5], 'lower')).toEqual([
      2, 4, 1, 5, 3, 5, 1, 4, 2, 3,
    ]);
  });

  it('gives tied values the score of the middle of their block', () => {
    // n = 5. 10: b=0,e=1, p=0.1 → ⌈0.5⌉ = 1. 20 ×3: b=1,e=3, p=2.5/5 → ⌈2.5⌉ = 3.
    // 30: b=4,e=1, p=0.9 → ⌈4.5⌉ = 5.
    expect(quintileScores([20, 10, 20, 30, 20], 'higher')).toEqual([3, 1, 3, 5, 3]);
    // The bottom pair of five: p = (0 + 1)/5 = 0.2 exactly → ⌈1⌉ = 1, not 2.
    expect(quintileScores([1, 1, 2, 3, 4], 'higher')).toEqual([1, 1, 3, 4, 5]);
  });

  it('scores a lone customer or an all-equal column 3, and nothing for no customers', () => {
    expect(quintileScores([42], 'higher')).toEqual([3]);
    expect(quintileScores([5, 5, 5, 5], 'lower')).toEqual([3, 3, 3, 3]);
    expect(quintileScores([], 'higher')).toEqual([]);
  });

  it('scores two customers 2 and 4', () => {
    expect(quintileScores([1, 2], 'higher')).toEqual([2, 4]);
  });

  it('is deterministic, monotonic and fair to ties for any input', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }), (values) => {
        const scores = quintileScores(values, 'higher');
        const reversed = quintileScores([...values].reverse(), 'higher').reverse();
        expect(reversed).toEqual(scores);
        for (let i = 0; i < values.length; i++) {
          expect(scores[i]).toBeGreaterThanOrEqual(1);
          expect(scores[i]).toBeLessThanOrEqual(5);
          for (let j = 0; j < values.length; j++) {
            if (values[i] === values[j]) expect(scores[i]).toBe(scores[j]);
            if (values[i]! > values[j]!) expect(scores[i]).toBeGreaterThanOrEqual(scores[j]!);
          }
        }
        const lower = quintileScores(values, 'lower');
        // 'lower' ranks the other way round: a larger value never scores higher.
        for (let i = 0; i < values.length; i++) {
          for (let j = 0; j < values.length; j++) {
            if (values[i]! > values[j]!) expect(lower[i]).toBeLessThanOrEqual(lower[j]!);
          }
        }
      }),
    );
  });
});

describe('scoreRfm', () => {
  it('scores, segments and classes the hand-checked shop', () => {
    // R (lower recency is better): E90 C30 D19 A1 B0, distinct → 1 2 3 4 5.
    // F: {B,D,E}=1: b=0,e=3, p=0.3 → ⌈1.5⌉ = 2; {A,C}=2: b=3,e=2, p=0.8 → ⌈4⌉ = 4.
    // M: E10 → 1, B80 → 2, C100 → 3, {A,D}=350.5: b=3,e=2, p=0.8 → 4.
    // Segments: A 4/4/4 Loyal · B 5/2/2 New · C 2/4/3 At Risk (F+M=7) · D 3/2/4 About to Sleep
    // · E 1/2/1 Lost.
    // Means: recency 140/5 = 28, frequency 7/5 = 1.4, monetary 891/5 = 178.2.
    // A HHH 重要价值 · B H L L 一般发展 · C (30 ≥ 28) L H L 一般保持 · D H L H 重要发展 · E LLL 一般挽留.
    const scored = scoreRfm(computeRfm(shop, '2025-03-01').customers);
    expect(
      scored.map(({ customerId, r, f, m, segment, class8 }) => [
        customerId,
        r,
        f,
        m,
        segment,
        class8,
      ]),
    ).toEqual([
      ['A', 4, 4, 4, 'Loyal', '重要价值'],
      ['B', 5, 2, 2, 'New', '一般发展'],
      ['C', 2, 4, 3, 'At Risk', '一般保持'],
      ['D', 3, 2, 4, 'About to Sleep', '重要发展'],
      ['E', 1, 2, 1, 'Lost', '一般挽留'],
    ]);
  });

  it('gives a single-customer shop middle scores and no high marks', () => {
    const [only] = scoreRfm(
      computeRfm([{ customerId: 'A', orderId: '1', orderedAt: '2025-03-01', amount: 99 }])
        .customers,
    );
    expect(only).toMatchObject({
      recency: 1,
      r: 3,
      f: 3,
      m: 3,
      segment: 'Need Attention',
      class8: '一般挽留',
    });
  });
});
