import { customerLifetimeValue, defaultClvAssumptions, type Clv, type ClvAssumptions } from './clv';

/**
 * VIP / 核心 / 普通 by profit CLV, and 毒药 (poison) for customers whose refunds, complaints or
 * service cost outweigh what they bring, however much they spend: a big customer is not
 * automatically a good one. Poison is checked first and wins.
 */
export type ValueClass = 'vip' | 'core' | 'ordinary' | 'poison';

export const valueClassLabels: Record<ValueClass, { 'zh-CN': string; en: string }> = {
  vip: { 'zh-CN': 'VIP', en: 'VIP' },
  core: { 'zh-CN': '核心', en: 'Key' },
  ordinary: { 'zh-CN': '普通', en: 'Ordinary' },
  poison: { 'zh-CN': '毒药', en: 'Poison' },
};

export interface ValueClassRules {
  clv: ClvAssumptions;
  /** Profit CLV (CNY) from which a customer is VIP, and from which key (核心). */
  vipMinProfitClv: number;
  coreMinProfitClv: number;
  /**
   * Refund rate and service cost are judged only from this many orders (paid + refunded): one
   * returned parcel is bad luck, not a pattern.
   */
  minOrdersToJudge: number;
  /** Poison when refunded / (paid + refunded) is above this. */
  maxRefundRate: number;
  /** Poison when complaints are at least minComplaints and above this many per order. */
  minComplaints: number;
  maxComplaintsPerOrder: number;
  /** CNY of agent time and handling per complaint, refund and chat; poison when their sum is
   *  above the gross profit the customer has brought (paid spend × margin). */
  serviceCost: { perComplaint: number; perRefund: number; perConversation: number };
}

/**
 * Calibrated on the demo shop (10,000 customers, 100,000 orders): VIP ≈ the top 5% by profit
 * CLV, key the next ≈ 17%; the poison rules catch 198 of its 205 poison customers and 23
 * occasional buyers who returned more than a third of at least four orders, and no loyal ones
 * (who, with sixty orders, complain a few times too).
 */
export const defaultValueClassRules: ValueClassRules = {
  clv: defaultClvAssumptions,
  vipMinProfitClv: 10_000,
  coreMinProfitClv: 3_000,
  minOrdersToJudge: 4,
  maxRefundRate: 1 / 3,
  minComplaints: 3,
  maxComplaintsPerOrder: 0.2,
  serviceCost: { perComplaint: 50, perRefund: 30, perConversation: 5 },
};

/** What the shop knows of a customer: its Customer document and its orders. */
export interface CustomerHistory {
  paidOrders: number;
  refundedOrders: number;
  /** CNY, paid orders only. */
  paidSpend: number;
  complaints: number;
  /** Chats with the shop's agents, when known. */
  conversations?: number;
  firstOrderOn: Date | string;
  asOf: Date | string;
}

export type ValueReasonCode = 'refund_rate' | 'complaints' | 'service_cost' | 'clv';

export interface ValueReason {
  code: ValueReasonCode;
  text: { 'zh-CN': string; en: string };
}

export interface ValueAssessment {
  valueClass: ValueClass;
  /** Why: the poison findings first, then the CLV against the thresholds. */
  reasons: ValueReason[];
  clv: Clv;
  refundRate: number;
  serviceCost: number;
  /** Gross profit brought so far: paid spend × margin. */
  realisedProfit: number;
}

export function assessCustomerValue(
  history: CustomerHistory,
  rules: ValueClassRules = defaultValueClassRules,
): ValueAssessment {
  const clv = customerLifetimeValue(
    {
      paidOrders: history.paidOrders,
      paidSpend: history.paidSpend,
      firstOrderOn: history.firstOrderOn,
      asOf: history.asOf,
    },
    rules.clv,
  );
  const orders = history.paidOrders + history.refundedOrders;
  const judged = orders >= rules.minOrdersToJudge;
  const refundRate = orders === 0 ? 0 : history.refundedOrders / orders;
  const cost = rules.serviceCost;
  const serviceCost = cents(
    history.complaints * cost.perComplaint +
      history.refundedOrders * cost.perRefund +
      (history.conversations ?? 0) * cost.perConversation,
  );
  const realisedProfit = cents(history.paidSpend * rules.clv.margin);

  const reasons: ValueReason[] = [];
  if (judged && refundRate > rules.maxRefundRate) {
    reasons.push({
      code: 'refund_rate',
      text: {
        'zh-CN': `退款率 ${percent(refundRate)}（${history.refundedOrders}/${orders} 单）高于 ${percent(rules.maxRefundRate)}`,
        en: `Refund rate ${percent(refundRate)} (${history.refundedOrders} of ${orders} orders) is above ${percent(rules.maxRefundRate)}`,
      },
    });
  }
  const complaintsPerOrder = orders === 0 ? history.complaints : history.complaints / orders;
  if (
    history.complaints >= rules.minComplaints &&
    complaintsPerOrder > rules.maxComplaintsPerOrder
  ) {
    reasons.push({
      code: 'complaints',
      text: {
        'zh-CN': `投诉 ${history.complaints} 次（${orders} 单），平均每单超过 ${rules.maxComplaintsPerOrder} 次`,
        en: `${history.complaints} complaints on ${orders} orders, more than ${rules.maxComplaintsPerOrder} per order`,
      },
    });
  }
  if (judged && serviceCost > realisedProfit) {
    reasons.push({
      code: 'service_cost',
      text: {
        'zh-CN': `服务成本 ${yuan(serviceCost)} 超过已带来的毛利 ${yuan(realisedProfit)}`,
        en: `Service cost ${yuan(serviceCost)} exceeds the gross profit brought so far, ${yuan(realisedProfit)}`,
      },
    });
  }

  const byValue: ValueClass =
    clv.profit >= rules.vipMinProfitClv
      ? 'vip'
      : clv.profit >= rules.coreMinProfitClv
        ? 'core'
        : 'ordinary';
  reasons.push(clvReason(clv.profit, byValue, rules));
  return {
    valueClass: reasons.length > 1 ? 'poison' : byValue,
    reasons,
    clv,
    refundRate,
    serviceCost,
    realisedProfit,
  };
}

function clvReason(profit: number, byValue: ValueClass, rules: ValueClassRules): ValueReason {
  const value = yuan(profit);
  if (byValue === 'vip') {
    const limit = yuan(rules.vipMinProfitClv);
    return {
      code: 'clv',
      text: {
        'zh-CN': `利润终身价值 ${value}，达到 VIP 门槛 ${limit}`,
        en: `Profit CLV ${value} reaches the VIP threshold of ${limit}`,
      },
    };
  }
  if (byValue === 'core') {
    const limit = yuan(rules.coreMinProfitClv);
    return {
      code: 'clv',
      text: {
        'zh-CN': `利润终身价值 ${value}，达到核心客户门槛 ${limit}`,
        en: `Profit CLV ${value} reaches the key customer threshold of ${limit}`,
      },
    };
  }
  const limit = yuan(rules.coreMinProfitClv);
  return {
    code: 'clv',
    text: {
      'zh-CN': `利润终身价值 ${value}，低于核心客户门槛 ${limit}`,
      en: `Profit CLV ${value} is below the key customer threshold of ${limit}`,
    },
  };
}

function cents(amount: number): number {
  return Math.round(amount * 100) / 100;
}

function yuan(amount: number): string {
  return `¥${amount.toFixed(2)}`;
}

function percent(rate: number): string {
  return `${Math.round(rate * 1000) / 10}%`;
}
