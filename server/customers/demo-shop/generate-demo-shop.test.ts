import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { tierFor } from '../member-tiers';
import { catalogProducts } from './catalog';
import { generateDemoShop, type DemoOrder } from './generate-demo-shop';
import { WINDOW_END, WINDOW_START } from './generate-orders';

// The full-size shop, generated once (about a second) and read by every test below.
const shop = generateDemoShop({ customers: 10_000, orders: 100_000 });
const n = shop.orders.length;
const price = new Map(catalogProducts.map((p) => [p.sku, p.price]));
const fits = new Map(catalogProducts.map((p) => [p.sku, p.fitsSkus]));
const round2 = (x: number) => Math.round(x * 100) / 100;
const contains = (test: (sku: string) => boolean) => (o: DemoOrder) =>
  o.items.some((i) => test(i.sku));
const hasHumidifier = contains((sku) => sku.startsWith('HUM'));
const hasHumidifierFilter = contains(
  (sku) => sku.startsWith('FLT') && fits.get(sku)!.some((s) => s.startsWith('HUM')),
);
const ordersPerCustomer = new Map<string, DemoOrder[]>();
for (const o of shop.orders) {
  const orders = ordersPerCustomer.get(o.customerId);
  if (orders) orders.push(o);
  else ordersPerCustomer.set(o.customerId, [o]);
}

describe('the generated demo shop', () => {
  it('has exactly the asked-for size, with unique ids', () => {
    expect(shop.products.length).toBeGreaterThanOrEqual(60);
    expect(new Set(shop.products.map((p) => p.category)).size).toBeGreaterThanOrEqual(6);
    expect(shop.bundles.length).toBeGreaterThanOrEqual(5);
    expect(shop.customers).toHaveLength(10_000);
    expect(n).toBe(100_000);
    expect(new Set(shop.customers.map((c) => c.customerId)).size).toBe(10_000);
    expect(new Set(shop.orders.map((o) => o.orderId)).size).toBe(100_000);
    expect(shop.customers[0]?.customerId).toBe('C000001');
    expect(shop.orders[0]?.orderId).toBe('O0000001');
    expect(shop.customers.every((c) => /^1[3-9]\d{9}$/.test(c.phone))).toBe(true);
  });

  it('is the same for the same seed and different for another', () => {
    const a = generateDemoShop({ seed: 7, customers: 300, orders: 2000 });
    const b = generateDemoShop({ seed: 7, customers: 300, orders: 2000 });
    const c = generateDemoShop({ seed: 8, customers: 300, orders: 2000 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c.orders)).not.toBe(JSON.stringify(a.orders));
    expect(JSON.stringify(c.customers)).not.toBe(JSON.stringify(a.customers));
  });

  it('gives exactly the asked-for counts for any small size', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 600 }), (c, o) => {
        const small = generateDemoShop({ seed: c * 1000 + o, customers: c, orders: o });
        return small.customers.length === c && small.orders.length === o;
      }),
      { numRuns: 40 },
    );
  });

  it('prices every order from its items at list price, or at the bundle price', () => {
    const bundlePrice = new Map(shop.bundles.map((b) => [b.bundleId, b.bundlePrice]));
    const wrong = shop.orders.filter((o) => {
      const sum = round2(o.items.reduce((s, i) => s + i.qty * i.unitPrice, 0));
      const listPrices = o.items.every(
        (i) => i.unitPrice === price.get(i.sku) && Number.isInteger(i.qty) && i.qty >= 1,
      );
      const amount = o.bundleId ? bundlePrice.get(o.bundleId)! : sum;
      return !listPrices || o.amount !== amount || (o.bundleId !== null && amount >= sum);
    });
    expect(wrong).toEqual([]);
    expect(shop.orders.filter((o) => o.bundleId).length / n).toBeGreaterThan(0.02);
  });

  it('keeps every date inside the two-year window, in order, ids following time', () => {
    const inWindow = (d: Date) => d.getTime() >= WINDOW_START && d.getTime() <= WINDOW_END;
    const wrong = shop.orders.filter(
      (o, i) =>
        !inWindow(o.orderedAt) ||
        !inWindow(o.paidAt) ||
        o.paidAt < o.orderedAt ||
        (o.status === 'refunded') !== (o.refundedAt !== null) ||
        (o.refundedAt !== null && (!inWindow(o.refundedAt) || o.refundedAt < o.paidAt)) ||
        (i > 0 && o.orderedAt < shop.orders[i - 1]!.orderedAt),
    );
    expect(wrong).toEqual([]);
    const joinedWrong = shop.customers.filter((c) => {
      const first = ordersPerCustomer.get(c.customerId)?.[0];
      return !inWindow(c.joinedAt) || (first !== undefined && c.joinedAt > first.orderedAt);
    });
    expect(joinedWrong).toEqual([]);
  });

  it('has 40–50% one-time buyers and a few heavy repeat buyers', () => {
    const counts = shop.customers.map((c) => ordersPerCustomer.get(c.customerId)?.length ?? 0);
    const oneTime = counts.filter((k) => k === 1).length / counts.length;
    expect(oneTime).toBeGreaterThan(0.4);
    expect(oneTime).toBeLessThan(0.5);
    const sorted = [...counts].sort((a, b) => b - a);
    const topFivePercentShare = sorted.slice(0, 500).reduce((a, b) => a + b, 0) / n;
    expect(topFivePercentShare).toBeGreaterThan(0.3);
    expect(sorted[5000]).toBeLessThanOrEqual(5); // the median customer buys a few times at most
  });

  it('sells humidifiers in winter and fans in summer, with 11.11 and 6.18 spikes', () => {
    const perMonth = (test: (o: DemoOrder) => boolean) => {
      const months = new Array<number>(12).fill(0);
      for (const o of shop.orders) if (test(o)) months[o.orderedAt.getUTCMonth()]! += 1;
      return months;
    };
    const sum = (months: number[], which: number[]) => which.reduce((s, m) => s + months[m]!, 0);
    const humidifiers = perMonth(hasHumidifier);
    const fans = perMonth(contains((sku) => sku.startsWith('FAN')));
    // Per month: Nov–Feb (4 months) against Jun–Aug (3 months).
    const humidifierWinterVsSummer =
      sum(humidifiers, [10, 11, 0, 1]) / 4 / (sum(humidifiers, [5, 6, 7]) / 3);
    expect(humidifierWinterVsSummer).toBeGreaterThan(4);
    expect(sum(fans, [5, 6, 7]) / 3).toBeGreaterThan((4 * sum(fans, [10, 11, 0, 1])) / 4);

    const perDay = (month: number, days: number[]) =>
      shop.orders.filter(
        (o) => o.orderedAt.getUTCMonth() === month && days.includes(o.orderedAt.getUTCDate()),
      ).length / days.length;
    const ordinaryDays = [20, 21, 22, 23, 24, 25, 26, 27, 28];
    expect(perDay(10, [11])).toBeGreaterThan(2.5 * perDay(10, ordinaryDays));
    expect(perDay(5, [18])).toBeGreaterThan(1.8 * perDay(5, ordinaryDays));
  });

  it('sells a humidifier with its own filter (lift > 2.5), never a filter that does not fit', () => {
    const withHumidifier = shop.orders.filter(hasHumidifier);
    const withFilter = shop.orders.filter(hasHumidifierFilter).length;
    const both = withHumidifier.filter(hasHumidifierFilter).length;
    const confidence = both / withHumidifier.length;
    const lift = confidence / (withFilter / n);
    expect(lift).toBeGreaterThan(2.5);

    const misfits = withHumidifier.filter((o) => {
      const humidifiers = o.items.filter((i) => i.sku.startsWith('HUM')).map((i) => i.sku);
      return o.items.some(
        (i) => i.sku.startsWith('FLT') && !fits.get(i.sku)!.some((s) => humidifiers.includes(s)),
      );
    });
    expect(misfits).toEqual([]);
  });

  it('has owners re-buying the same filter every few months', () => {
    const gaps: number[] = [];
    for (const orders of ordersPerCustomer.values()) {
      const last = new Map<string, number>();
      for (const o of orders) {
        if (o.status !== 'paid') continue;
        for (const { sku } of o.items.filter((i) => i.sku.startsWith('FLT'))) {
          const previous = last.get(sku);
          if (previous !== undefined) gaps.push((o.orderedAt.getTime() - previous) / 86_400_000);
          last.set(sku, o.orderedAt.getTime());
        }
      }
    }
    gaps.sort((a, b) => a - b);
    expect(gaps.length).toBeGreaterThan(5000);
    const median = gaps[gaps.length >> 1]!;
    expect(median).toBeGreaterThan(45);
    expect(median).toBeLessThan(200);
  });

  it('refunds 4–8% of orders, far more often for about 2% of poison customers', () => {
    const refundShare = shop.orders.filter((o) => o.status === 'refunded').length / n;
    expect(refundShare).toBeGreaterThan(0.04);
    expect(refundShare).toBeLessThan(0.08);
    const poison = new Set(
      [...shop.archetypes].filter(([, a]) => a === 'poison').map(([id]) => id),
    );
    expect(poison.size / shop.customers.length).toBeGreaterThan(0.01);
    expect(poison.size / shop.customers.length).toBeLessThan(0.03);
    const refundRate = (orders: DemoOrder[]) =>
      orders.filter((o) => o.status === 'refunded').length / orders.length;
    const poisonOrders = shop.orders.filter((o) => poison.has(o.customerId));
    expect(refundRate(poisonOrders)).toBeGreaterThan(0.3);
    expect(refundRate(shop.orders.filter((o) => !poison.has(o.customerId)))).toBeLessThan(0.06);
    const complaints = (test: (id: string) => boolean) => {
      const group = shop.customers.filter((c) => test(c.customerId));
      return group.reduce((s, c) => s + c.complaints, 0) / group.length;
    };
    expect(complaints((id) => poison.has(id))).toBeGreaterThan(
      10 * complaints((id) => !poison.has(id)),
    );
  });

  it('derives tier, points, spend and order count from each customer’s paid orders', () => {
    const wrong = shop.customers.filter((c) => {
      const paid = (ordersPerCustomer.get(c.customerId) ?? []).filter((o) => o.status === 'paid');
      const spent = round2(paid.reduce((s, o) => s + o.amount, 0));
      return (
        c.orderCount !== paid.length ||
        c.totalSpent !== spent ||
        c.points !== paid.reduce((s, o) => s + Math.floor(o.amount), 0) ||
        c.memberTier !== tierFor(spent) ||
        c.personality !== null
      );
    });
    expect(wrong).toEqual([]);
    const tiers = new Set(shop.customers.map((c) => c.memberTier));
    expect(tiers).toEqual(new Set(['regular', 'silver', 'gold', 'diamond']));
  });
});
