import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StaffAccount } from '../../server/auth/staff-account-model';
import { Customer } from '../../server/customers/customer-model';
import { seedDemoShop, type SeedProgress } from '../../server/customers/demo-shop/seed-demo-shop';
import { Order } from '../../server/customers/order-model';
import { Product } from '../../server/customers/product-model';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';

let database: TestDatabase;
beforeAll(async () => {
  database = await startTestDatabase();
  await mongoose.connect(database.uri);
});
afterAll(async () => {
  await mongoose.disconnect();
  await database.remove();
});

describe('seedDemoShop on FerretDB', () => {
  it('loads the shop with progress, then changes nothing when run again', async () => {
    const progress: SeedProgress[] = [];
    const first = await seedDemoShop({
      customers: 400,
      orders: 5000,
      onProgress: (p) => progress.push(p),
    });
    expect(first.skipped).toBe(false);
    expect(await Product.countDocuments()).toBe(64);
    expect(await Customer.countDocuments()).toBe(400);
    expect(await Order.countDocuments()).toBe(5000);
    expect(await StaffAccount.countDocuments()).toBe(7);
    expect(progress.filter((p) => p.step === 'orders').at(-1)).toEqual({
      step: 'orders',
      done: 5000,
      total: 5000,
    });

    const before = await Order.find().sort({ orderId: 1 }).lean();
    const second = await seedDemoShop({ customers: 400, orders: 5000 });
    expect(second.skipped).toBe(true);
    const after = await Order.find().sort({ orderId: 1 }).lean();
    expect(after).toEqual(before);
    expect(await StaffAccount.countDocuments()).toBe(7);
  });

  it('replaces an interrupted or different seed completely', async () => {
    await mongoose.connection
      .collection('meta')
      .updateOne({ _id: 'demo-seed' as never }, { $set: { status: 'in-progress' } });
    const again = await seedDemoShop({ customers: 100, orders: 800 });
    expect(again.skipped).toBe(false);
    expect(await Customer.countDocuments()).toBe(100);
    expect(await Order.countDocuments()).toBe(800);
  });
});
