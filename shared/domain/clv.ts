import { toDay } from './utc-day';

/** Shop-wide assumptions behind every customer's CLV; supervisors may tune them. */
export interface ClvAssumptions {
  /** How many more years a customer is expected to keep buying. */
  lifespanYears: number;
  /** Gross margin, 0–1, for profit CLV. */
  margin: number;
  /**
   * A customer seen for fewer days than this is taken as seen this long, so that two orders in
   * the first week do not project to a hundred a year.
   */
  minObservedDays: number;
}

export const defaultClvAssumptions: ClvAssumptions = {
  lifespanYears: 3,
  margin: 0.3,
  minObservedDays: 365,
};

/** What the shop knows of a customer's paid orders (refunded ones left out, as in RFM). */
export interface PurchaseHistory {
  paidOrders: number;
  /** CNY. */
  paidSpend: number;
  /** Day of the first paid order; the purchase rate is counted from it to asOf. */
  firstOrderOn: Date | string;
  asOf: Date | string;
}

export interface Clv {
  averageOrderValue: number;
  purchasesPerYear: number;
  lifespanYears: number;
  margin: number;
  /** Days from the first order to the as-of day, at least minObservedDays. */
  observedDays: number;
  /** averageOrderValue × purchasesPerYear × lifespanYears, CNY to the cent. */
  revenue: number;
  /** revenue × margin, CNY to the cent. */
  profit: number;
}

export const clvFormula = {
  revenue: {
    'zh-CN': '客户终身价值 = 平均客单价 × 年均购买次数 × 预期生命周期（年）',
    en: 'CLV = average order value × purchases per year × expected lifespan (years)',
  },
  profit: {
    'zh-CN': '利润终身价值 = 平均客单价 × 年均购买次数 × 预期生命周期（年）× 毛利率',
    en: 'Profit CLV = average order value × purchases per year × expected lifespan (years) × margin',
  },
} as const;

const DAYS_PER_YEAR = 365;

export function customerLifetimeValue(
  history: PurchaseHistory,
  assumptions: ClvAssumptions = defaultClvAssumptions,
): Clv {
  const { lifespanYears, margin, minObservedDays } = assumptions;
  if (!(lifespanYears >= 0) || !(margin >= 0 && margin <= 1) || !(minObservedDays >= 1)) {
    throw new RangeError(`Invalid CLV assumptions: ${JSON.stringify(assumptions)}`);
  }
  if (!(history.paidOrders >= 0) || !(history.paidSpend >= 0)) {
    throw new RangeError('Paid orders and spend must be at least 0.');
  }
  const first = toDay(history.firstOrderOn);
  const asOf = toDay(history.asOf);
  if (first === null || asOf === null) throw new RangeError('Invalid first order or as-of date.');

  const observedDays = Math.max(asOf - first, minObservedDays);
  if (history.paidOrders === 0) {
    return {
      averageOrderValue: 0,
      purchasesPerYear: 0,
      lifespanYears,
      margin,
      observedDays,
      revenue: 0,
      profit: 0,
    };
  }
  const averageOrderValue = history.paidSpend / history.paidOrders;
  const purchasesPerYear = history.paidOrders / (observedDays / DAYS_PER_YEAR);
  const revenue = averageOrderValue * purchasesPerYear * lifespanYears;
  return {
    averageOrderValue: roundCents(averageOrderValue),
    purchasesPerYear,
    lifespanYears,
    margin,
    observedDays,
    revenue: roundCents(revenue),
    profit: roundCents(revenue * margin),
  };
}

/** The formula with this customer's numbers, for the tooltip under clvFormula. */
export function explainClv(clv: Clv, locale: 'zh-CN' | 'en', kind: 'revenue' | 'profit'): string {
  const perYear = locale === 'zh-CN' ? ' 次/年' : '/year';
  const years = locale === 'zh-CN' ? ' 年' : ' years';
  const parts = [
    yuan(clv.averageOrderValue),
    clv.purchasesPerYear.toFixed(2) + perYear,
    clv.lifespanYears + years,
  ];
  if (kind === 'profit') parts.push(`${Math.round(clv.margin * 1000) / 10}%`);
  return `${parts.join(' × ')} = ${yuan(kind === 'profit' ? clv.profit : clv.revenue)}`;
}

function yuan(amount: number): string {
  return `¥${amount.toFixed(2)}`;
}

function roundCents(amount: number): number {
  return Math.round(amount * 100) / 100;
}
