import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../server/config';
import { Customer } from '../../server/customers/customer-model';
import { Order } from '../../server/customers/order-model';
import { PointsEntry } from '../../server/customers/points-ledger-model';
import { Product } from '../../server/customers/product-model';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';

// `npm run import` as a real child process against its own FerretDB, on files written by hand.

let database: TestDatabase;
const dir = mkdtempSync(path.join(os.tmpdir(), 'shop-import-'));

beforeAll(async () => {
  database = await startTestDatabase();
  await mongoose.connect(database.uri);
});
afterAll(async () => {
  await mongoose.disconnect();
  await database?.remove();
  rmSync(dir, { recursive: true, force: true });
});

function csvFile(name: string, text: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

function runImport(
  ...args: string[]
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli/import.ts', ...args], {
      cwd: projectRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        NODE_ENV: 'test',
        MONGODB_URI: database.uri,
        DATA_DIR: dir,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const standing = (customerId: string) =>
  Customer.findOne(
    { customerId },
    { _id: 0, memberTier: 1, points: 1, totalSpent: 1, orderCount: 1 },
  ).lean();

async function counts() {
  return {
    customers: await Customer.countDocuments(),
    products: await Product.countDocuments(),
    orders: await Order.countDocuments(),
    ledger: await PointsEntry.countDocuments(),
  };
}

const productsCsv = [
  'sku,name_zh,name_en,category,price,cost,stock,durable,fits_skus,image_url',
  'HUM-9,静音加湿器,Quiet Humidifier,humidifier,399,200,50,true,,/shop-images/humidifier.svg',
  'FLT-9,"滤芯, 2只装",Filter 2-pack,filter,49.90,20,500,false,HUM-9,/shop-images/filter.svg',
  'AIR-9,净化器,Purifier,air_purifier,2999,1500,10,yes,,https://img.example/air.png',
].join('\n');

// A byte-order mark and CRLF line ends, as spreadsheet programs write them.
const customersCsv =
  '\ufeff' +
  [
    'customer_id,name,phone,city,joined_at,member_tier,complaints',
    'K1,王芳,13800000001,上海,2025-01-02,,',
    'K2,李强,13800000002,北京,2025-01-03T09:00:00+08:00,gold,1',
    'K3,"Zhang, Wei",+86 138-0000-0003,杭州,2025-01-04,,',
  ].join('\r\n');

/**
 * Columns in another order than the help's; A1's second item comes after other orders.
 *   K1  A1 2 x 399 + 3 x 49.90 = 947.70 (947 points), A4 399 (399), B1 0.10 + 2 x 0.10 = 0.30
 *       (0 points); A2 2999 refunded: earns 2999 and gives them back.
 *       → spend 1347.00 (silver from 1000), 3 paid orders, 1346 points
 *   K2  no orders: keeps gold from the file, no points
 *   K3  A3 2 x 2999 = 5998 → gold (from 5000), 1 order, 5998 points
 */
const ordersCsv = [
  'sku,qty,unit_price,order_id,customer_id,ordered_at,status,paid_at,refunded_at',
  'HUM-9,2,399,A1,K1,2025-02-01T10:00:00+08:00,paid,,',
  'AIR-9,1,2999,A2,K1,2025-02-05,refunded,2025-02-05T01:00:00Z,2025-02-10',
  'AIR-9,2,2999,A3,K3,2025-02-07,paid,,',
  'FLT-9,3,49.90,A1,K1,2025-02-01T10:00:00+08:00,paid,,',
  'HUM-9,1,399,A4,K1,2025-02-09,paid,,',
  'FLT-9,1,0.10,B1,K1,2025-02-10,paid,,',
  'FLT-9,2,0.10,B1,K1,2025-02-10,paid,,',
].join('\n');

describe('npm run import', () => {
  let secondBatch = '';

  it('imports good files and gives customers the points and tiers worked out by hand', async () => {
    const { code, stdout, stderr } = await runImport(
      '--customers',
      csvFile('customers.csv', customersCsv),
      '--products',
      csvFile('products.csv', productsCsv),
      '--orders',
      csvFile('orders.csv', ordersCsv),
    );
    expect(code, stderr).toBe(0);
    expect(stderr).toContain('Reading orders.csv: 100%');
    expect(stdout).toMatch(
      /^Imported 3 customers, 3 products and 5 orders \(7 order lines\); batch import-\S+; [\d.]+ s\.\n$/,
    );

    expect(await standing('K1')).toEqual({
      memberTier: 'silver',
      points: 1346,
      totalSpent: 1347,
      orderCount: 3,
    });
    expect(await standing('K2')).toEqual({
      memberTier: 'gold',
      points: 0,
      totalSpent: 0,
      orderCount: 0,
    });
    expect(await standing('K3')).toEqual({
      memberTier: 'gold',
      points: 5998,
      totalSpent: 5998,
      orderCount: 1,
    });
    const ledger = await PointsEntry.find({}, { points: 1 }).sort({ _id: 1 }).lean();
    expect(ledger.map((e) => [e._id, e.points])).toEqual([
      ['A1:earn', 947],
      ['A2:earn', 2999],
      ['A2:refund', -2999],
      ['A3:earn', 5998],
      ['A4:earn', 399],
      ['B1:earn', 0],
    ]);
    const a1 = await Order.findOne({ orderId: 'A1' }).lean();
    expect(a1).toMatchObject({
      customerId: 'K1',
      status: 'paid',
      amount: 947.7,
      orderedAt: new Date('2025-02-01T02:00:00Z'),
      paidAt: new Date('2025-02-01T02:00:00Z'),
      items: [
        { sku: 'HUM-9', qty: 2, unitPrice: 399 },
        { sku: 'FLT-9', qty: 3, unitPrice: 49.9 },
      ],
    });
    expect(await Product.findOne({ sku: 'FLT-9' }).lean()).toMatchObject({
      name: { zhCN: '滤芯, 2只装', en: 'Filter 2-pack' },
      description: { zhCN: '滤芯, 2只装', en: 'Filter 2-pack' },
      fitsSkus: ['HUM-9'],
      durable: false,
    });
  });

  it('adds orders for stored customers and recomputes them, backfilling the ledger of older orders', async () => {
    // An order from before the points ledger (as the demo seed writes them): K3's totals
    // already count it, but it has no ledger entry.
    await Order.collection.insertOne({
      orderId: 'L1',
      customerId: 'K3',
      status: 'paid',
      items: [{ sku: 'HUM-9', qty: 1, unitPrice: 100 }],
      amount: 100,
      orderedAt: new Date('2024-12-01'),
      paidAt: new Date('2024-12-01'),
      refundedAt: null,
      bundleId: null,
    });
    await Customer.updateOne(
      { customerId: 'K3' },
      { $set: { points: 6098, totalSpent: 6098, orderCount: 2 } },
    );
    // K1 again exactly as stored (left alone), K4 new.
    //   K2  C1 399 → 399 spent: the tier now follows the rules: regular; 399 points
    //   K1  C2 2999 → 1347 + 2999 = 4346, silver; 1346 + 2999 = 4345 points; 4 orders
    //   K4  C3 49.90 → regular, 49 points
    //   K3  C4 399 → 5998 + 100 + 399 = 6497, gold; L1 gets its 100 points in the ledger
    const { code, stdout, stderr } = await runImport(
      '--customers',
      csvFile(
        'customers2.csv',
        'customer_id,name,phone,city,joined_at\nK1,王芳,13800000001,上海,2025-01-02\nK4,赵敏,13800000004,成都,2025-03-01\n',
      ),
      '--orders',
      csvFile(
        'orders2.csv',
        [
          'order_id,customer_id,ordered_at,status,sku,qty,unit_price',
          'C1,K2,2025-03-02,paid,HUM-9,1,399',
          'C2,K1,2025-03-02,paid,AIR-9,1,2999',
          'C3,K4,2025-03-03,paid,FLT-9,1,49.90',
          'C4,K3,2025-03-03,paid,HUM-9,1,399',
        ].join('\n'),
      ),
    );
    expect(code, stderr).toBe(0);
    expect(stdout).toContain(
      'Imported 1 customer, 0 products and 4 orders (4 order lines); 1 customer and 0 products were already there as in the files; updated the points and tiers of 3 customers already stored; batch import-',
    );
    secondBatch = /batch (import-\S+);/.exec(stdout)![1]!;

    expect(await standing('K1')).toEqual({
      memberTier: 'silver',
      points: 4345,
      totalSpent: 4346,
      orderCount: 4,
    });
    expect(await standing('K2')).toEqual({
      memberTier: 'regular',
      points: 399,
      totalSpent: 399,
      orderCount: 1,
    });
    expect(await standing('K3')).toEqual({
      memberTier: 'gold',
      points: 6497,
      totalSpent: 6497,
      orderCount: 3,
    });
    expect(await standing('K4')).toEqual({
      memberTier: 'regular',
      points: 49,
      totalSpent: 49.9,
      orderCount: 1,
    });
    expect(await PointsEntry.findById('L1:earn').lean()).toMatchObject({
      customerId: 'K3',
      points: 100,
      importBatch: null,
    });
  });

  it('writes nothing when one row is bad, and names its line', async () => {
    const before = await counts();
    const { code, stdout, stderr } = await runImport(
      '--customers',
      csvFile(
        'customers3.csv',
        'customer_id,name,phone,city,joined_at\nK5,钱多,13800000005,南京,2025-04-01\n',
      ),
      '--orders',
      csvFile(
        'orders-bad.csv',
        [
          'order_id,customer_id,ordered_at,status,sku,qty,unit_price',
          'D1,K5,2025-04-02,paid,HUM-9,1,399',
          'D2,K5,2025-04-02,paid,HUM-9,0,399',
          'D3,K1,2025-04-03,paid,FLT-9,2,49.90',
        ].join('\n'),
      ),
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(
      'import: orders-bad.csv line 3: qty: must be at least 1 (found "0").\n',
    );
    expect(stderr).toContain(
      'import: Nothing was written: 1 problem found. Correct the files and run the import again.\n',
    );
    expect(await counts()).toEqual(before);
    expect(await standing('K1')).toMatchObject({ points: 4345 });
  });

  it('reports every problem of every file with its line, and writes nothing', async () => {
    const before = await counts();
    const { code, stderr } = await runImport(
      '--orders',
      csvFile(
        'orders-many.csv',
        [
          'order_id,customer_id,ordered_at,status,sku,qty,unit_price',
          'A1,K1,2025-02-01T10:00:00+08:00,paid,HUM-9,2,399',
          'E1,K1,2025-05-01,paid,NOPE-1,1,10',
          'E2,K9,2025-05-01,paid,HUM-9,1,10',
          'E3,K1,2025-13-01,paid,HUM-9,1,10',
          'E4,K1,2025-05-01,paid,HUM-9,1,10',
          'E4,K1,2025-05-01,refunded,FLT-9,1,10',
          'E5,K1,2025-05-01,paid',
        ].join('\n'),
      ),
      '--products',
      csvFile('products-bad.csv', 'sku,name_zh,name_en\nX-1,a,b\n'),
    );
    expect(code).toBe(1);
    const lines = stderr.trim().split('\n');
    expect(lines).toEqual([
      'Reading orders-many.csv: 100%',
      'Checking against the database: 100%',
      'import: orders-many.csv line 2: order A1 is already in the database; an import only adds new orders.',
      'import: orders-many.csv line 3: sku NOPE-1 is not in the database.',
      'import: orders-many.csv line 4: order E2 is for customer K9, who is not in the database.',
      'import: orders-many.csv line 5: ordered_at: expected a date such as 2025-03-01 or 2025-03-01T10:15:00+08:00 (no zone = UTC) (found "2025-13-01").',
      'import: orders-many.csv line 7: order E4 disagrees with its row on line 6: status refunded here, paid there. All rows of one order must have the same customer_id, ordered_at, status, paid_at and refunded_at.',
      'import: orders-many.csv line 8: expected 7 fields as in the header, found 4.',
      'import: products-bad.csv line 1: the header lacks the columns category, price, cost, stock, durable, fits_skus, image_url. Expected: sku,name_zh,name_en,category,price,cost,stock,durable,fits_skus,image_url and optionally description_zh, description_en.',
      'import: Nothing was written: 7 problems found. Correct the files and run the import again.',
    ]);
    expect(await counts()).toEqual(before);
  });

  it('refuses orders for unknown SKUs, naming the products file too', async () => {
    const { code, stderr } = await runImport(
      '--products',
      csvFile('products.csv', productsCsv),
      '--orders',
      csvFile(
        'orders-sku.csv',
        'order_id,customer_id,ordered_at,status,sku,qty,unit_price\nF1,K1,2025-05-01,paid,HUM-9,1,399\nF1,K1,2025-05-01,paid,NOPE-2,1,5\n',
      ),
    );
    expect(code).toBe(1);
    expect(stderr).toContain(
      'import: orders-sku.csv line 3: sku NOPE-2 is neither in products.csv nor in the database.\n',
    );
    expect(await Order.countDocuments({ orderId: 'F1' })).toBe(0);
  });

  it('undoes an import: removes what it inserted and recomputes its customers', async () => {
    const { code, stdout, stderr } = await runImport('--undo', secondBatch);
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(
      new RegExp(
        `^Removed import ${secondBatch}: 1 customer, 0 products, 4 orders and 4 points ledger entries; recomputed 3 customers in [\\d.]+ s\\.\\n$`,
      ),
    );
    expect(await Customer.countDocuments({ customerId: 'K4' })).toBe(0);
    expect(await Order.countDocuments({ orderId: { $in: ['C1', 'C2', 'C3', 'C4'] } })).toBe(0);
    expect(await standing('K1')).toEqual({
      memberTier: 'silver',
      points: 1346,
      totalSpent: 1347,
      orderCount: 3,
    });
    // Without orders K2's tier follows the rules now, not the file it came from.
    expect(await standing('K2')).toEqual({
      memberTier: 'regular',
      points: 0,
      totalSpent: 0,
      orderCount: 0,
    });
    expect(await standing('K3')).toEqual({
      memberTier: 'gold',
      points: 6098,
      totalSpent: 6098,
      orderCount: 2,
    });
  });

  it('undoes its own writes when writing fails part-way', async () => {
    // A stray ledger entry for an order that does not exist yet: the files check out, but the
    // ledger refuses the second entry after the customer, the orders and one entry are in.
    await PointsEntry.collection.insertOne({
      _id: 'Z2:earn',
      customerId: 'ghost',
      kind: 'earn',
      orderId: 'Z2',
      points: 1,
      amount: 1,
      at: new Date(),
    } as never);
    const before = await counts();
    const { code, stdout, stderr } = await runImport(
      '--customers',
      csvFile(
        'customers-z.csv',
        'customer_id,name,phone,city,joined_at\nK7,孙丽,13800000007,苏州,2025-06-01\n',
      ),
      '--orders',
      csvFile(
        'orders-z.csv',
        'order_id,customer_id,ordered_at,status,sku,qty,unit_price\nZ1,K7,2025-06-02,paid,HUM-9,1,399\nZ2,K1,2025-06-02,paid,HUM-9,1,399\n',
      ),
    );
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(
      /import: Writing failed part-way \(.*duplicate key.*\)\. Everything this run had written was removed again, so the database is as it was before\.\n$/,
    );
    expect(await counts()).toEqual(before);
    expect(await standing('K1')).toEqual({
      memberTier: 'silver',
      points: 1346,
      totalSpent: 1347,
      orderCount: 3,
    });
    await PointsEntry.deleteOne({ _id: 'Z2:earn' });
  });

  it.each([
    [[], 'import: Name at least one file: --customers, --products or --orders (see --help).'],
    [
      ['--undo', 'x', '--orders', 'o.csv'],
      'import: --undo removes an earlier import; it cannot be combined with files.',
    ],
    [['--order', 'o.csv'], "import: Unknown option '--order'"],
  ])('refuses the options %j', async (args, message) => {
    const { code, stdout, stderr } = await runImport(...args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain(message);
  });

  it('documents the CSV columns on --help', async () => {
    const { code, stdout } = await runImport('--help');
    expect(code).toBe(0);
    expect(stdout).toContain(
      'customers.csv   customer_id,name,phone,city,joined_at[,member_tier,complaints]',
    );
    expect(stdout).toContain(
      'orders.csv      order_id,customer_id,ordered_at,status,sku,qty,unit_price[,paid_at,refunded_at]',
    );
    expect(stdout).toContain(
      'products.csv    sku,name_zh,name_en,category,price,cost,stock,durable,fits_skus,image_url',
    );
  });
});
