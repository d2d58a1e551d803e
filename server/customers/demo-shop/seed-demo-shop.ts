import mongoose from 'mongoose';
import { seedDemoStaff } from '../../auth/demo-staff';
import { StaffAccount } from '../../auth/staff-account-model';
import { Bundle } from '../../offers/bundle-model';
import { Customer } from '../customer-model';
import { Order } from '../order-model';
import { Product } from '../product-model';
import { catalogBundles, catalogProducts } from './catalog';
import { generateDemoShop } from './generate-demo-shop';
import { DEMO_SEED } from './random';

/** Bump when the generator changes, so existing demo data is replaced on the next start. */
export const DEMO_SEED_VERSION = 2;
// FerretDB inserts more slowly than MongoDB; batches this size keep progress moving.
const BATCH = 4000;

export interface SeedProgress {
  step: 'staff' | 'products' | 'bundles' | 'customers' | 'orders';
  done: number;
  total: number;
}

export interface SeedDemoShopOptions {
  seed?: number;
  customers?: number;
  orders?: number;
  onProgress?: (p: SeedProgress) => void;
}

export interface SeedDemoShopResult {
  /** True when the same demo shop was already complete and nothing was written. */
  skipped: boolean;
  counts: {
    products: number;
    bundles: number;
    customers: number;
    orders: number;
    /** Demo staff accounts created by this run (existing ones are kept). */
    staffCreated: number;
  };
}

interface SeedMarker {
  _id: string;
  version: number;
  seed: number;
  counts: { customers: number; orders: number };
  status: 'in-progress' | 'complete';
}

/**
 * Loads the generated demo shop and the demo staff into the default connection. Idempotent:
 * a complete seed of the same version, seed and sizes is left alone; an interrupted or
 * different one is replaced.
 */
export async function seedDemoShop(options: SeedDemoShopOptions = {}): Promise<SeedDemoShopResult> {
  const seed = options.seed ?? DEMO_SEED;
  const wanted = { customers: options.customers ?? 10_000, orders: options.orders ?? 100_000 };
  const report = options.onProgress ?? (() => undefined);
  const meta = mongoose.connection.collection<SeedMarker>('meta');

  await Promise.all(
    [Product, Bundle, Customer, Order, StaffAccount].map((model) => model.createIndexes()),
  );
  const staffCreated = await seedDemoStaff();
  report({ step: 'staff', done: 1, total: 1 });
  const counts = {
    products: catalogProducts.length,
    bundles: catalogBundles.length,
    ...wanted,
    staffCreated,
  };

  const marker = await meta.findOne({ _id: 'demo-seed' });
  if (
    marker?.status === 'complete' &&
    marker.version === DEMO_SEED_VERSION &&
    marker.seed === seed &&
    marker.counts.customers === wanted.customers &&
    marker.counts.orders === wanted.orders
  ) {
    return { skipped: true, counts };
  }

  await meta.replaceOne(
    { _id: 'demo-seed' },
    { version: DEMO_SEED_VERSION, seed, counts: wanted, status: 'in-progress' },
    { upsert: true },
  );
  const shop = generateDemoShop({ seed, ...wanted });
  // Dropped rather than emptied: FerretDB's SQLite backend fails deleteMany({}) on 100k
  // documents ("too many SQL variables"), and dropping is faster everywhere.
  const demoModels = [Product, Bundle, Customer, Order] as mongoose.Model<unknown>[];
  await Promise.all(demoModels.map((model) => dropIfExists(model)));
  await Promise.all(demoModels.map((model) => model.createIndexes()));

  const insert = async (
    step: SeedProgress['step'],
    model: mongoose.Model<never>,
    docs: object[],
  ) => {
    for (let i = 0; i < docs.length; i += BATCH) {
      // lean: the generator already produces complete, valid documents; casting 100k is slow.
      await model.insertMany(docs.slice(i, i + BATCH), { ordered: false, lean: true });
      report({ step, done: Math.min(i + BATCH, docs.length), total: docs.length });
    }
  };
  await insert('products', Product as never, shop.products);
  await insert('bundles', Bundle as never, shop.bundles);
  await insert('customers', Customer as never, shop.customers);
  await insert('orders', Order as never, shop.orders);

  await meta.updateOne({ _id: 'demo-seed' }, { $set: { status: 'complete' } });
  return { skipped: false, counts };
}

async function dropIfExists(model: mongoose.Model<unknown>): Promise<void> {
  try {
    await model.collection.drop();
  } catch (error) {
    // 26 NamespaceNotFound: nothing to drop (MongoDB before 7 and FerretDB report it).
    if ((error as { code?: number }).code !== 26) throw error;
  }
}
