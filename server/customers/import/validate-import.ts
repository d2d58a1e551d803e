import path from 'node:path';
import {
  customerColumns,
  customerRowSchema,
  orderColumns,
  orderRowSchema,
  productColumns,
  productRowSchema,
  type CustomerRow,
  type ProductRow,
} from '../../../shared/schemas/shop-data';
import { checkAgainstDatabase, type Located } from './check-against-database';
import { OrderRowGrouper, type OrderDraft } from './group-order-rows';
import type { ImportProblems } from './import-problems';
import { parseRow } from './parse-row';
import { readCsvFile, type CsvFileProgress } from './read-csv-file';

export interface ImportFiles {
  customers?: string;
  products?: string;
  orders?: string;
}

/** What an import will write once every file checked out. */
export interface ImportPlan {
  customers: Array<Located<CustomerRow>>;
  products: Array<Located<ProductRow>>;
  orders: OrderDraft[];
  /** Data rows of orders.csv (one per line item). */
  orderLines: number;
  /** Rows already in the database exactly as in the file: left alone. */
  unchanged: { customers: number; products: number };
}

/**
 * Reads and checks every given file completely, then checks what they refer to against the
 * files and the database. Writes nothing; every problem found goes to `problems`.
 */
export async function validateImport(
  files: ImportFiles,
  problems: ImportProblems,
  options: { onReading?: (p: CsvFileProgress) => void; onChecking?: () => void } = {},
): Promise<ImportPlan> {
  const customers = new Map<string, Located<CustomerRow>>();
  const products = new Map<string, Located<ProductRow>>();
  // Ids on rows that failed their own checks: references to them are not reported again.
  const badRowIds = { customers: new Set<string>(), products: new Set<string>() };

  if (files.customers) {
    const file = path.basename(files.customers);
    await readCsvFile(
      files.customers,
      customerColumns,
      problems,
      (fields, line) => {
        const parsed = parseRow(customerRowSchema, fields);
        if (!parsed.ok) {
          badRowIds.customers.add(fields.customer_id?.trim() ?? '');
          return problems.add(file, line, parsed.problem);
        }
        const earlier = customers.get(parsed.value.customer_id);
        if (earlier) {
          return problems.add(
            file,
            line,
            `customer ${parsed.value.customer_id} is already on line ${earlier.line}.`,
          );
        }
        customers.set(parsed.value.customer_id, { file, line, row: parsed.value });
      },
      options.onReading,
    );
  }

  if (files.products) {
    const file = path.basename(files.products);
    await readCsvFile(
      files.products,
      productColumns,
      problems,
      (fields, line) => {
        const parsed = parseRow(productRowSchema, fields);
        if (!parsed.ok) {
          badRowIds.products.add(fields.sku?.trim() ?? '');
          return problems.add(file, line, parsed.problem);
        }
        const earlier = products.get(parsed.value.sku);
        if (earlier) {
          return problems.add(
            file,
            line,
            `product ${parsed.value.sku} is already on line ${earlier.line}.`,
          );
        }
        products.set(parsed.value.sku, { file, line, row: parsed.value });
      },
      options.onReading,
    );
  }

  const grouper = new OrderRowGrouper();
  let orderLines = 0;
  let orders: OrderDraft[] = [];
  const ordersFile = files.orders ? path.basename(files.orders) : '';
  if (files.orders) {
    orderLines = await readCsvFile(
      files.orders,
      orderColumns,
      problems,
      (fields, line) => {
        const parsed = parseRow(orderRowSchema, fields);
        if (!parsed.ok) return problems.add(ordersFile, line, parsed.problem);
        const problem = grouper.add(parsed.value, line);
        if (problem) problems.add(ordersFile, line, problem);
      },
      options.onReading,
    );
    orders = grouper.finish((line, problem) => problems.add(ordersFile, line, problem));
  }

  options.onChecking?.();
  const unchanged = await checkAgainstDatabase(
    { customers, products, orders, ordersFile, badRowIds },
    problems,
  );
  return {
    customers: [...customers.values()].filter((c) => !unchanged.customers.has(c.row.customer_id)),
    products: [...products.values()].filter((p) => !unchanged.products.has(p.row.sku)),
    orders,
    orderLines,
    unchanged: { customers: unchanged.customers.size, products: unchanged.products.size },
  };
}
