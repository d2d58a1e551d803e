import { describe, expect, it } from 'vitest';
import type { AssociationRule } from '../../../shared/domain/rules';
import { premiumPriceFrom, rankOffers, type OfferCatalog, type OfferProduct } from './offers';

// Hand-checked fixture. Margins: HUM 40%, FLT 70%, OIL 60%, PUR 30%, LMP 50%.
// Prices sorted 30, 50, 400, 600, 1000: the upper quartile starts at index floor(5 × 0.75) = 3,
// so premium means ≥ ¥600 (LMP, PUR).
const product = (
  sku: string,
  price: number,
  cost: number,
  stock: number,
  durable: boolean,
): OfferProduct => ({ sku, name: { en: sku, 'zh-CN': `${sku}中` }, price, cost, stock, durable });

const rule = (antecedent: string[], consequent: string, lift: number, confidence = 0.2) =>
  ({
    antecedent,
    consequent: [consequent],
    lift,
    confidence,
    support: 0.01,
    count: 10,
  }) satisfies AssociationRule;

function catalog(changes: { stock?: Record<string, number> } = {}): OfferCatalog {
  const products = [
    product('HUM', 400, 240, 5, true),
    product('FLT', 50, 15, 10, false),
    product('OIL', 30, 12, 10, false),
    product('PUR', 1000, 700, 0, true),
    product('LMP', 600, 300, 3, true),
  ].map((p) => ({ ...p, stock: changes.stock?.[p.sku] ?? p.stock }));
  return {
    products: new Map(products.map((p) => [p.sku, p])),
    // List 480, cost 267: margin 1 − 267/440 = 39.32%, margin factor 0.8932.
    bundles: [
      {
        bundleId: 'B1',
        name: { en: 'Care set', 'zh-CN': '护理套装' },
        skus: ['HUM', 'FLT', 'OIL'],
        bundlePrice: 440,
        stock: 2,
      },
    ],
    rules: [
      rule(['HUM'], 'PUR', 4.0),
      rule(['HUM'], 'FLT', 3.0, 0.27),
      rule(['OIL'], 'HUM', 2.5),
      rule(['HUM'], 'OIL', 2.0),
      rule(['FLT'], 'LMP', 1.5),
    ],
  };
}

const ranked = (offers: ReturnType<typeof rankOffers>) =>
  offers.map((o) => [o.bundleId ?? o.items[0]!.sku, o.score]);

describe('premiumPriceFrom', () => {
  it('is the upper-quartile price of the catalogue', () => {
    expect(premiumPriceFrom(catalog().products)).toBe(600);
  });
});

describe('rankOffers', () => {
  it('scores relevance × margin: rules by lift, a bundle by its best rule, doubled for the product in view', () => {
    const offers = rankOffers(catalog(), { contextSku: 'HUM', owned: new Set(), tier: 'silver' });
    // FLT 3.0 × 2 × 1.2 = 7.2; B1 by HUM ⇒ FLT: 3.0 × 2 × 0.8932 = 5.36; OIL 2.0 × 2 × 1.1 = 4.4.
    // PUR (lift 4) is out of stock; FLT ⇒ LMP and OIL ⇒ HUM do not apply.
    expect(ranked(offers)).toEqual([
      ['FLT', 7.2],
      ['B1', 5.36],
      ['OIL', 4.4],
    ]);
    expect(offers[0]!.ranking.en).toBe('lift 3.0 ×2 (looking at it now) ×1.20 (margin 70%) = 7.2');
    expect(offers[0]!.ranking['zh-CN']).toBe('提升度 3.0 ×2（正在看）×1.20（毛利率 70%）= 7.2');
    expect(offers[0]!.reason.en).toBe(
      'They are looking at HUM: 27% of its buyers also bought FLT, 3.0× more than average',
    );
    expect(offers[1]).toMatchObject({ kind: 'bundle', bundlePrice: 440, listPrice: 480 });
    expect(offers[1]!.ranking.en).toBe(
      'bundle, lift 3.0 ×2 (looking at it now) ×0.89 (margin 39%) = 5.36',
    );
    expect(offers[1]!.ranking['zh-CN']).toBe(
      '套餐（提升度 3.0）×2（正在看）×0.89（毛利率 39%）= 5.36',
    );
  });

  it('moves bundles up for frugal shoppers and regular members', () => {
    const frugal = rankOffers(catalog(), {
      contextSku: 'HUM',
      owned: new Set(),
      tier: 'silver',
      personality: 'frugal',
    });
    // B1: 5.359 × 1.5 = 8.04, now above FLT (7.2).
    expect(ranked(frugal)).toEqual([
      ['B1', 8.04],
      ['FLT', 7.2],
      ['OIL', 4.4],
    ]);
    const regularFrugal = rankOffers(catalog(), {
      contextSku: 'HUM',
      owned: new Set(),
      tier: 'regular',
      personality: 'frugal',
    });
    expect(regularFrugal[0]).toMatchObject({ bundleId: 'B1', score: 9.65 }); // × 1.5 × 1.2
    expect(regularFrugal[0]!.ranking.en).toContain('×1.5 (Frugal shoppers favour bundles)');
    expect(regularFrugal[0]!.ranking['zh-CN']).toContain('×1.2（普通会员适合套餐）');
  });

  it('builds on what they own, keeps re-buyable consumables, drops owned durables and bundles holding one', () => {
    const offers = rankOffers(catalog(), {
      contextSku: null,
      owned: new Set(['HUM', 'FLT']),
      tier: 'gold',
      personality: 'vain',
    });
    // FLT (owned, but a consumable): 3.0 × 1.2 = 3.6. LMP: 1.5 × 1.0 × 1.5 (vain, premium)
    // × 1.2 (gold, premium) = 2.7. OIL: 2.0 × 1.1 = 2.2. B1 holds the HUM they own: dropped.
    expect(ranked(offers)).toEqual([
      ['FLT', 3.6],
      ['LMP', 2.7],
      ['OIL', 2.2],
    ]);
    expect(offers[0]!.reason.en).toMatch(/^They bought HUM:/);
  });

  it('offers an item once, with its best rule', () => {
    const c = catalog();
    c.rules.unshift(rule(['HUM', 'OIL'], 'FLT', 3.5, 0.3));
    const offers = rankOffers(c, { contextSku: null, owned: new Set(['HUM', 'OIL']) });
    // FLT by {HUM, OIL}: 3.5 × 1.2 = 4.2 beats HUM ⇒ FLT (3.6); OIL ⇒ HUM: HUM is owned.
    expect(ranked(offers)).toEqual([
      ['FLT', 4.2],
      ['OIL', 2.2],
    ]);
  });

  it('gives a hesitant shopper one clear recommendation', () => {
    const offers = rankOffers(catalog(), {
      contextSku: 'HUM',
      owned: new Set(),
      personality: 'hesitant',
    });
    expect(ranked(offers)).toEqual([['FLT', 7.2]]);
  });

  it('counts a bundle without a rule behind it as a lift of 2', () => {
    const c = catalog();
    c.rules = [];
    // 2 × 2 × 0.8932 = 3.57.
    const offers = rankOffers(c, { contextSku: 'FLT', owned: new Set() });
    expect(ranked(offers)).toEqual([['B1', 3.57]]);
    expect(offers[0]!.ranking.en).toBe('bundle 2 ×2 (looking at it now) ×0.89 (margin 39%) = 3.57');
  });

  it('leaves out a bundle with an item out of stock, and the product in view itself', () => {
    const offers = rankOffers(catalog({ stock: { OIL: 0 } }), {
      contextSku: 'FLT',
      owned: new Set(),
    });
    // Only FLT ⇒ LMP applies: 1.5 × 2 × 1.0 = 3. B1 lacks OIL.
    expect(ranked(offers)).toEqual([['LMP', 3]]);
  });

  it('builds on the cart like on the product in view, and never offers what is in it', () => {
    const offers = rankOffers(catalog(), {
      contextSku: null,
      owned: new Set(),
      cart: new Set(['HUM', 'OIL']),
    });
    // FLT 3.0 × 2 × 1.2 = 7.2; B1 (anchor HUM in the cart) 3.0 × 2 × 0.8932 = 5.36.
    // OIL is in the cart, and OIL ⇒ HUM points at the cart too: neither is offered.
    expect(ranked(offers)).toEqual([
      ['FLT', 7.2],
      ['B1', 5.36],
    ]);
    expect(offers[0]!.reason.en).toMatch(/^They have in the cart HUM:/);
    expect(offers[0]!.ranking['zh-CN']).toBe('提升度 3.0 ×2（在购物车里）×1.20（毛利率 70%）= 7.2');
    expect(offers[1]!.reason['zh-CN']).toMatch(/^与购物车里的HUM中组成套餐/);
  });

  it('has nothing to offer without a product in view or a purchase', () => {
    expect(rankOffers(catalog(), { contextSku: null, owned: new Set() })).toEqual([]);
  });
});
