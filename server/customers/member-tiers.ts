export type MemberTier = 'regular' | 'silver' | 'gold' | 'diamond';

export interface TierRules {
  /** Minimum cumulative paid spend (CNY) for each tier, checked from the top down. */
  thresholds: Array<{ tier: MemberTier; minSpend: number }>;
  /** Points earned per whole CNY paid; refunded orders earn none. */
  pointsPerYuan: number;
}

export const defaultTierRules: TierRules = {
  thresholds: [
    { tier: 'diamond', minSpend: 20_000 },
    { tier: 'gold', minSpend: 5_000 },
    { tier: 'silver', minSpend: 1_000 },
    { tier: 'regular', minSpend: 0 },
  ],
  pointsPerYuan: 1,
};

export function tierFor(paidSpend: number, rules: TierRules = defaultTierRules): MemberTier {
  const sorted = [...rules.thresholds].sort((a, b) => b.minSpend - a.minSpend);
  return sorted.find((t) => paidSpend >= t.minSpend)?.tier ?? 'regular';
}

export function pointsFor(
  order: { status: string; amount: number },
  rules: TierRules = defaultTierRules,
): number {
  return order.status === 'paid' ? Math.floor(order.amount) * rules.pointsPerYuan : 0;
}
