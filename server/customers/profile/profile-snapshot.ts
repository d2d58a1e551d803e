import { performance } from 'node:perf_hooks';
import { RfmAccumulator, scoreRfm, type RfmCustomer } from '../../../shared/domain/rfm';
import { mineRules, type AssociationRule } from '../../../shared/domain/rules';
import { dayOf, formatDay } from '../../../shared/domain/utc-day';
import { Bundle } from '../../offers/bundle-model';
import { loadCurrentRules } from '../../offers/rule-mining/rule-store';
import { Customer } from '../customer-model';
import { Order } from '../order-model';
import { Product } from '../product-model';
import type { OfferCatalog, OfferProduct } from './offers';

/** One of a customer's latest orders, as the profile shows it. */
export interface RecentOrder {
  orderId: string;
  orderedAt: Date;
  amount: number;
  status: 'paid' | 'refunded';
  items: Array<{ sku: string; qty: number }>;
}

/** The customer's own fields the profile shows; kept here so a profile reads no customer. */
export interface CustomerFields {
  customerId: string;
  name: string;
  memberTier: string;
  points: number;
  complaints: number;
  personality: string | null;
  notes: string;
}

export const CUSTOMER_FIELDS = {
  customerId: 1,
  name: 1,
  memberTier: 1,
  points: 1,
  complaints: 1,
  personality: 1,
  notes: 1,
} as const;

export function customerFields(
  doc: Partial<CustomerFields> & { customerId: string },
): CustomerFields {
  return {
    customerId: doc.customerId,
    name: doc.name ?? doc.customerId,
    memberTier: doc.memberTier ?? 'regular',
    points: doc.points ?? 0,
    complaints: doc.complaints ?? 0,
    personality: doc.personality ?? null,
    notes: doc.notes ?? '',
  };
}

export interface CustomerEntry {
  /** The Customer document's _id: FerretDB finds it without parsing every document. */
  docId: unknown;
  customer: CustomerFields;
  complaints: number;
  /** Null without a paid order. */
  rfm: RfmCustomer | null;
  refundedOrders: number;
  /** `YYYY-MM-DD` of the first order of any status, null without orders. */
  firstOrderOn: string | null;
  /** Latest first, at most RECENT_ORDERS. */
  recent: RecentOrder[];
  /** SKUs in the customer's paid orders. */
  owned: Set<string>;
}

/**
 * Shop-wide statistics computed in one pass over the customers and orders, so that a profile
 * request is two lookups by _id and some arithmetic: RFM scores need every customer's values
 * (quintiles, means), and filtering orders by customerId would scan the whole collection.
 */
export interface ProfileSnapshot {
  builtAt: number;
  /** `YYYY-MM-DD`: RFM and CLV are as of this day. */
  asOf: string;
  customers: Map<string, CustomerEntry>;
  catalog: OfferCatalog;
  timings: { loadMs: number; rfmMs: number; miningMs: number; totalMs: number };
  counts: { customers: number; orders: number; baskets: number; rules: number };
}

export const RECENT_ORDERS = 5;
/** Mining thresholds: a rule must hold in at least 0.2% of paid baskets (and 3 of them). */
export const MINING = { minSupport: 0.002, minCount: 3, minConfidence: 0.1, maxLen: 3 };
/** At most this many rules are kept for ranking (the best by lift). */
const MAX_RULES = 5000;

interface RawOrder {
  orderId: string;
  customerId: string;
  status: 'paid' | 'refunded';
  items: Array<{ sku: string; qty: number }>;
  amount: number;
  orderedAt: Date;
}

export async function buildProfileSnapshot(now = new Date()): Promise<ProfileSnapshot> {
  const started = performance.now();
  // `stored`: the rules of the last mining run (offers/rule-mining), null until one succeeded.
  const [customers, products, bundles, stored] = await Promise.all([
    Customer.collection.find({}, { projection: CUSTOMER_FIELDS }).toArray() as Promise<
      Array<Partial<CustomerFields> & { _id: unknown; customerId: string }>
    >,
    Product.find({}, { sku: 1, name: 1, price: 1, cost: 1, stock: 1, durable: 1 }).lean(),
    Bundle.find({ active: true }).lean(),
    loadCurrentRules(),
  ]);

  const entries = new Map<string, CustomerEntry>();
  for (const c of customers) {
    entries.set(c.customerId, {
      docId: c._id,
      customer: customerFields(c),
      complaints: c.complaints ?? 0,
      rfm: null,
      refundedOrders: 0,
      firstOrderOn: null,
      recent: [],
      owned: new Set(),
    });
  }

  const accumulator = new RfmAccumulator();
  const baskets: string[][] = [];
  let paidBaskets = 0;
  let orderCount = 0;
  const cursor = Order.collection.find(
    {},
    {
      projection: {
        _id: 0,
        orderId: 1,
        customerId: 1,
        status: 1,
        items: 1,
        amount: 1,
        orderedAt: 1,
      },
      batchSize: 5000,
    },
  );
  for await (const doc of cursor) {
    const order = doc as unknown as RawOrder;
    orderCount += 1;
    accumulator.add(order);
    const entry = entries.get(order.customerId);
    const skus = [...new Set(order.items.map((i) => i.sku))];
    if (order.status === 'paid') {
      paidBaskets += 1;
      if (!stored) baskets.push(skus);
    }
    if (!entry) continue;
    const day = formatDay(dayOf(order.orderedAt.getTime()));
    if (entry.firstOrderOn === null || day < entry.firstOrderOn) entry.firstOrderOn = day;
    if (order.status === 'refunded') entry.refundedOrders += 1;
    else for (const sku of skus) entry.owned.add(sku);
    keepRecent(entry.recent, {
      orderId: order.orderId,
      orderedAt: order.orderedAt,
      amount: order.amount,
      status: order.status,
      items: order.items.map((i) => ({ sku: i.sku, qty: i.qty })),
    });
  }
  const loaded = performance.now();

  const rfm = accumulator.result();
  const asOf = rfm.asOf ?? formatDay(dayOf(now.getTime()));
  for (const scored of scoreRfm(rfm.customers)) {
    const entry = entries.get(scored.customerId);
    if (entry) entry.rfm = scored;
  }
  const scoredAt = performance.now();

  const rules = stored ? stored.rules : mineInPlace(baskets);
  const minedAt = performance.now();

  const productMap = new Map<string, OfferProduct>(
    products.map((p) => [
      p.sku,
      {
        sku: p.sku,
        name: { en: p.name.en, 'zh-CN': p.name.zhCN },
        price: p.price,
        cost: p.cost,
        stock: p.stock,
        durable: p.durable,
      },
    ]),
  );
  const valid = bundles
    .filter((b) => b.validFrom <= now && b.validTo >= now)
    .sort((a, b) => (a.bundleId < b.bundleId ? -1 : a.bundleId > b.bundleId ? 1 : 0))
    .map((b) => ({
      bundleId: b.bundleId,
      name: { en: b.name.en, 'zh-CN': b.name.zhCN },
      skus: [...b.skus],
      bundlePrice: b.bundlePrice,
      stock: b.stock,
    }));

  return {
    builtAt: now.getTime(),
    asOf,
    customers: entries,
    catalog: { products: productMap, bundles: valid, rules },
    timings: {
      loadMs: Math.round(loaded - started),
      rfmMs: Math.round(scoredAt - loaded),
      miningMs: Math.round(minedAt - scoredAt),
      totalMs: Math.round(performance.now() - started),
    },
    counts: {
      customers: entries.size,
      orders: orderCount,
      baskets: paidBaskets,
      rules: rules.length,
    },
  };
}

/** Until a mining run has stored rules: the same thresholds, mined from this build's baskets. */
function mineInPlace(baskets: string[][]): AssociationRule[] {
  const minSupport = Math.min(
    1,
    Math.max(MINING.minSupport, MINING.minCount / Math.max(baskets.length, 1)),
  );
  const mined =
    baskets.length > 0
      ? mineRules(baskets, {
          minSupport,
          minConfidence: MINING.minConfidence,
          maxLen: MINING.maxLen,
        })
      : { rules: [] };
  return mined.rules.filter((r) => r.lift > 1).slice(0, MAX_RULES);
}

/** Inserts into a list kept latest first and at most RECENT_ORDERS long. */
export function keepRecent(recent: RecentOrder[], order: RecentOrder): void {
  const later = (a: RecentOrder, b: RecentOrder) =>
    a.orderedAt.getTime() - b.orderedAt.getTime() || (a.orderId > b.orderId ? 1 : -1);
  if (recent.length === RECENT_ORDERS && later(order, recent[RECENT_ORDERS - 1]!) < 0) return;
  let i = recent.length;
  while (i > 0 && later(order, recent[i - 1]!) > 0) i--;
  recent.splice(i, 0, order);
  if (recent.length > RECENT_ORDERS) recent.pop();
}
