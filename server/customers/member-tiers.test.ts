import { describe, expect, it } from 'vitest';
import { defaultTierRules, pointsFor, tierFor } from './member-tiers';

describe('member tiers', () => {
  it.each([
    [0, 'regular'],
    [999.99, 'regular'],
    [1000, 'silver'],
    [4999.99, 'silver'],
    [5000, 'gold'],
    [19_999, 'gold'],
    [20_000, 'diamond'],
  ])('spend %d is %s', (spend, tier) => {
    expect(tierFor(spend)).toBe(tier);
  });

  it('follows configured thresholds in any order', () => {
    const rules = {
      ...defaultTierRules,
      thresholds: [
        { tier: 'regular' as const, minSpend: 0 },
        { tier: 'gold' as const, minSpend: 100 },
      ],
    };
    expect(tierFor(99, rules)).toBe('regular');
    expect(tierFor(100, rules)).toBe('gold');
  });

  it('earns a point per whole yuan paid and none for refunds', () => {
    expect(pointsFor({ status: 'paid', amount: 239.9 })).toBe(239);
    expect(pointsFor({ status: 'paid', amount: 0.99 })).toBe(0);
    expect(pointsFor({ status: 'paid', amount: 1 })).toBe(1);
    expect(pointsFor({ status: 'refunded', amount: 239.9 })).toBe(0);
    expect(
      pointsFor({ status: 'paid', amount: 10 }, { ...defaultTierRules, pointsPerYuan: 2 }),
    ).toBe(20);
  });
});
