import type { CustomerRow, ProductRow } from '../../../shared/schemas/shop-data';
import { findWhereIn } from '../../infra/find-where-in';
import { Customer } from '../customer-model';
import { Order } from '../order-model';
import { Product, type ProductDoc } from '../product-model';
import type { OrderDraft } from './group-order-rows';
import type { ImportProblems } from './import-problems';
import { productDocument } from './import-documents';

/** A parsed row and where it came from. */
export interface Located<T> {
  file: string;
  line: number;
  row: T;
}

interface CheckInput {
  customers: Map<string, Located<CustomerRow>>;
  products: Map<string, Located<ProductRow>>;
  orders: OrderDraft[];
  ordersFile: string;
  /** Ids of rows that failed their own checks: references to them are not reported again. */
  badRowIds: { customers: Set<string>; products: Set<string> };
}

interface StoredCustomer {
  customerId: string;
  name: string;
  phone: string;
  city: string;
  joinedAt: Date;
}

/**
 * Checks the files against the database: every order's customer and SKUs exist (in the files
 * or the database), no order is already recorded, and customers and products already in the
 * database are in the files exactly as stored (an import adds; it never changes). Returns the
 * ids of the customers and products that are already stored as in the files.
 */
export async function checkAgainstDatabase(
  input: CheckInput,
  problems: ImportProblems,
): Promise<{ customers: Set<string>; products: Set<string> }> {
  const { customers, products, orders, ordersFile, badRowIds } = input;
  const customerIds = new Set([...customers.keys(), ...orders.map((d) => d.order.customerId)]);
  const skus = new Set([
    ...products.keys(),
    ...[...products.values()].flatMap((p) => p.row.fits_skus),
    ...orders.flatMap((d) => d.order.items.map((item) => item.sku)),
  ]);
  const [storedCustomers, storedProducts, storedOrders] = await Promise.all([
    findWhereIn<StoredCustomer>(Customer.collection, 'customerId', customerIds, {
      _id: 0,
      name: 1,
      phone: 1,
      city: 1,
      joinedAt: 1,
    }),
    findWhereIn<ProductDoc>(Product.collection, 'sku', skus, { _id: 0 }),
    findWhereIn<{ orderId: string }>(
      Order.collection,
      'orderId',
      orders.map((d) => d.order.orderId),
      { _id: 0 },
    ),
  ]);

  const unchanged = { customers: new Set<string>(), products: new Set<string>() };
  const customerInDatabase = new Set<string>();
  for (const stored of storedCustomers) {
    customerInDatabase.add(stored.customerId);
    const inFile = customers.get(stored.customerId);
    if (!inFile) continue;
    const differences = customerDifferences(stored, inFile.row);
    if (differences.length === 0) unchanged.customers.add(stored.customerId);
    else
      problems.add(
        inFile.file,
        inFile.line,
        alreadyStored('customer', stored.customerId, differences),
      );
  }
  const productInDatabase = new Set<string>();
  for (const stored of storedProducts) {
    productInDatabase.add(stored.sku);
    const inFile = products.get(stored.sku);
    if (!inFile) continue;
    const differences = productDifferences(stored, inFile.row);
    if (differences.length === 0) unchanged.products.add(stored.sku);
    else problems.add(inFile.file, inFile.line, alreadyStored('product', stored.sku, differences));
  }

  const customersFile = [...customers.values()][0]?.file;
  const productsFile = [...products.values()][0]?.file;
  const nowhere = (file: string | undefined) =>
    file ? `neither in ${file} nor in the database` : 'not in the database';
  const knownSku = (sku: string) =>
    products.has(sku) || productInDatabase.has(sku) || badRowIds.products.has(sku);

  for (const { file, line, row } of products.values()) {
    const unknown = row.fits_skus.filter((sku) => !knownSku(sku));
    if (unknown.length > 0) {
      problems.add(
        file,
        line,
        `fits_skus names ${unknown.join(', ')}, ${unknown.length > 1 ? 'which are' : 'which is'} ${nowhere(productsFile)}.`,
      );
    }
  }

  const recorded = new Set(storedOrders.map((o) => o.orderId));
  for (const { line, order, itemLines } of orders) {
    if (recorded.has(order.orderId)) {
      problems.add(
        ordersFile,
        line,
        `order ${order.orderId} is already in the database; an import only adds new orders.`,
      );
    }
    const customerKnown =
      customers.has(order.customerId) ||
      customerInDatabase.has(order.customerId) ||
      badRowIds.customers.has(order.customerId);
    if (!customerKnown) {
      problems.add(
        ordersFile,
        line,
        `order ${order.orderId} is for customer ${order.customerId}, who is ${nowhere(customersFile)}.`,
      );
    }
    order.items.forEach((item, i) => {
      if (!knownSku(item.sku)) {
        problems.add(ordersFile, itemLines[i]!, `sku ${item.sku} is ${nowhere(productsFile)}.`);
      }
    });
  }
  return unchanged;
}

function alreadyStored(what: string, id: string, differences: string[]): string {
  return `${what} ${id} is already in the database with a different ${differences.join(', ')}; an import adds ${what}s but does not change them, so leave the row out or make it match.`;
}

function customerDifferences(stored: StoredCustomer, row: CustomerRow): string[] {
  return [
    stored.name !== row.name && 'name',
    stored.phone !== row.phone && 'phone',
    stored.city !== row.city && 'city',
    stored.joinedAt?.getTime() !== row.joined_at.getTime() && 'joined_at',
  ].filter((d): d is string => typeof d === 'string');
}

/** Stock is left out: it changes all day, and the database's count is the one kept. */
function productDifferences(stored: ProductDoc, row: ProductRow): string[] {
  const wanted = productDocument(row);
  return [
    stored.name?.zhCN !== wanted.name.zhCN && 'name_zh',
    stored.name?.en !== wanted.name.en && 'name_en',
    stored.description?.zhCN !== wanted.description.zhCN && 'description_zh',
    stored.description?.en !== wanted.description.en && 'description_en',
    stored.category !== wanted.category && 'category',
    stored.price !== wanted.price && 'price',
    stored.cost !== wanted.cost && 'cost',
    stored.durable !== wanted.durable && 'durable',
    (stored.fitsSkus ?? []).join('|') !== wanted.fitsSkus.join('|') && 'fits_skus',
    stored.imageUrl !== wanted.imageUrl && 'image_url',
  ].filter((d): d is string => typeof d === 'string');
}
