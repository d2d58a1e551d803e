import { Household, buildBasket, buildRefillBasket, type Basket } from './build-basket';
import type { Category } from './catalog';
import type { GeneratedCustomer } from './generate-customers';
import type { Random } from './random';

/** The demo shop's history: two full years, fixed so that the data never depends on today. */
export const WINDOW_START = Date.UTC(2024, 10, 1);
export const WINDOW_END = Date.UTC(2026, 9, 31, 23, 59, 59);
const DAY = 86_400_000;

export interface GeneratedOrder extends Basket {
  customerId: string;
  status: 'paid' | 'refunded';
  orderedAt: Date;
  paidAt: Date;
  refundedAt: Date | null;
}

/** Demand through the year: winter for humidifiers and heaters, summer for fans, 11.11 and 6.18 spikes. */
export function seasonalWeight(day: Date, category?: Category): number {
  const month = day.getUTCMonth();
  const date = day.getUTCDate();
  const winter = month >= 10 || month <= 1;
  const summer = month >= 5 && month <= 7;
  let weight = 1;
  if (category === 'humidifier' || category === 'heater')
    weight = winter ? 2.6 : summer ? 0.35 : 0.9;
  else if (category === 'fan' || category === 'dehumidifier')
    weight = summer ? 3.5 : winter ? 0.25 : 0.9;
  else if (category === undefined) weight = winter ? 1.3 : 1;
  if (month === 10 && date >= 9 && date <= 12) weight *= 4; // 双十一
  if (month === 5 && date >= 16 && date <= 19) weight *= 2.5; // 618
  return weight;
}
/** The largest value seasonalWeight(day) takes: winter × 双十一. */
const MAX_SEASONAL_WEIGHT = 1.3 * 4;

/** A moment in [from, to], more likely in busy seasons (rejection sampling). */
function randomTime(random: Random, from: number, to: number): number {
  for (;;) {
    const t = random.float(from, to);
    if (random.next() * MAX_SEASONAL_WEIGHT < seasonalWeight(new Date(t))) return t;
  }
}

const leadCategories: Category[] = [
  'humidifier',
  'air_purifier',
  'heater',
  'kettle',
  'fan',
  'dehumidifier',
  // Consumables for appliances bought elsewhere.
  'filter',
  'fragrance',
];
const leadPopularity = [1, 1, 0.9, 1, 0.9, 0.6, 0.25, 0.3];

/**
 * Two orders in five from a household with something run out are that refill; the rest
 * follow the season, seldom for a second appliance of a kind already owned.
 */
function nextBasket(random: Random, household: Household, time: Date): Basket {
  const due = household.due(time.getTime());
  if (due.length && random.chance(0.4)) return buildRefillBasket(random, due);
  const category = random.weighted(
    leadCategories,
    leadCategories.map(
      (c, i) => leadPopularity[i]! * seasonalWeight(time, c) * (household.owns(c) ? 0.35 : 1),
    ),
  );
  return buildBasket(random, category);
}

/** Refunds land 3–15 days after payment, and before the window closes. */
function refundTime(random: Random, paidAt: number): number {
  const wanted = paidAt + random.int(3, 15) * DAY;
  const t = wanted <= WINDOW_END ? wanted : random.float(paidAt, WINDOW_END);
  return Math.floor(t / 1000) * 1000;
}

/** All orders of one customer, in time order. */
export function generateCustomerOrders(
  random: Random,
  customer: GeneratedCustomer,
  count: number,
): GeneratedOrder[] {
  // Each customer is active for a stretch of the window (frequent and loyal buyers for longer),
  // placed anywhere in it, so the shop has churned, lapsing and current customers alike.
  const windowLength = WINDOW_END - WINDOW_START;
  const months =
    customer.archetype === 'loyal'
      ? random.float(14, 24)
      : random.lognormal(Math.log(4 + 3 * Math.sqrt(count)), 0.5);
  const span = count > 1 ? Math.min(windowLength, months * 30 * DAY) : windowLength;
  const from = WINDOW_START + random.next() * (windowLength - span);
  const times = Array.from({ length: count }, () => randomTime(random, from, from + span));
  times.sort((a, b) => a - b);

  const refundRate = customer.archetype === 'poison' ? 0.45 : 0.04;
  const household = new Household(random);
  return times.map((t) => {
    const orderedAt = new Date(Math.floor(t / 1000) * 1000);
    const basket = nextBasket(random, household, orderedAt);
    const refunded = random.chance(refundRate);
    if (!refunded) household.record(basket, orderedAt.getTime());
    const paidAt = Math.min(WINDOW_END, orderedAt.getTime() + random.int(10, 1800) * 1000);
    return {
      customerId: customer.customerId,
      status: refunded ? 'refunded' : 'paid',
      ...basket,
      orderedAt,
      paidAt: new Date(paidAt),
      refundedAt: refunded ? new Date(refundTime(random, paidAt)) : null,
    };
  });
}
