import { Types, type mongo } from 'mongoose';
import { Customer } from '../customer-model';
import type { TierRules } from '../member-tiers';
import { Order } from '../order-model';
import { totalsByCustomer } from '../orders/customer-totals';
import {
  ledgerEntriesFor,
  orderDocument,
  toRecordedOrder,
  type RecordedOrder,
} from '../orders/order-documents';
import { recomputeCustomers } from '../orders/recompute-customers';
import { pointsLedger, type PointsEntryDoc } from '../points-ledger-model';
import { Product } from '../product-model';
import { customerDocument, productDocument } from './import-documents';
import { undoImportBatch, type UndoResult } from './undo-import';
import type { ImportPlan } from './validate-import';

export interface WriteProgress {
  step: 'products' | 'customers' | 'orders' | 'points ledger' | 'customer totals';
  done: number;
  total: number;
}

export interface WriteResult {
  products: number;
  customers: number;
  orders: number;
  /** Customers already stored whose points, spend and tier were recomputed. */
  customersUpdated: number;
}

/** Writing failed part-way; says whether what the run had inserted was removed again. */
export class ImportWriteError extends Error {
  constructor(
    readonly batch: string,
    readonly failure: unknown,
    readonly undo: { ok: true; result: UndoResult } | { ok: false; error: unknown },
  ) {
    super(`writing import batch ${batch} failed: ${(failure as Error).message}`);
  }
}

// FerretDB inserts more slowly than MongoDB; batches this size keep progress moving.
const BATCH = 2000;

/**
 * Writes a checked plan. Every document is tagged with `batch` (`importBatch`): without
 * transactions, a failure part-way is undone by removing what carries the tag.
 */
export async function writeImport(
  plan: ImportPlan,
  options: { batch: string; rules: TierRules; onProgress?: (p: WriteProgress) => void },
): Promise<WriteResult> {
  const { batch, rules } = options;
  const report = options.onProgress ?? (() => undefined);
  // Every document is built and checked against its Mongoose schema before the first write.
  const orders: object[] = [];
  const entries: PointsEntryDoc[] = [];
  const recordedOrders: RecordedOrder[] = [];
  for (const { order } of plan.orders) {
    const recorded = toRecordedOrder(order);
    const orderDocId = new Types.ObjectId();
    recordedOrders.push(recorded);
    orders.push(tagged(Order, orderDocument(recorded, orderDocId), batch));
    entries.push(...ledgerEntriesFor(recorded, { orderDocId, rules, importBatch: batch }));
  }
  // New customers have no other orders: their totals are known before they are inserted.
  // Customers already stored are recomputed after the orders are in.
  const totals = totalsByCustomer(recordedOrders, entries);
  const products = plan.products.map(({ row }) => tagged(Product, productDocument(row), batch));
  const customers = plan.customers.map(({ row }) =>
    tagged(Customer, customerDocument(row, rules, totals.get(row.customer_id)), batch),
  );
  const newCustomers = new Set(plan.customers.map(({ row }) => row.customer_id));
  const storedCustomers = [...totals.keys()].filter((id) => !newCustomers.has(id));

  try {
    await insertInBatches(Product.collection, products, 'products', report);
    await insertInBatches(Customer.collection, customers, 'customers', report);
    await insertInBatches(Order.collection, orders, 'orders', report);
    await insertInBatches(
      pointsLedger() as unknown as mongo.Collection,
      entries,
      'points ledger',
      report,
    );
    const customersUpdated = await recomputeCustomers(storedCustomers, {
      rules,
      onProgress: (done, total) => report({ step: 'customer totals', done, total }),
    });
    return {
      products: products.length,
      customers: customers.length,
      orders: orders.length,
      customersUpdated,
    };
  } catch (failure) {
    const undo = await undoImportBatch(batch, rules).then(
      (result) => ({ ok: true as const, result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    throw new ImportWriteError(batch, failure, undo);
  }
}

/** The document with its schema's defaults, checked by the schema, and tagged with the batch. */
interface AnyModel {
  new (doc: object): { validateSync(): Error | null | undefined; toObject(): object };
  modelName: string;
}

function tagged(model: AnyModel, doc: object, batch: string): object {
  const hydrated = new model(doc);
  const invalid = hydrated.validateSync();
  if (invalid) {
    throw new Error(
      `a ${model.modelName} built from the files does not fit its schema: ${invalid.message}`,
    );
  }
  return { ...hydrated.toObject(), importBatch: batch };
}

async function insertInBatches(
  collection: mongo.Collection,
  docs: object[],
  step: WriteProgress['step'],
  report: (p: WriteProgress) => void,
): Promise<void> {
  for (let i = 0; i < docs.length; i += BATCH) {
    await collection.insertMany(docs.slice(i, i + BATCH), { ordered: true });
    report({ step, done: Math.min(i + BATCH, docs.length), total: docs.length });
  }
}
