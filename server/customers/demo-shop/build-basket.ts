import { catalogBundles, catalogProducts, type CatalogProduct, type Category } from './catalog';
import type { Random } from './random';

const DAY = 86_400_000;

export interface OrderItem {
  sku: string;
  qty: number;
  unitPrice: number;
}

export interface Basket {
  items: OrderItem[];
  amount: number;
  bundleId: string | null;
}

const bySku = new Map(catalogProducts.map((p) => [p.sku, p]));
const byCategory = new Map<Category, CatalogProduct[]>();
for (const p of catalogProducts)
  byCategory.set(p.category, [...(byCategory.get(p.category) ?? []), p]);
const consumablesFor = (sku: string, category: Category) =>
  catalogProducts.filter((p) => p.category === category && p.fitsSkus.includes(sku));
const filtersFor = new Map(catalogProducts.map((p) => [p.sku, consumablesFor(p.sku, 'filter')]));
const fragranceFor = new Map(
  catalogProducts.map((p) => [p.sku, consumablesFor(p.sku, 'fragrance')]),
);

/** How long a consumable lasts before its owner buys another, in days. */
function refillDays(product: CatalogProduct): [min: number, max: number] {
  if (product.category === 'fragrance') return [45, 120];
  if (product.category !== 'filter') return [90, 180];
  // Purifier filters last twice as long as humidifier wicks and cartridges.
  return product.fitsSkus[0]?.startsWith('AIR') ? [150, 300] : [90, 210];
}

const round2 = (n: number) => Math.round(n * 100) / 100;
const priced = (items: OrderItem[], bundleId: string | null = null, amount?: number): Basket => ({
  items,
  amount: amount ?? round2(items.reduce((sum, it) => sum + it.unitPrice * it.qty, 0)),
  bundleId,
});
const item = (p: CatalogProduct, qty = 1): OrderItem => ({ sku: p.sku, qty, unitPrice: p.price });

/** Earlier products on a shelf sell better: a long tail inside each category too. */
function pickFromShelf(random: Random, shelf: readonly CatalogProduct[]): CatalogProduct {
  return random.weighted(
    shelf,
    shelf.map((_, i) => 1 / (i + 1)),
  );
}

/**
 * What one customer owns and when each consumable runs out. Owners of humidifiers and
 * purifiers come back for the filter and fragrance that fit them, every few months.
 */
export class Household {
  /**
   * When each consumable runs out: keyed by filter SKU (each appliance needs its own), and
   * one key for fragrance (a household burns one scent at a time, usually the last one).
   */
  private readonly supplies = new Map<string, { product: CatalogProduct; dueAt: number }>();
  private readonly owned = new Set<Category>();

  constructor(private readonly random: Random) {}

  /** Consumables that have run out by `time`, the longest overdue first. */
  due(time: number): CatalogProduct[] {
    return [...this.supplies.values()]
      .filter((s) => s.dueAt <= time)
      .sort((a, b) => a.dueAt - b.dueAt || (a.product.sku < b.product.sku ? -1 : 1))
      .map((s) => s.product);
  }

  owns(category: Category): boolean {
    return this.owned.has(category);
  }

  /** Records a paid basket: its consumables last a while; its appliances will need refills. */
  record(basket: Basket, time: number): void {
    const products = basket.items.map((it) => bySku.get(it.sku)!);
    for (const p of products) if (!p.durable) this.restock(p, time);
    for (const p of products) {
      if (!p.durable) continue;
      this.owned.add(p.category);
      // Appliances ship with a first filter. Over half the owners replace it after a few
      // months; the rest never do, or buy elsewhere.
      const filter = filtersFor.get(p.sku)![0];
      if (filter && !this.supplies.has(filter.sku) && this.random.chance(0.55))
        this.restock(filter, time);
      // About half the owners of an aroma humidifier take up fragrance.
      const fragrances = fragranceFor.get(p.sku)!;
      if (fragrances.length && !this.supplies.has('fragrance') && this.random.chance(0.5))
        this.restock(pickFromShelf(this.random, fragrances), time);
    }
  }

  private restock(product: CatalogProduct, time: number): void {
    const [min, max] = refillDays(product);
    const key = product.category === 'fragrance' ? 'fragrance' : product.sku;
    this.supplies.set(key, { product, dueAt: time + this.random.int(min, max) * DAY });
  }
}

/** A refill order: the consumables that ran out, one to three of each. */
export function buildRefillBasket(random: Random, due: CatalogProduct[]): Basket {
  return priced(due.slice(0, 2).map((p) => item(p, random.weighted([1, 2, 3], [6, 3, 1]))));
}

/** A shopping basket led by one product from `category`, with what really goes with it. */
export function buildBasket(random: Random, category: Category): Basket {
  const main = pickFromShelf(random, byCategory.get(category)!);
  const bundle = catalogBundles.find((b) => b.skus[0] === main.sku);
  if (bundle && random.chance(0.3)) {
    const items = bundle.skus.map((sku) => item(bySku.get(sku)!));
    return priced(items, bundle.bundleId, bundle.bundlePrice);
  }

  const items = [item(main, main.durable && random.chance(0.04) ? 2 : 1)];
  const add = (p: CatalogProduct | undefined) => {
    if (p && !items.some((it) => it.sku === p.sku)) items.push(item(p));
  };
  const filters = filtersFor.get(main.sku)!;
  const fragrances = fragranceFor.get(main.sku)!;
  if (category === 'humidifier') {
    if (random.chance(0.65)) add(filters[0]);
    if (fragrances.length && random.chance(0.4)) add(pickFromShelf(random, fragrances));
  } else if (category === 'air_purifier') {
    if (random.chance(0.6)) add(filters[0]);
  } else if (category === 'heater' && random.chance(0.12)) {
    add(pickFromShelf(random, byCategory.get('humidifier')!));
  } else if (category === 'fragrance' && random.chance(0.3)) {
    add(pickFromShelf(random, byCategory.get('fragrance')!));
  }
  return priced(items);
}
