import { defaultTierRules, pointsFor, tierFor, type MemberTier } from '../member-tiers';
import {
  catalogBundles,
  catalogProducts,
  type CatalogBundle,
  type CatalogProduct,
} from './catalog';
import {
  allocateOrderCounts,
  generateCustomers,
  type Archetype,
  type GeneratedCustomer,
} from './generate-customers';
import {
  WINDOW_END,
  WINDOW_START,
  generateCustomerOrders,
  type GeneratedOrder,
} from './generate-orders';
import { DEMO_SEED, createRandom, type Random } from './random';

const DAY = 86_400_000;

export interface DemoCustomer extends Omit<GeneratedCustomer, 'archetype'> {
  joinedAt: Date;
  memberTier: MemberTier;
  points: number;
  /** Sum of paid orders, CNY. */
  totalSpent: number;
  /** Paid orders; refunded ones do not count. */
  orderCount: number;
  complaints: number;
  /** Set by agents in chats; nobody has been tagged yet. */
  personality: null;
}

export type DemoOrder = GeneratedOrder & { orderId: string };
export type DemoBundle = CatalogBundle & { validFrom: Date; validTo: Date; active: boolean };

export interface DemoShop {
  products: CatalogProduct[];
  bundles: DemoBundle[];
  customers: DemoCustomer[];
  /** Ordered by time; order ids follow that order. */
  orders: DemoOrder[];
  /** How each customer was made to buy; for tests and statistics, never stored. */
  archetypes: Map<string, Archetype>;
}

export interface DemoShopSize {
  seed?: number;
  customers?: number;
  orders?: number;
}

/** The whole demo shop from a seed: the same seed and sizes always give the same shop. */
export function generateDemoShop(options: DemoShopSize = {}): DemoShop {
  const random = createRandom(options.seed ?? DEMO_SEED);
  const generated = generateCustomers(random, options.customers ?? 10_000);
  const counts = allocateOrderCounts(random, generated, options.orders ?? 100_000);

  const byTime = generated
    .flatMap((c, i) => generateCustomerOrders(random, c, counts[i]!))
    .map((order) => ({ order, time: order.orderedAt.getTime() }))
    .sort((a, b) => a.time - b.time || byCodePoint(a.order.customerId, b.order.customerId));
  const orders: DemoOrder[] = byTime.map(({ order }, i) => ({
    ...order,
    orderId: `O${String(i + 1).padStart(7, '0')}`,
  }));

  return {
    products: catalogProducts,
    bundles: catalogBundles.map((b) => ({
      ...b,
      validFrom: new Date(WINDOW_START),
      validTo: new Date(WINDOW_END + 365 * DAY),
      active: true,
    })),
    customers: summarizeCustomers(random, generated, orders),
    orders,
    archetypes: new Map(generated.map((c) => [c.customerId, c.archetype])),
  };
}

// Plain comparison: ids are ASCII, and localeCompare is slow on 100k orders.
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Each customer's membership and history, derived from their orders. */
function summarizeCustomers(
  random: Random,
  generated: GeneratedCustomer[],
  orders: GeneratedOrder[],
): DemoCustomer[] {
  const history = new Map<
    string,
    { spent: number; points: number; paid: number; refunded: number; first: number }
  >();
  for (const o of orders) {
    let h = history.get(o.customerId);
    if (!h) {
      h = { spent: 0, points: 0, paid: 0, refunded: 0, first: o.orderedAt.getTime() };
      history.set(o.customerId, h);
    }
    if (o.status === 'paid') {
      h.spent += o.amount;
      h.paid += 1;
    } else h.refunded += 1;
    h.points += pointsFor(o, defaultTierRules);
  }

  return generated.map(({ archetype, ...c }) => {
    const h = history.get(c.customerId) ?? {
      spent: 0,
      points: 0,
      paid: 0,
      refunded: 0,
      first: WINDOW_START + 30 * DAY,
    };
    const spent = Math.round(h.spent * 100) / 100;
    // Poison customers complain as a habit; others now and then after a refund.
    let complaints = archetype === 'poison' ? random.int(2, 6) : random.chance(0.01) ? 1 : 0;
    for (let i = 0; i < h.refunded; i++) if (random.chance(0.25)) complaints += 1;
    return {
      ...c,
      // Registered up to a month before the first order, but not before the shop's records.
      joinedAt: new Date(Math.max(WINDOW_START, h.first - random.int(0, 30 * 86_400) * 1000)),
      memberTier: tierFor(spent, defaultTierRules),
      points: h.points,
      totalSpent: spent,
      orderCount: h.paid,
      complaints,
      personality: null,
    };
  });
}
