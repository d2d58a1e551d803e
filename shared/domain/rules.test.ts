import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findFrequentItemsets, mineRules, type AssociationRule } from './rules';

const rule = (
  antecedent: string[],
  consequent: string,
  count: number,
  n: number,
  antecedentCount: number,
  consequentCount: number,
): AssociationRule => {
  const confidence = count / antecedentCount;
  return {
    antecedent,
    consequent: [consequent],
    support: count / n,
    confidence,
    lift: confidence / (consequentCount / n),
    count,
  };
};

describe('mineRules on hand-checked examples', () => {
  // The textbook shop: 5 baskets; minSupport 0.4 means a count of at least 2.
  const shop = [
    ['bread', 'milk'],
    ['bread', 'diapers', 'beer', 'eggs'],
    ['milk', 'diapers', 'beer', 'cola'],
    ['bread', 'milk', 'diapers', 'beer'],
    ['bread', 'milk', 'diapers', 'cola'],
  ];

  it('finds the itemsets and the confident rules of the textbook shop', () => {
    // Items: bread 4, milk 4, diapers 4, beer 3, cola 2 (eggs 1 is not frequent) → 5.
    // Pairs ≥ 2: bread-milk 3, bread-diapers 3, bread-beer 2, milk-diapers 3, milk-beer 2,
    //   milk-cola 2, diapers-beer 3, diapers-cola 2 (bread-cola 1, beer-cola 1 are not) → 8.
    // Triples ≥ 2: bread-milk-diapers 2, bread-diapers-beer 2, milk-diapers-beer 2,
    //   milk-diapers-cola 2 → 4. No frequent 4-set. 17 in all.
    // Rules with confidence ≥ 0.8 (the 0.75 and 0.67 ones fall out):
    //   beer ⇒ diapers            3/3 = 1, support 3/5 = 0.6, lift 1 / (4/5) = 1.25
    //   cola ⇒ milk, cola ⇒ diapers, {bread, beer} ⇒ diapers, {milk, beer} ⇒ diapers,
    //   {milk, cola} ⇒ diapers, {diapers, cola} ⇒ milk: 2/2 = 1, support 0.4, lift 1.25.
    // All tie on lift and confidence: beer ⇒ diapers leads on support, then antecedents by name
    // ([beer, bread] < [beer, milk] < [cola] < [cola, diapers] < [cola, milk]), then consequent.
    const result = mineRules(shop, { minSupport: 0.4, minConfidence: 0.8 });
    expect(result.transactions).toBe(5);
    expect(result.itemsets).toBe(17);
    expect(result.rules).toEqual([
      rule(['beer'], 'diapers', 3, 5, 3, 4),
      rule(['beer', 'bread'], 'diapers', 2, 5, 2, 4),
      rule(['beer', 'milk'], 'diapers', 2, 5, 2, 4),
      rule(['cola'], 'diapers', 2, 5, 2, 4),
      rule(['cola'], 'milk', 2, 5, 2, 4),
      rule(['cola', 'diapers'], 'milk', 2, 5, 2, 4),
      rule(['cola', 'milk'], 'diapers', 2, 5, 2, 4),
    ]);
    expect(result.rules[0]).toEqual({
      antecedent: ['beer'],
      consequent: ['diapers'],
      support: 0.6,
      confidence: 1,
      lift: 1.25,
      count: 3,
    });
  });

  it('orders by lift, then confidence, then support', () => {
    // N = 4; a 3, b 2, c 2; ab 2, ac 1, bc 0. minSupport 0.25 → count ≥ 1.
    //   b ⇒ a: conf 2/2 = 1,   lift 1 / (3/4) = 4/3, support 0.5
    //   a ⇒ b: conf 2/3,       lift (2/3) / (2/4) = 4/3, support 0.5  (same lift, lower conf)
    //   c ⇒ a: conf 1/2 = 0.5, lift 0.5 / (3/4) = 2/3, support 0.25
    //   a ⇒ c: conf 1/3 < 0.5, dropped.
    const result = mineRules([['a', 'b'], ['b', 'a'], ['a', 'c'], ['c']], {
      minSupport: 0.25,
      minConfidence: 0.5,
      maxLen: 2,
    });
    expect(result.itemsets).toBe(5); // a, b, c, ab, ac
    expect(result.rules).toEqual([
      rule(['b'], 'a', 2, 4, 2, 3),
      rule(['a'], 'b', 2, 4, 3, 2),
      rule(['c'], 'a', 1, 4, 2, 3),
    ]);
    expect(result.rules.map((r) => r.lift)).toEqual([4 / 3, 4 / 3, 2 / 3]);
  });
});

describe('mineRules edge cases', () => {
  it('mines nothing from no baskets', () => {
    expect(mineRules([], { minSupport: 0.1, minConfidence: 0.1 })).toEqual({
      transactions: 0,
      itemsets: 0,
      rules: [],
    });
  });

  it('reads a single basket as support 1 for all its subsets', () => {
    const result = mineRules([['tea', 'cup']], { minSupport: 1, minConfidence: 1 });
    expect(result.itemsets).toBe(3);
    expect(result.rules).toEqual([
      rule(['cup'], 'tea', 1, 1, 1, 1),
      rule(['tea'], 'cup', 1, 1, 1, 1),
    ]);
  });

  it('keeps, at minSupport 1, only what every basket holds', () => {
    const baskets = [
      ['a', 'b', 'c'],
      ['a', 'b'],
      ['b', 'a', 'd'],
    ];
    const result = mineRules(baskets, { minSupport: 1, minConfidence: 0 });
    expect(result.itemsets).toBe(3); // a, b, ab
    expect(result.rules.map((r) => [...r.antecedent, ...r.consequent])).toEqual([
      ['a', 'b'],
      ['b', 'a'],
    ]);
  });

  it('counts an item once per basket however often it is listed', () => {
    const result = mineRules(
      [
        ['a', 'a', 'b'],
        ['a', 'b', 'b', 'b'],
        ['c', 'c', 'c'],
      ],
      { minSupport: 0.5, minConfidence: 0 },
    );
    // a 2/3, b 2/3, ab 2/3; c is in one basket only (1/3 < 0.5).
    expect(result.itemsets).toBe(3);
    expect(result.rules).toEqual([rule(['a'], 'b', 2, 3, 2, 2), rule(['b'], 'a', 2, 3, 2, 2)]);
    expect(result.rules[0]!.lift).toBe(1.5);
  });

  it('counts empty baskets as transactions', () => {
    const result = mineRules([[], ['a', 'b'], [], ['a', 'b']], {
      minSupport: 0.5,
      minConfidence: 0,
    });
    expect(result.transactions).toBe(4);
    expect(result.rules[0]).toMatchObject({ support: 0.5, confidence: 1, lift: 2, count: 2 });
  });

  it('passes supports and confidences exactly at the threshold despite float rounding', () => {
    // 0.28 × 25 = 7.000000000000001 in floating point, yet 7 of 25 baskets is 28%: a bare
    // ceil would ask for 8 and lose y, and with it both rules.
    const baskets = Array.from({ length: 25 }, (_, i) => (i < 7 ? ['x', 'y'] : ['x']));
    const result = mineRules(baskets, { minSupport: 0.28, minConfidence: 0.28 });
    // y ⇒ x: 7/7 = 1, lift 1 / (25/25) = 1; x ⇒ y: 7/25 = 0.28, lift 0.28 / (7/25) = 1.
    expect(result.rules).toEqual([rule(['y'], 'x', 7, 25, 7, 25), rule(['x'], 'y', 7, 25, 25, 7)]);
  });

  it('stops at maxLen: 1 gives single items and no rules', () => {
    const baskets = [
      ['a', 'b', 'c'],
      ['a', 'b', 'c'],
    ];
    expect(mineRules(baskets, { minSupport: 0.5, minConfidence: 0, maxLen: 1 })).toEqual({
      transactions: 2,
      itemsets: 3,
      rules: [],
    });
    const two = mineRules(baskets, { minSupport: 0.5, minConfidence: 0, maxLen: 2 });
    expect(two.itemsets).toBe(6);
    expect(Math.max(...two.rules.map((r) => r.antecedent.length))).toBe(1);
    expect(mineRules(baskets, { minSupport: 0.5, minConfidence: 0 }).itemsets).toBe(7);
  });

  it('rejects thresholds out of range', () => {
    const baskets = [['a']];
    expect(() => mineRules(baskets, { minSupport: 0, minConfidence: 0.5 })).toThrow(RangeError);
    expect(() => mineRules(baskets, { minSupport: 1.5, minConfidence: 0.5 })).toThrow(RangeError);
    expect(() => mineRules(baskets, { minSupport: Number.NaN, minConfidence: 0.5 })).toThrow(
      RangeError,
    );
    expect(() => mineRules(baskets, { minSupport: 0.5, minConfidence: -0.1 })).toThrow(RangeError);
    expect(() => mineRules(baskets, { minSupport: 0.5, minConfidence: 0.5, maxLen: 0 })).toThrow(
      RangeError,
    );
    expect(() => mineRules(baskets, { minSupport: 0.5, minConfidence: 0.5, maxLen: 2.5 })).toThrow(
      RangeError,
    );
  });
});

// ---------------------------------------------------------------------------------------------
// Brute force: every subset of the items, counted by scanning every basket.

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Options {
  minSupport: number;
  minConfidence: number;
  maxLen?: number;
}

function bruteForce(baskets: string[][], { minSupport, minConfidence, maxLen = 10 }: Options) {
  const sets = baskets.map((b) => new Set(b));
  const n = sets.length;
  const universe = [...new Set(baskets.flat())].sort(byCodeUnits);
  const key = (items: string[]) => JSON.stringify(items);
  const frequent = new Map<string, { items: string[]; count: number }>();
  for (let mask = 1; mask < 1 << universe.length; mask++) {
    const items = universe.filter((_, i) => mask & (1 << i));
    if (items.length > maxLen) continue;
    const count = sets.filter((s) => items.every((item) => s.has(item))).length;
    if (count >= 1 && count >= minSupport * n - 1e-9) frequent.set(key(items), { items, count });
  }
  const rules: Array<AssociationRule & { a: number; c: number }> = [];
  for (const { items, count } of frequent.values()) {
    if (items.length < 2) continue;
    for (const consequent of items) {
      const antecedent = items.filter((i) => i !== consequent);
      const a = frequent.get(key(antecedent))!.count;
      const c = frequent.get(key([consequent]))!.count;
      if (count < minConfidence * a - 1e-9) continue;
      rules.push({
        antecedent,
        consequent: [consequent],
        support: count / n,
        confidence: count / a,
        lift: count / a / (c / n),
        count,
        a,
        c,
      });
    }
  }
  const big = BigInt;
  const sign = (x: bigint) => (x > 0n ? 1 : x < 0n ? -1 : 0);
  const names = (x: string[], y: string[]) => {
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const d = byCodeUnits(x[i]!, y[i]!);
      if (d) return d;
    }
    return x.length - y.length;
  };
  rules.sort(
    (x, y) =>
      // lift = count·N / (a·c): compare y's against x's exactly.
      sign(big(y.count) * big(x.a) * big(x.c) - big(x.count) * big(y.a) * big(y.c)) ||
      sign(big(y.count) * big(x.a) - big(x.count) * big(y.a)) ||
      y.count - x.count ||
      names(x.antecedent, y.antecedent) ||
      byCodeUnits(x.consequent[0]!, y.consequent[0]!),
  );
  return {
    transactions: n,
    itemsets: [...frequent.values()],
    rules: rules.map(({ a: _a, c: _c, ...r }) => r),
  };
}

// A few names that sort differently by code unit than by locale, and a space.
const item = fc.constantFrom('a', 'b', 'c', 'd', 'B', 'é', '苹果', 'a b');
const baskets = fc.array(fc.array(item, { maxLength: 7 }), { maxLength: 30 });
const caseArb = baskets.chain((bs) =>
  fc.record({
    baskets: fc.constant(bs),
    // Either any fraction or one exactly on a count (k / N), where rounding matters most.
    minSupport: fc.oneof(
      fc.double({ min: 0.001, max: 1, noNaN: true }),
      fc.integer({ min: 1, max: Math.max(1, bs.length) }).map((k) => k / Math.max(1, bs.length)),
      fc.integer({ min: 1, max: 100 }).map((k) => k / 100),
    ),
    minConfidence: fc.oneof(
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.integer({ min: 0, max: 100 }).map((k) => k / 100),
    ),
    maxLen: fc.option(fc.integer({ min: 1, max: 8 }), { nil: undefined }),
  }),
);

describe('mineRules against brute force', () => {
  it('finds the same itemsets and the same rules in the same order', () => {
    fc.assert(
      fc.property(caseArb, ({ baskets, ...options }) => {
        const expected = bruteForce(baskets, options);
        const result = mineRules(baskets, options);
        expect(result.transactions).toBe(expected.transactions);
        expect(result.itemsets).toBe(expected.itemsets.length);
        expect(result.rules).toEqual(expected.rules);

        const itemsets = findFrequentItemsets(baskets, options).itemsets;
        const asText = (sets: Array<{ items: string[]; count: number }>) =>
          sets.map((s) => `${JSON.stringify(s.items)}:${s.count}`).sort();
        expect(asText(itemsets)).toEqual(asText(expected.itemsets));
      }),
      { numRuns: 400 },
    );
  });

  it('does not depend on the order of baskets or of items within them', () => {
    fc.assert(
      fc.property(caseArb, fc.integer(), ({ baskets, ...options }, seed) => {
        const shuffled = [...baskets].reverse().map((b, i) => (i % 2 ? [...b].reverse() : b));
        if (seed % 2) shuffled.push(...shuffled.splice(0, seed % Math.max(1, shuffled.length)));
        expect(mineRules(shuffled, options)).toEqual(mineRules(baskets, options));
      }),
      { numRuns: 100 },
    );
  });
});
