import { describe, expect, it } from 'vitest';
import { isBelowListPrice, priceBundle, toFen } from './bundle-pricing';

const prices: Record<string, number> = { A: 0.1, B: 0.2, C: 39.9, D: 29.9 };
const priceOf = (sku: string) => prices[sku];

describe('priceBundle', () => {
  it('adds prices in fen, so decimals do not drift', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(priceBundle(['A', 'B'], 0.29, priceOf)).toEqual({ listPrice: 0.3, saving: 0.01 });
    expect(priceBundle(['C', 'D'], 69.8, priceOf)).toEqual({ listPrice: 69.8, saving: 0 });
    expect(toFen(19.99)).toBe(1999);
  });

  it('knows no list price when an item has none', () => {
    expect(priceBundle(['A', 'X'], 1, priceOf)).toEqual({ listPrice: null, saving: null });
  });

  it('calls a bundle below the list price only when it saves at least a fen', () => {
    expect(isBelowListPrice(priceBundle(['C', 'D'], 69.79, priceOf))).toBe(true);
    expect(isBelowListPrice(priceBundle(['C', 'D'], 69.8, priceOf))).toBe(false);
    expect(isBelowListPrice(priceBundle(['C', 'D'], 80, priceOf))).toBe(false);
    expect(isBelowListPrice(priceBundle(['C', 'X'], 1, priceOf))).toBe(false);
  });
});
