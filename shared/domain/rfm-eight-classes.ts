/**
 * The Chinese eight-class RFM model (RFM 八类客户): each of R, F and M is high or low against
 * the shop's mean, and M decides 重要 (important) vs 一般 (general).
 *   R high: recency below the mean recency (bought more recently than average).
 *   F high: frequency above the mean frequency.
 *   M high: monetary above the mean monetary.
 * A value equal to the mean is low, so a single customer, or customers all alike, are
 * 一般挽留: nobody stands out.
 */
export const eightClasses = [
  '重要价值',
  '重要保持',
  '重要发展',
  '重要挽留',
  '一般价值',
  '一般保持',
  '一般发展',
  '一般挽留',
] as const;

export type EightClass = (typeof eightClasses)[number];
export type Level = 'H' | 'L';

export interface EightClassInfo {
  r: Level;
  f: Level;
  m: Level;
  label: { 'zh-CN': string; en: string };
  /** One sentence for a tooltip. */
  explanation: { 'zh-CN': string; en: string };
}

export const eightClassInfo: Record<EightClass, EightClassInfo> = {
  重要价值: {
    r: 'H',
    f: 'H',
    m: 'H',
    label: { 'zh-CN': '重要价值客户', en: 'Important value' },
    explanation: {
      'zh-CN': '最近买过、买得勤、花得多，是最有价值的客户，应优先服务并给予专属权益。',
      en: 'Bought recently, often and for a lot: the most valuable customers, to serve first and reward.',
    },
  },
  重要保持: {
    r: 'L',
    f: 'H',
    m: 'H',
    label: { 'zh-CN': '重要保持客户', en: 'Important to keep' },
    explanation: {
      'zh-CN': '买得勤、花得多，但最近没有再来，需要主动回访保持联系。',
      en: 'Buy often and spend a lot but have not been back lately: reach out to keep them.',
    },
  },
  重要发展: {
    r: 'H',
    f: 'L',
    m: 'H',
    label: { 'zh-CN': '重要发展客户', en: 'Important to develop' },
    explanation: {
      'zh-CN': '最近买过且花得多，但购买次数少，应提高复购频次。',
      en: 'Recent big spenders who seldom buy: encourage them to buy again more often.',
    },
  },
  重要挽留: {
    r: 'L',
    f: 'L',
    m: 'H',
    label: { 'zh-CN': '重要挽留客户', en: 'Important to win back' },
    explanation: {
      'zh-CN': '花得多，但很久没买、次数也少，有流失风险，需要重点挽留。',
      en: 'Spent a lot, but long ago and seldom: likely to leave, so win them back first.',
    },
  },
  一般价值: {
    r: 'H',
    f: 'H',
    m: 'L',
    label: { 'zh-CN': '一般价值客户', en: 'General value' },
    explanation: {
      'zh-CN': '最近买过、买得勤，但花得少，可推荐套餐提高客单价。',
      en: 'Recent and frequent but spend little: raise the order value with bundles.',
    },
  },
  一般保持: {
    r: 'L',
    f: 'H',
    m: 'L',
    label: { 'zh-CN': '一般保持客户', en: 'General to keep' },
    explanation: {
      'zh-CN': '以前买得勤但花得少，最近没有再来，可用低成本的方式唤醒。',
      en: 'Used to buy often for small amounts but have gone quiet: wake them up cheaply.',
    },
  },
  一般发展: {
    r: 'H',
    f: 'L',
    m: 'L',
    label: { 'zh-CN': '一般发展客户', en: 'General to develop' },
    explanation: {
      'zh-CN': '最近买过，但次数少、花得少，多为新客，可引导第二次购买。',
      en: 'Recent but infrequent small spenders, often new: guide them to a second order.',
    },
  },
  一般挽留: {
    r: 'L',
    f: 'L',
    m: 'L',
    label: { 'zh-CN': '一般挽留客户', en: 'General to win back' },
    explanation: {
      'zh-CN': '很久没买、次数少、花得少，价值最低，不宜投入过多。',
      en: 'Long gone, seldom bought and spent little: the least value, not worth much effort.',
    },
  },
};

const byLevels = new Map<string, EightClass>(
  eightClasses.map((name) => {
    const { r, f, m } = eightClassInfo[name];
    return [r + f + m, name];
  }),
);

export function eightClassFor(levels: { r: Level; f: Level; m: Level }): EightClass {
  const found = byLevels.get(levels.r + levels.f + levels.m);
  // Unreachable for valid levels: the eight entries cover every combination.
  if (!found) throw new RangeError(`No class for ${JSON.stringify(levels)}`);
  return found;
}

interface RawValues {
  recency: number;
  frequency: number;
  monetary: number;
}

/** Sums in whole cents for M: exact, so a customer exactly at the mean compares equal. */
function sums(customers: readonly RawValues[]) {
  let recency = 0;
  let frequency = 0;
  let cents = 0;
  for (const c of customers) {
    recency += c.recency;
    frequency += c.frequency;
    cents += Math.round(c.monetary * 100);
  }
  return { recency, frequency, cents };
}

/** The means the levels are set against (all 0 for no customers). */
export function rfmMeans(customers: readonly RawValues[]): RawValues {
  const n = customers.length;
  if (n === 0) return { recency: 0, frequency: 0, monetary: 0 };
  const sum = sums(customers);
  return { recency: sum.recency / n, frequency: sum.frequency / n, monetary: sum.cents / n / 100 };
}

/** The eight-class label of each customer against the means of all of them, in input order. */
export function eightClassesFor(customers: readonly RawValues[]): EightClass[] {
  const n = customers.length;
  const sum = sums(customers);
  // value × n against the sum: whole numbers (days, orders, cents), so "equal to the mean" is
  // exact (up to 2^53, i.e. ¥90 billion of spend summed over the shop).
  return customers.map((c) =>
    eightClassFor({
      r: c.recency * n < sum.recency ? 'H' : 'L',
      f: c.frequency * n > sum.frequency ? 'H' : 'L',
      m: Math.round(c.monetary * 100) * n > sum.cents ? 'H' : 'L',
    }),
  );
}
