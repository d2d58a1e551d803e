import type { mongo } from 'mongoose';
import { Customer } from '../customer-model';
import type { TierRules } from '../member-tiers';
import { Order } from '../order-model';
import { pointsLedger } from '../points-ledger-model';
import { Product } from '../product-model';
import { recomputeCustomers } from '../orders/recompute-customers';

export interface UndoResult {
  orders: number;
  pointsEntries: number;
  customers: number;
  products: number;
  /** Customers whose points and totals were recomputed without the removed orders. */
  customersUpdated: number;
}

// Below SQLite's limit of 32,766 variables in one statement.
const CHUNK = 10_000;

/**
 * Removes everything one import run inserted (its documents carry `importBatch`), then
 * recomputes the customers whose orders were removed. Safe to run again.
 */
export async function undoImportBatch(batch: string, rules: TierRules): Promise<UndoResult> {
  const orderCustomers = await Order.collection
    .find({ importBatch: batch }, { projection: { _id: 0, customerId: 1 } })
    .toArray();
  const affected = new Set(orderCustomers.map((o) => o.customerId as string));
  const pointsEntries = await deleteTagged(pointsLedger() as unknown as mongo.Collection, batch);
  const orders = await deleteTagged(Order.collection, batch);
  const customers = await deleteTagged(Customer.collection, batch);
  const products = await deleteTagged(Product.collection, batch);
  const customersUpdated = await recomputeCustomers(affected, { rules });
  return { orders, pointsEntries, customers, products, customersUpdated };
}

/**
 * Deleted by `_id` in chunks: FerretDB on SQLite deletes the matching documents in one statement
 * with a variable per document, and fails past SQLite's limit ("too many SQL variables").
 */
async function deleteTagged(collection: mongo.Collection, batch: string): Promise<number> {
  const ids = (
    await collection.find({ importBatch: batch }, { projection: { _id: 1 } }).toArray()
  ).map((doc) => doc._id);
  let deleted = 0;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const result = await collection.deleteMany({ _id: { $in: ids.slice(i, i + CHUNK) } });
    deleted += result.deletedCount;
  }
  return deleted;
}
