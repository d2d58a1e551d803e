import { describe, expect, it } from 'vitest';
import { Household, buildBasket, buildRefillBasket } from './build-basket';
import { catalogProducts } from './catalog';
import { createRandom } from './random';

const DAY = 86_400_000;
const t0 = Date.UTC(2025, 0, 1);
const product = (sku: string) => catalogProducts.find((p) => p.sku === sku)!;
const paid = (...skus: string[]) => ({
  items: skus.map((sku) => ({ sku, qty: 1, unitPrice: product(sku).price })),
  amount: 0,
  bundleId: null,
});

describe('Household', () => {
  it('needs a humidifier filter again 90–210 days after buying one', () => {
    const household = new Household(createRandom(1));
    household.record(paid('FLT-001'), t0);
    expect(household.due(t0 + 89 * DAY)).toEqual([]);
    expect(household.due(t0 + 210 * DAY).map((p) => p.sku)).toEqual(['FLT-001']);
  });

  it('lets purifier filters last longer than humidifier ones', () => {
    const household = new Household(createRandom(2));
    household.record(paid('FLT-006'), t0);
    expect(household.due(t0 + 149 * DAY)).toEqual([]);
    expect(household.due(t0 + 300 * DAY).map((p) => p.sku)).toEqual(['FLT-006']);
  });

  it('burns one fragrance at a time, the one bought last', () => {
    const household = new Household(createRandom(3));
    household.record(paid('FRG-001'), t0);
    household.record(paid('FRG-002'), t0 + DAY);
    expect(household.due(t0 + 400 * DAY).map((p) => p.sku)).toEqual(['FRG-002']);
  });

  it('remembers the kinds of appliance it owns', () => {
    const household = new Household(createRandom(4));
    household.record(paid('KTL-001'), t0);
    expect(household.owns('kettle')).toBe(true);
    expect(household.owns('fan')).toBe(false);
  });
});

describe('baskets', () => {
  it('refills at most two consumables, one to three of each', () => {
    const random = createRandom(5);
    const basket = buildRefillBasket(random, [
      product('FLT-001'),
      product('FRG-001'),
      product('FLT-005'),
    ]);
    expect(basket.items.map((i) => i.sku)).toEqual(['FLT-001', 'FRG-001']);
    expect(basket.items.every((i) => i.qty >= 1 && i.qty <= 3)).toBe(true);
    expect(basket.bundleId).toBeNull();
  });

  it('leads with the asked-for category and never lists a product twice', () => {
    const random = createRandom(6);
    for (let i = 0; i < 500; i++) {
      const basket = buildBasket(random, 'air_purifier');
      expect(basket.items[0]!.sku).toMatch(/^AIR-/);
      expect(new Set(basket.items.map((it) => it.sku)).size).toBe(basket.items.length);
    }
  });
});
