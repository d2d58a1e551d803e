import type { Random } from './random';

const surnames =
  '王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程苏魏吕丁任沈'.split(
    '',
  );
const givenChars =
  '伟芳娜秀敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂英华玲梅兰凤洁婷雪琳晨宇浩然子涵欣怡佳琪思远一诺梓萱雨轩'.split(
    '',
  );
// Big cities buy more online; the weights are rough shares of the shop's buyers.
const cities = [
  ['上海', 9],
  ['北京', 8],
  ['杭州', 6],
  ['广州', 6],
  ['深圳', 6],
  ['成都', 5],
  ['南京', 4],
  ['武汉', 4],
  ['苏州', 4],
  ['西安', 3],
  ['重庆', 3],
  ['天津', 3],
  ['长沙', 3],
  ['郑州', 2],
  ['青岛', 2],
  ['宁波', 2],
  ['合肥', 2],
  ['厦门', 2],
  ['沈阳', 2],
  ['昆明', 2],
] as const;
const cityNames = cities.map(([name]) => name);
const cityWeights = cities.map(([, weight]) => weight);
// Mainland mobile number prefixes in use (China Mobile, Unicom, Telecom).
const mobilePrefixes = [
  ...'0123456789'.split('').map((d) => `13${d}`),
  ...'01235789'.split('').map((d) => `15${d}`),
  '166',
  '173',
  '175',
  '176',
  '177',
  '178',
  ...'0123456789'.split('').map((d) => `18${d}`),
  '191',
  '198',
  '199',
];

/** How a customer buys; decides how many orders they get and how they behave. */
export type Archetype = 'one-time' | 'occasional' | 'repeat' | 'loyal' | 'poison';

export interface GeneratedCustomer {
  customerId: string;
  name: string;
  phone: string;
  city: string;
  archetype: Archetype;
}

const archetypes: Archetype[] = ['one-time', 'occasional', 'repeat', 'loyal', 'poison'];
const archetypeShares = [0.46, 0.3, 0.16, 0.06, 0.02];

export function generateCustomers(random: Random, count: number): GeneratedCustomer[] {
  return Array.from({ length: count }, (_, i) => {
    const archetype = random.weighted(archetypes, archetypeShares);
    const given = random.pick(givenChars) + (random.chance(0.6) ? random.pick(givenChars) : '');
    return {
      customerId: `C${String(i + 1).padStart(6, '0')}`,
      name: random.pick(surnames) + given,
      phone: random.pick(mobilePrefixes) + String(random.int(0, 99_999_999)).padStart(8, '0'),
      city: random.weighted(cityNames, cityWeights),
      archetype,
    };
  });
}

const orderWeightParams: Record<Archetype, [mu: number, sigma: number] | null> = {
  'one-time': null,
  occasional: [0, 0.5],
  repeat: [1.6, 0.5],
  loyal: [3, 0.6],
  poison: [1, 0.6],
};

/**
 * Splits `total` orders over the customers: one each for one-time buyers, at least two each
 * for the rest plus a heavy-tailed share (log-normal weights), summing to exactly `total`.
 */
export function allocateOrderCounts(
  random: Random,
  customers: GeneratedCustomer[],
  total: number,
): number[] {
  if (customers.length === 0) {
    if (total > 0) throw new RangeError('Orders need at least one customer.');
    return [];
  }
  const counts = customers.map((c) => (c.archetype === 'one-time' ? 1 : 2));
  const base = counts.reduce((a, b) => a + b, 0);
  if (base >= total) {
    // Tiny shops (tests): give everyone one order, then hand out what is left in turn.
    const simple = customers.map(() => 0);
    for (let i = 0; i < total; i++) simple[i % customers.length]! += 1;
    return simple;
  }
  // Capped at mu + 2.5 sigma: heavy buyers, but no single customer with an order every day.
  let weights = customers.map((c) => {
    const params = orderWeightParams[c.archetype];
    if (!params) return 0;
    const [mu, sigma] = params;
    return Math.min(random.lognormal(mu, sigma), Math.exp(mu + 2.5 * sigma));
  });
  // Only one-time buyers but more orders than customers: they are not one-time after all.
  if (weights.every((w) => w === 0)) weights = customers.map(() => 1);
  const weightSum = weights.reduce((a, b) => a + b, 0);
  const shares = weights.map((w) => (w / weightSum) * (total - base));
  shares.forEach((share, i) => (counts[i]! += Math.floor(share)));
  // Largest remainders get the orders lost to rounding, so the total is exact.
  let missing = total - counts.reduce((a, b) => a + b, 0);
  const byRemainder = shares
    .map((share, i) => [share - Math.floor(share), i] as const)
    .filter(([, i]) => weights[i]! > 0)
    .sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (missing <= 0) break;
    counts[i]! += 1;
    missing -= 1;
  }
  return counts;
}
