import { describe, expect, it } from 'vitest';
import { clvFormula, customerLifetimeValue, defaultClvAssumptions, explainClv } from './clv';

describe('customerLifetimeValue', () => {
  it('multiplies average order value, purchases per year and lifespan (× margin)', () => {
    // 2024-03-01 → 2025-03-01 is 365 days (Feb 2025 has 28). AOV 1000/4 = 250, 4 a year,
    // 3 years → 250 × 4 × 3 = 3000; × 30% = 900.
    const clv = customerLifetimeValue({
      paidOrders: 4,
      paidSpend: 1000,
      firstOrderOn: '2024-03-01',
      asOf: '2025-03-01',
    });
    expect(clv).toEqual({
      averageOrderValue: 250,
      purchasesPerYear: 4,
      lifespanYears: 3,
      margin: 0.3,
      observedDays: 365,
      revenue: 3000,
      profit: 900,
    });
  });

  it('spreads the orders over the years observed', () => {
    // 2023-03-02 → 2024-03-02 is 366 days (29 Feb 2024), → 2025-03-01 is 364 more: 730 = 2 years.
    // AOV 1200/6 = 200, 6 orders / 2 years = 3 a year → 200 × 3 × 3 = 1800; × 25% = 450.
    const clv = customerLifetimeValue(
      { paidOrders: 6, paidSpend: 1200, firstOrderOn: '2023-03-02', asOf: '2025-03-01' },
      { lifespanYears: 3, margin: 0.25, minObservedDays: 365 },
    );
    expect(clv).toMatchObject({
      observedDays: 730,
      purchasesPerYear: 3,
      revenue: 1800,
      profit: 450,
    });
  });

  it('counts a new customer as observed for at least minObservedDays', () => {
    const history = {
      paidOrders: 2,
      paidSpend: 300,
      firstOrderOn: new Date('2025-02-20T10:00:00Z'),
      asOf: '2025-03-01',
    };
    // 9 days seen, taken as 365: 2 a year, AOV 150 → 150 × 2 × 3 = 900; × 30% = 270.
    expect(customerLifetimeValue(history)).toMatchObject({
      observedDays: 365,
      purchasesPerYear: 2,
      revenue: 900,
      profit: 270,
    });
    // Taken as 30 days: 2 / (30/365) = 24.33 a year → 150 × 24.333… × 3 = 10950; × 30% = 3285.
    expect(
      customerLifetimeValue(history, { ...defaultClvAssumptions, minObservedDays: 30 }),
    ).toMatchObject({ observedDays: 30, revenue: 10950, profit: 3285 });
  });

  it('is zero without paid orders', () => {
    expect(
      customerLifetimeValue({
        paidOrders: 0,
        paidSpend: 0,
        firstOrderOn: '2025-01-01',
        asOf: '2025-03-01',
      }),
    ).toMatchObject({ averageOrderValue: 0, purchasesPerYear: 0, revenue: 0, profit: 0 });
  });

  it('refuses impossible assumptions and histories', () => {
    const history = {
      paidOrders: 1,
      paidSpend: 10,
      firstOrderOn: '2025-01-01',
      asOf: '2025-03-01',
    };
    expect(() => customerLifetimeValue(history, { ...defaultClvAssumptions, margin: 1.5 })).toThrow(
      RangeError,
    );
    expect(() =>
      customerLifetimeValue(history, { ...defaultClvAssumptions, minObservedDays: 0 }),
    ).toThrow(RangeError);
    expect(() => customerLifetimeValue({ ...history, paidOrders: -1 })).toThrow(RangeError);
    expect(() => customerLifetimeValue({ ...history, asOf: '2025-02-30' })).toThrow(RangeError);
  });
});

describe('CLV in the tooltip', () => {
  const clv = customerLifetimeValue({
    paidOrders: 4,
    paidSpend: 1000,
    firstOrderOn: '2024-03-01',
    asOf: '2025-03-01',
  });

  it('states the formula in both languages', () => {
    expect(clvFormula.revenue.en).toBe(
      'CLV = average order value × purchases per year × expected lifespan (years)',
    );
    expect(clvFormula.profit['zh-CN']).toBe(
      '利润终身价值 = 平均客单价 × 年均购买次数 × 预期生命周期（年）× 毛利率',
    );
  });

  it("fills in the customer's numbers", () => {
    expect(explainClv(clv, 'zh-CN', 'profit')).toBe('¥250.00 × 4.00 次/年 × 3 年 × 30% = ¥900.00');
    expect(explainClv(clv, 'en', 'revenue')).toBe('¥250.00 × 4.00/year × 3 years = ¥3000.00');
  });
});
