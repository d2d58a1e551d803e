import { describe, expect, it } from 'vitest';
import { catalogBundles, catalogProducts, categories, type Category } from './catalog';

const bySku = new Map(catalogProducts.map((p) => [p.sku, p]));

// Plausible shelf prices in CNY for a small home-appliance web shop.
const priceRange: Record<Category, [number, number]> = {
  humidifier: [49, 999],
  air_purifier: [199, 2999],
  filter: [29, 299],
  fragrance: [19, 99],
  heater: [99, 1299],
  kettle: [69, 499],
  fan: [39, 799],
  dehumidifier: [29, 2499],
};

describe('the demo catalogue', () => {
  it('has at least 60 products in at least 6 categories, each SKU once', () => {
    expect(catalogProducts.length).toBeGreaterThanOrEqual(60);
    expect(new Set(catalogProducts.map((p) => p.category)).size).toBeGreaterThanOrEqual(6);
    expect(categories.every((c) => catalogProducts.some((p) => p.category === c))).toBe(true);
    expect(bySku.size).toBe(catalogProducts.length);
    for (const p of catalogProducts) expect(p.sku).toMatch(/^[A-Z]{3}-\d{3}$/);
  });

  it('prices in yuan with at most two decimals, within each shelf’s range, above cost', () => {
    for (const p of catalogProducts) {
      const [min, max] = priceRange[p.category];
      expect(p.price, p.sku).toBeGreaterThanOrEqual(min);
      expect(p.price, p.sku).toBeLessThanOrEqual(max);
      expect(Math.round(p.price * 100) / 100).toBe(p.price);
      expect(p.cost).toBeLessThan(p.price);
      expect(Number.isInteger(p.stock) && p.stock >= 0).toBe(true);
    }
  });

  it('names every product in Chinese and English', () => {
    for (const p of catalogProducts) {
      expect(p.name.zhCN).toMatch(/[\u4e00-\u9fff]/);
      expect(p.name.en).toMatch(/^[A-Z]/);
      expect(p.description.zhCN && p.description.en).toBeTruthy();
      expect(p.imageUrl).toBe(`/shop-images/${p.category}.svg`);
    }
  });

  it('marks appliances durable and fits each consumable to existing appliances', () => {
    for (const p of catalogProducts) {
      if (p.category === 'filter' || p.category === 'fragrance') expect(p.durable).toBe(false);
      if (['humidifier', 'air_purifier', 'heater', 'kettle', 'fan'].includes(p.category))
        expect(p.durable).toBe(true);
      if (p.durable) expect(p.fitsSkus).toEqual([]);
      for (const sku of p.fitsSkus)
        expect(bySku.get(sku)?.durable, `${p.sku} fits ${sku}`).toBe(true);
    }
    const humidifierFilters = catalogProducts.filter(
      (p) => p.category === 'filter' && p.fitsSkus.every((s) => s.startsWith('HUM')),
    );
    expect(humidifierFilters.length).toBeGreaterThanOrEqual(3);
  });

  it('has at least five bundles, each of known products, cheaper than its parts', () => {
    expect(catalogBundles.length).toBeGreaterThanOrEqual(5);
    expect(new Set(catalogBundles.map((b) => b.bundleId)).size).toBe(catalogBundles.length);
    for (const b of catalogBundles) {
      const parts = b.skus.map((sku) => bySku.get(sku));
      expect(parts.every(Boolean), b.bundleId).toBe(true);
      const sum = parts.reduce((s, p) => s + (p?.price ?? 0), 0);
      expect(b.bundlePrice, b.bundleId).toBeLessThan(sum);
      expect(b.bundlePrice).toBeGreaterThan(sum * 0.75);
    }
    // The seeds' promotion: a humidifier with its filter and a fragrance pack.
    const care = catalogBundles.find((b) => b.bundleId === 'B-HUM-CARE')!;
    const [humidifier, filter, fragrance] = care.skus.map((sku) => bySku.get(sku)!);
    expect(humidifier?.category).toBe('humidifier');
    expect(filter?.fitsSkus).toContain(humidifier?.sku);
    expect(fragrance?.category).toBe('fragrance');
  });
});
