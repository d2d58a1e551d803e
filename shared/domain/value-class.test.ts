import { describe, expect, it } from 'vitest';
import {
  assessCustomerValue,
  defaultValueClassRules,
  valueClassLabels,
  type CustomerHistory,
} from './value-class';

/** A year of history (2024-03-01 → 2025-03-01 = 365 days): purchases per year = paid orders. */
function customer(history: Partial<CustomerHistory>): CustomerHistory {
  return {
    paidOrders: 1,
    refundedOrders: 0,
    paidSpend: 100,
    complaints: 0,
    firstOrderOn: '2024-03-01',
    asOf: '2025-03-01',
    ...history,
  };
}

const codes = (history: Partial<CustomerHistory>) =>
  assessCustomerValue(customer(history)).reasons.map((r) => r.code);

describe('assessCustomerValue (default rules: margin 30%, 3 years)', () => {
  it('makes VIP, key and ordinary customers by profit CLV', () => {
    // AOV 1000 × 20 a year × 3 = 60000; × 30% = 18000 ≥ 10000.
    const vip = assessCustomerValue(customer({ paidOrders: 20, paidSpend: 20_000 }));
    expect(vip.valueClass).toBe('vip');
    expect(vip.clv.profit).toBe(18_000);
    expect(vip.reasons).toEqual([
      {
        code: 'clv',
        text: {
          'zh-CN': '利润终身价值 ¥18000.00，达到 VIP 门槛 ¥10000.00',
          en: 'Profit CLV ¥18000.00 reaches the VIP threshold of ¥10000.00',
        },
      },
    ]);
    // 1000 × 5 × 3 × 30% = 4500: key. 200 × 1 × 3 × 30% = 180: ordinary.
    expect(assessCustomerValue(customer({ paidOrders: 5, paidSpend: 5000 })).valueClass).toBe(
      'core',
    );
    const ordinary = assessCustomerValue(customer({ paidOrders: 1, paidSpend: 200 }));
    expect(ordinary.valueClass).toBe('ordinary');
    expect(ordinary.reasons[0]!.text.en).toBe(
      'Profit CLV ¥180.00 is below the key customer threshold of ¥3000.00',
    );
  });

  it('makes a big spender who returns too much poison, and says both', () => {
    // 4 of 10 orders refunded: 40% > 33.3%. The CLV alone would make a VIP (profit 54000).
    const big = assessCustomerValue(
      customer({ paidOrders: 6, paidSpend: 60_000, refundedOrders: 4 }),
    );
    expect(big.valueClass).toBe('poison');
    expect(big.refundRate).toBe(0.4);
    expect(big.reasons.map((r) => r.code)).toEqual(['refund_rate', 'clv']);
    expect(big.reasons[0]!.text['zh-CN']).toBe('退款率 40%（4/10 单）高于 33.3%');
    expect(big.reasons[1]!.text.en).toContain('reaches the VIP threshold');
  });

  it('needs more than a third refunded, from at least four orders', () => {
    // 2 of 6 is exactly a third: not above. Profit 1000 × 4 × 3 × 30% = 3600: key.
    expect(
      assessCustomerValue(customer({ paidOrders: 4, paidSpend: 4000, refundedOrders: 2 }))
        .valueClass,
    ).toBe('core');
    // 2 of 3 refunded, and the refunds' cost (60) above the profit (30), but only three orders.
    expect(codes({ paidOrders: 1, paidSpend: 100, refundedOrders: 2 })).toEqual(['clv']);
  });

  it('judges complaints per order, from three complaints', () => {
    // 3 on 10 orders = 0.3 per order > 0.2.
    expect(codes({ paidOrders: 10, paidSpend: 3000, complaints: 3 })).toEqual([
      'complaints',
      'clv',
    ]);
    // A loyal customer with sixty orders complains now and then: 0.05 per order.
    expect(
      assessCustomerValue(customer({ paidOrders: 60, paidSpend: 30_000, complaints: 3 }))
        .valueClass,
    ).toBe('vip');
    // Two complaints on two orders: not yet a pattern.
    expect(codes({ paidOrders: 2, paidSpend: 200, complaints: 2 })).toEqual(['clv']);
  });

  it('makes a customer poison when serving them costs more than they brought', () => {
    // 5 orders, 1 refunded (20%). Cost 1 × 30 + 2 chats × 5 = 40 > profit 100 × 30% = 30.
    const costly = assessCustomerValue(
      customer({ paidOrders: 4, paidSpend: 100, refundedOrders: 1, conversations: 2 }),
    );
    expect(costly.valueClass).toBe('poison');
    expect(costly).toMatchObject({ serviceCost: 40, realisedProfit: 30 });
    expect(costly.reasons[0]).toEqual({
      code: 'service_cost',
      text: {
        'zh-CN': '服务成本 ¥40.00 超过已带来的毛利 ¥30.00',
        en: 'Service cost ¥40.00 exceeds the gross profit brought so far, ¥30.00',
      },
    });
    // Without the chats the cost (30) only equals the profit: not poison.
    expect(codes({ paidOrders: 4, paidSpend: 100, refundedOrders: 1 })).toEqual(['clv']);
  });

  it('follows configured thresholds', () => {
    const rules = { ...defaultValueClassRules, maxRefundRate: 0.5, vipMinProfitClv: 60_000 };
    const big = customer({ paidOrders: 6, paidSpend: 60_000, refundedOrders: 4 });
    expect(assessCustomerValue(big, rules).valueClass).toBe('core');
    // AOV 500 × 10 a year × 3 = 15000: × 30% = 4500 is key, × 10% = 1500 is ordinary.
    const history = customer({ paidOrders: 10, paidSpend: 5000 });
    expect(assessCustomerValue(history).valueClass).toBe('core');
    const lowMargin = {
      ...defaultValueClassRules,
      clv: { ...defaultValueClassRules.clv, margin: 0.1 },
    };
    expect(assessCustomerValue(history, lowMargin).valueClass).toBe('ordinary');
  });

  it('labels the classes as the seeds do', () => {
    expect(Object.values(valueClassLabels).map((l) => l['zh-CN'])).toEqual([
      'VIP',
      '核心',
      '普通',
      '毒药',
    ]);
  });
});
