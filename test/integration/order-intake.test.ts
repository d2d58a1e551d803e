import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer } from '../../server/customers/customer-model';
import { Order } from '../../server/customers/order-model';
import { PointsEntry } from '../../server/customers/points-ledger-model';
import { Product } from '../../server/customers/product-model';
import { signShopCustomer } from '../../server/auth/shop-identity';
import type { ConversationView } from '../../shared/schemas/conversation';
import { customerProfileSchema } from '../../shared/schemas/profile';
import { shopOrderResponseSchema } from '../../shared/schemas/shop-data';
import { connectVisitor, loginStaff, request } from '../helpers/chat-clients';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { waitFor } from '../helpers/wait';

// The shop backend's order intake on a real server over a small demo shop.

let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
const apiKey = 'test-shop-api-key-0123456789abcdef-0123';

beforeAll(async () => {
  [database, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  server = await startServerProcess({
    env: {
      MONGODB_URI: database.uri,
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '40',
      DEMO_ORDERS: '600',
      SHOP_API_KEY: apiKey,
      SESSION_SECRET: 'test-session-secret-0123456789abcdef0123',
      SHOP_IDENTITY_SECRET: 'test-shop-identity-secret-0123456789abcdef',
    },
  });
  await mongoose.connect(database.uri);
  // Orders below land after the profiles' statistics were built: they must reach them anyway.
  await waitFor(() => server.logs.find((l) => l.msg === 'customer profile statistics ready'), {
    what: 'the profile statistics',
  });
});
afterAll(async () => {
  await mongoose.disconnect();
  await server?.remove();
  await redis?.stop();
  await database?.remove();
});

function post(path: string, body: unknown, key: string | null = apiKey) {
  return fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function errorOf(res: Response) {
  return ((await res.json()) as { error: { code: string; message: string } }).error;
}

const standing = async (customerId: string) =>
  Customer.findOne(
    { customerId },
    { _id: 0, memberTier: 1, points: 1, totalSpent: 1, orderCount: 1 },
  ).lean();

async function snapshot(customerId: string) {
  return {
    customer: await standing(customerId),
    orders: await Order.countDocuments(),
    ledger: await PointsEntry.countDocuments(),
  };
}

describe('POST /api/shop/orders', () => {
  let customerId = '';
  let before: { memberTier: string; points: number; totalSpent: number; orderCount: number };
  let order: {
    orderId: string;
    customerId: string;
    orderedAt: string;
    items: Array<{ sku: string; qty: number; unitPrice: number }>;
  };
  let amount = 0;

  beforeAll(async () => {
    // The regular member who spent least, and an order that lifts them over 1000 to silver.
    const [customer] = await Customer.find({ memberTier: 'regular' })
      .sort({ totalSpent: 1 })
      .limit(1)
      .lean();
    if (!customer) throw new Error('the demo shop has no regular member');
    customerId = customer.customerId;
    before = {
      memberTier: customer.memberTier,
      points: customer.points,
      totalSpent: customer.totalSpent,
      orderCount: customer.orderCount,
    };
    const [appliance, filter] = await Promise.all([
      Product.findOne({ category: 'humidifier' }).lean(),
      Product.findOne({ category: 'filter' }).lean(),
    ]);
    const lift = Math.ceil(1000 - customer.totalSpent) + 0.5;
    order = {
      orderId: 'SHOP-0001',
      customerId,
      orderedAt: '2026-11-20T10:15:00+08:00',
      items: [
        { sku: appliance!.sku, qty: 1, unitPrice: lift },
        { sku: filter!.sku, qty: 2, unitPrice: 39.9 },
      ],
    };
    amount = Math.round((lift + 79.8) * 100) / 100;
  });

  it('refuses a request without the key, or with a wrong one', async () => {
    for (const key of [null, 'wrong-key', `${apiKey}x`]) {
      const res = await post('/api/shop/orders', order, key);
      expect(res.status).toBe(401);
      expect((await errorOf(res)).code).toBe('E_UNAUTHENTICATED');
    }
    const refund = await post('/api/shop/orders/SHOP-0001/refund', {}, null);
    expect(refund.status).toBe(401);
    expect(await Order.countDocuments({ orderId: 'SHOP-0001' })).toBe(0);
  });

  it('refuses a bad body with 400 and changes nothing', async () => {
    const unchanged = await snapshot(customerId);
    const bodies = [
      { ...order, items: [{ ...order.items[0]!, qty: 0 }] },
      { ...order, amount: 12 },
      { ...order, orderedAt: 'yesterday' },
      { ...order, items: [] },
      '{"orderId":',
    ];
    for (const body of bodies) {
      const res = await post('/api/shop/orders', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect((await errorOf(res)).code).toBe('E_VALIDATION');
    }
    expect(await snapshot(customerId)).toEqual(unchanged);
  });

  it('refuses an unknown customer or SKU with 422 and changes nothing', async () => {
    const unchanged = await snapshot(customerId);
    const noCustomer = await post('/api/shop/orders', { ...order, customerId: 'NOBODY' });
    expect(noCustomer.status).toBe(422);
    expect(await errorOf(noCustomer)).toEqual({
      code: 'E_UNKNOWN_CUSTOMER',
      message:
        'There is no customer NOBODY. Import the customer first (npm run import -- --customers FILE).',
    });
    const noSku = await post('/api/shop/orders', {
      ...order,
      items: [...order.items, { sku: 'NOPE-1', qty: 1, unitPrice: 1 }],
    });
    expect(noSku.status).toBe(422);
    expect(await errorOf(noSku)).toMatchObject({
      code: 'E_UNKNOWN_SKU',
      message: expect.stringContaining('no product with the SKU NOPE-1') as unknown,
    });
    expect(await snapshot(customerId)).toEqual(unchanged);
  });

  it('records an order with 201: points by the rules, spend, count and the new tier', async () => {
    const res = await post('/api/shop/orders', order);
    expect(res.status, await res.clone().text()).toBe(201);
    const earned = Math.floor(amount);
    const expectedCustomer = {
      customerId,
      memberTier: 'silver',
      points: before.points + earned,
      totalSpent: Math.round((before.totalSpent + amount) * 100) / 100,
      orderCount: before.orderCount + 1,
    };
    expect(shopOrderResponseSchema.parse(await res.json())).toEqual({
      order: {
        ...order,
        status: 'paid',
        amount,
        orderedAt: '2026-11-20T02:15:00.000Z',
        paidAt: '2026-11-20T02:15:00.000Z',
        refundedAt: null,
      },
      customer: expectedCustomer,
      pointsChange: earned,
      replayed: false,
    });
    const { customerId: _, ...stored } = expectedCustomer;
    expect(await standing(customerId)).toEqual(stored);
    expect(await PointsEntry.findById('SHOP-0001:earn').lean()).toMatchObject({
      customerId,
      kind: 'earn',
      points: earned,
      amount,
    });
  });

  it("puts the new order in the customer's profile beside a chat at once", async () => {
    const session = await fetch(`${server.url}/api/visitor/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        shopCustomerToken: signShopCustomer(
          'test-shop-identity-secret-0123456789abcdef',
          customerId,
        ),
      }),
    });
    const { visitorToken } = (await session.json()) as { visitorToken: string };
    const shopper = await connectVisitor(server.url, visitorToken);
    try {
      const opened = await request<{ conversation: ConversationView }>(
        shopper,
        'conversation:open',
        { locale: 'zh-CN', context: { sku: order.items[1]!.sku } },
      );
      if (!opened.ok) throw new Error(JSON.stringify(opened.error));
      const res = await fetch(
        `${server.url}/api/conversations/${opened.data.conversation.id}/profile`,
        { headers: { cookie: await loginStaff(server.url, 'supervisor1') } },
      );
      const profile = customerProfileSchema.parse(await res.json());
      expect(profile.orders[0]).toMatchObject({ id: 'SHOP-0001', amount, status: 'paid' });
      // The appliance is theirs now: a durable they own is never offered again.
      const offered = profile.offers.flatMap((o) => o.items.map((i) => i.sku));
      expect(offered).not.toContain(order.items[0]!.sku);
    } finally {
      shopper.close();
    }
  });

  it('answers the same order again with 200 and changes nothing', async () => {
    const unchanged = await snapshot(customerId);
    const res = await post('/api/shop/orders', order);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ replayed: true, pointsChange: 0 });
    expect(await snapshot(customerId)).toEqual(unchanged);
  });

  it('refuses the same order id with other details with 409 and changes nothing', async () => {
    const unchanged = await snapshot(customerId);
    const res = await post('/api/shop/orders', {
      ...order,
      items: [{ ...order.items[0]!, qty: 2 }, order.items[1]],
    });
    expect(res.status).toBe(409);
    expect((await errorOf(res)).code).toBe('E_ORDER_CONFLICT');
    expect(await snapshot(customerId)).toEqual(unchanged);
  });

  it('records one order sent several times at once only once', async () => {
    const other = (await Customer.findOne({ customerId: { $ne: customerId } }).lean())!;
    const twin = { ...order, orderId: 'SHOP-0002', customerId: other.customerId };
    const statuses = await Promise.all(
      [1, 2, 3].map(async () => (await post('/api/shop/orders', twin)).status),
    );
    expect(statuses.sort()).toEqual([200, 200, 201]);
    expect(await standing(other.customerId)).toMatchObject({
      orderCount: other.orderCount + 1,
      points: other.points + Math.floor(amount),
    });
  });

  it('refunds a paid order: the points go back, the tier follows; again changes nothing', async () => {
    const res = await post('/api/shop/orders/SHOP-0001/refund', {
      refundedAt: '2026-11-25T08:00:00Z',
    });
    expect(res.status, await res.clone().text()).toBe(200);
    const body = shopOrderResponseSchema.parse(await res.json());
    expect(body).toMatchObject({
      order: { orderId: 'SHOP-0001', status: 'refunded', refundedAt: '2026-11-25T08:00:00.000Z' },
      customer: { customerId, ...before },
      pointsChange: -Math.floor(amount),
      replayed: false,
    });
    expect(await standing(customerId)).toEqual(before);
    expect(await Order.findOne({ orderId: 'SHOP-0001' }, { status: 1 }).lean()).toMatchObject({
      status: 'refunded',
    });
    expect(await PointsEntry.findById('SHOP-0001:refund').lean()).toMatchObject({
      points: -Math.floor(amount),
    });

    const unchanged = await snapshot(customerId);
    const again = await post('/api/shop/orders/SHOP-0001/refund', {});
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ replayed: true, pointsChange: 0 });
    // The original order sent again is still a retry, answered as it stands now.
    const retry = await post('/api/shop/orders', order);
    expect(retry.status).toBe(200);
    expect(await retry.json()).toMatchObject({ order: { status: 'refunded' }, replayed: true });
    expect(await snapshot(customerId)).toEqual(unchanged);
  });

  it('refunds an order from before the ledger, giving back the points it earned', async () => {
    const seeded = (await Order.findOne({ status: 'paid', orderId: /^O/ }).lean())!;
    const owner = (await standing(seeded.customerId))!;
    const res = await post(`/api/shop/orders/${seeded.orderId}/refund`, undefined);
    expect(res.status, await res.clone().text()).toBe(200);
    const earned = Math.floor(seeded.amount);
    expect(await standing(seeded.customerId)).toMatchObject({
      points: owner.points - earned,
      totalSpent: Math.round((owner.totalSpent - seeded.amount) * 100) / 100,
      orderCount: owner.orderCount - 1,
    });
    expect(await PointsEntry.findById(`${seeded.orderId}:earn`).lean()).toMatchObject({
      points: earned,
    });
  });

  it('answers 404 for an order it does not know, and 400 for a refund before payment', async () => {
    const missing = await post('/api/shop/orders/NO-SUCH-ORDER/refund', {});
    expect(missing.status).toBe(404);
    expect((await errorOf(missing)).code).toBe('E_NOT_FOUND');

    const early = await post('/api/shop/orders/SHOP-0002/refund', {
      refundedAt: '2020-01-01T00:00:00Z',
    });
    expect(early.status).toBe(400);
    expect((await errorOf(early)).message).toContain('is before order SHOP-0002 was paid');
  });
});
