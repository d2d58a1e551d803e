import { describe, expect, it } from 'vitest';
import type { OutreachKind } from '../schemas/outreach';
import { MIN_SCRIPT_SAMPLE } from './kpis';
import { outreachKpis, type OutreachOutcomeRow } from './outreach-kpis';

/** `sent` rows of `kind`, the first `attributed` of them attributed with `value` each. */
function rows(
  kind: OutreachKind,
  sent: number,
  attributed: number,
  value: number | null = 100,
): OutreachOutcomeRow[] {
  return Array.from({ length: sent }, (_, i) => ({
    kind,
    attributed: i < attributed,
    value: i < attributed ? value : null,
  }));
}

const byKind = (result: ReturnType<typeof outreachKpis>, kind: OutreachKind) =>
  result.kinds.find((k) => k.kind === kind)!;

describe('outreachKpis', () => {
  it('gives payment recovery with the Wilson interval once 20 reminders were sent', () => {
    const result = outreachKpis(rows('payment_reminder', 20, 12, 59.9));
    // 12 ÷ 20 = 0.6. Wilson, z = 1.96, z² = 3.8416:
    //   denominator = 1 + 3.8416/20 = 1.19208
    //   centre = (0.6 + 3.8416/40) / 1.19208 = 0.69604 / 1.19208 = 0.58389
    //   half = 1.96 × √(0.6 × 0.4 / 20 + 3.8416 / 1600) / 1.19208
    //        = 1.96 × √(0.012 + 0.002401) / 1.19208 = 1.96 × 0.120004 / 1.19208 = 0.19731
    //   → 0.38658 … 0.78120
    // Value: 12 × 59.90 = 718.80.
    expect(result.paymentRecovery).toMatchObject({
      sent: 20,
      attributed: 12,
      rate: 0.6,
      enoughData: true,
      value: 718.8,
    });
    expect(result.paymentRecovery.interval!.low).toBeCloseTo(0.38658, 4);
    expect(result.paymentRecovery.interval!.high).toBeCloseTo(0.7812, 4);
    expect(byKind(result, 'payment_reminder')).toEqual({
      kind: 'payment_reminder',
      ...result.paymentRecovery,
    });
  });

  it('says "not enough data" below the threshold: a rate but no interval', () => {
    expect(MIN_SCRIPT_SAMPLE).toBe(20);
    const result = outreachKpis(rows('payment_reminder', 19, 19));
    expect(result.paymentRecovery).toEqual({
      sent: 19,
      attributed: 19,
      rate: 1,
      interval: null,
      enoughData: false,
      value: 1900,
    });
  });

  it('adds follow-ups and review invitations into repeat purchase, not care or win-back', () => {
    const result = outreachKpis([
      ...rows('follow_up', 15, 3),
      ...rows('review_invitation', 5, 2),
      ...rows('member_care', 30, 30),
      ...rows('win_back', 4, 1),
    ]);
    // Repeat purchase: (3 + 2) ÷ (15 + 5) = 5 ÷ 20 = 0.25, value 5 × 100 = 500.
    //   centre = (0.25 + 0.09604) / 1.19208 = 0.34604 / 1.19208 = 0.29028
    //   half = 1.96 × √(0.25 × 0.75 / 20 + 0.002401) / 1.19208
    //        = 1.96 × √(0.009375 + 0.002401) / 1.19208 = 1.96 × 0.108517 / 1.19208 = 0.17842
    //   → 0.11186 … 0.46871
    expect(result.repeatPurchase).toMatchObject({
      sent: 20,
      attributed: 5,
      rate: 0.25,
      enoughData: true,
      value: 500,
    });
    expect(result.repeatPurchase.interval!.low).toBeCloseTo(0.11186, 4);
    expect(result.repeatPurchase.interval!.high).toBeCloseTo(0.46871, 4);
    // Each kind alone: follow-ups 3 ÷ 15 = 0.2 (under 20 sent: no interval).
    expect(byKind(result, 'follow_up')).toMatchObject({
      sent: 15,
      attributed: 3,
      rate: 0.2,
      interval: null,
      enoughData: false,
    });
    // Member care 30 ÷ 30 = 1: interval (p = 1, n = 30):
    //   centre = (1 + 3.8416/60) / (1 + 3.8416/30) = 1.064027 / 1.128053 = 0.943242
    //   half = 1.96 × √(0 + 3.8416/3600) / 1.128053 = 1.96 × 0.032667 / 1.128053 = 0.056758
    //   → 0.886484 … 1 (clamped)
    const care = byKind(result, 'member_care');
    expect(care.interval!.low).toBeCloseTo(0.88648, 4);
    expect(care.interval!.high).toBe(1);
    expect(byKind(result, 'win_back')).toMatchObject({ sent: 4, attributed: 1, rate: 0.25 });
    expect(result.paymentRecovery).toEqual({
      sent: 0,
      attributed: 0,
      rate: null,
      interval: null,
      enoughData: false,
      value: 0,
    });
  });

  it('lists every kind in a fixed order, zeros included', () => {
    expect(outreachKpis([]).kinds.map((k) => [k.kind, k.sent, k.rate])).toEqual([
      ['payment_reminder', 0, null],
      ['follow_up', 0, null],
      ['review_invitation', 0, null],
      ['member_care', 0, null],
      ['win_back', 0, null],
    ]);
  });

  it('sums money in fen (0.1 + 0.2 = 0.3) and counts unattributed values as nothing', () => {
    const result = outreachKpis([
      { kind: 'payment_reminder', attributed: true, value: 0.1 },
      { kind: 'payment_reminder', attributed: true, value: 0.2 },
      { kind: 'payment_reminder', attributed: true, value: null },
      // Not attributed: its value is not recovered.
      { kind: 'payment_reminder', attributed: false, value: 99 },
    ]);
    expect(result.paymentRecovery).toMatchObject({
      sent: 4,
      attributed: 3,
      rate: 0.75,
      value: 0.3,
    });
  });

  it('takes another threshold: 1 of 1 with minSample 1 has its interval', () => {
    const result = outreachKpis(rows('payment_reminder', 1, 1), 1);
    // p = 1, n = 1: denominator = 1 + 3.8416 = 4.8416
    //   centre = (1 + 1.9208) / 4.8416 = 0.603272; half = 1.96 × √(3.8416/4) / 4.8416
    //        = 1.96 × 0.98 / 4.8416 = 0.396728 → 0.206544 … 1
    expect(result.paymentRecovery.enoughData).toBe(true);
    expect(result.paymentRecovery.interval!.low).toBeCloseTo(0.206544, 5);
    expect(result.paymentRecovery.interval!.high).toBeCloseTo(1, 9);
  });

  it('ignores a kind it does not know', () => {
    const result = outreachKpis([
      { kind: 'flash_sale' as OutreachKind, attributed: true, value: 5 },
      ...rows('payment_reminder', 2, 1, 10),
    ]);
    expect(result.kinds.reduce((n, k) => n + k.sent, 0)).toBe(2);
    expect(result.paymentRecovery.value).toBe(10);
  });
});
