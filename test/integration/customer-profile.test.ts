import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signShopCustomer } from '../../server/auth/shop-identity';
import { Order } from '../../server/customers/order-model';
import type { ConversationView } from '../../shared/schemas/conversation';
import { customerProfileSchema, anonymousProfileSchema } from '../../shared/schemas/profile';
import {
  collect,
  connectStaff,
  connectVisitor,
  loginStaff,
  request,
  type ClientSocket,
} from '../helpers/chat-clients';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { waitFor } from '../helpers/wait';

let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
const sockets: ClientSocket[] = [];
const shopSecret = 'test-shop-identity-secret-0123456789abcdef';
const DAY = 86_400_000;

beforeAll(async () => {
  [database, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  server = await startServerProcess({
    env: {
      MONGODB_URI: database.uri,
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '40',
      DEMO_ORDERS: '600',
      SHOP_IDENTITY_SECRET: shopSecret,
      SESSION_SECRET: 'test-session-secret-0123456789abcdef0123',
    },
  });
  await mongoose.connect(database.uri);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await mongoose.disconnect();
  await server?.remove();
  await redis?.stop();
  await database?.remove();
});

const track = <T extends ClientSocket>(s: T) => (sockets.push(s), s);
const getProfile = (conversationId: string, cookie?: string) =>
  fetch(`${server.url}/api/conversations/${conversationId}/profile`, {
    headers: cookie ? { cookie } : {},
  });

async function openChat(token: string, sku: string): Promise<string> {
  const shopper = track(await connectVisitor(server.url, token));
  const opened = await request<{ conversation: ConversationView }>(shopper, 'conversation:open', {
    locale: 'zh-CN',
    context: { sku },
  });
  if (!opened.ok) throw new Error(`open failed: ${JSON.stringify(opened.error)}`);
  return opened.data.conversation.id;
}

async function shopperToken(body: Record<string, string>): Promise<string> {
  const res = await fetch(`${server.url}/api/visitor/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return ((await res.json()) as { visitorToken: string }).visitorToken;
}

interface DbOrder {
  orderId: string;
  customerId: string;
  status: 'paid' | 'refunded';
  amount: number;
  orderedAt: Date;
}

describe('GET /api/conversations/:id/profile', () => {
  it("shows a signed-in customer's RFM from their orders, only to staff who may see the chat", async () => {
    const orders = await Order.find(
      {},
      { _id: 0, orderId: 1, customerId: 1, status: 1, amount: 1, orderedAt: 1 },
    ).lean<DbOrder[]>();
    expect(orders).toHaveLength(600);
    // The customer with the most paid orders, so the scores and the order list mean something.
    const paidBy = new Map<string, DbOrder[]>();
    for (const o of orders)
      if (o.status === 'paid') paidBy.set(o.customerId, [...(paidBy.get(o.customerId) ?? []), o]);
    const [customerId, paid] = [...paidBy].sort((a, b) => b[1].length - a[1].length)[0]!;
    const asOfDay = Math.floor(Math.max(...orders.map((o) => o.orderedAt.getTime())) / DAY) + 1;
    const lastPaidDay = Math.floor(Math.max(...paid.map((o) => o.orderedAt.getTime())) / DAY);
    const cents = paid.reduce((sum, o) => sum + Math.round(o.amount * 100), 0);
    const theirs = orders
      .filter((o) => o.customerId === customerId)
      .sort((a, b) => b.orderedAt.getTime() - a.orderedAt.getTime());

    const agentCookie = await loginStaff(server.url, 'agent1');
    const agent = track(await connectStaff(server.url, agentCookie));
    const updates = collect<ConversationView>(agent, 'conversation:updated');
    const token = await shopperToken({
      shopCustomerToken: signShopCustomer(shopSecret, customerId),
    });
    const conversationId = await openChat(token, 'HUM-001');
    await waitFor(
      () => updates.find((c) => c.id === conversationId && c.assignee?.id === 'agent1'),
      {
        what: 'the chat to be assigned to agent1',
      },
    );

    const started = performance.now();
    const res = await getProfile(conversationId, agentCookie);
    const latencyMs = performance.now() - started;
    expect(res.status, await res.clone().text()).toBe(200);
    const profile = customerProfileSchema.parse(await res.json());
    expect(latencyMs).toBeLessThan(2000);

    expect(profile.customer.id).toBe(customerId);
    expect(profile.rfm).toMatchObject({
      asOf: new Date(asOfDay * DAY).toISOString().slice(0, 10),
      recency: asOfDay - lastPaidDay,
      frequency: paid.length,
      monetary: cents / 100,
    });
    for (const score of [profile.rfm!.r, profile.rfm!.f, profile.rfm!.m]) {
      expect(score).toBeGreaterThanOrEqual(1);
      expect(score).toBeLessThanOrEqual(5);
    }
    expect(profile.class8?.explanation.en).toBeTruthy();
    expect(profile.clv.formula.en).toMatch(/average order value/);
    expect(profile.valueClass.reasons.length).toBeGreaterThan(0);
    expect(profile.orders.map((o) => o.id)).toEqual(theirs.slice(0, 5).map((o) => o.orderId));
    expect(profile.orders[0]!.status).toBe(theirs[0]!.status);

    expect(profile.offers.length).toBeGreaterThan(0);
    expect(profile.offers.length).toBeLessThanOrEqual(3);
    for (const offer of profile.offers) {
      expect(offer.reason.en).toMatch(/[a-z]/);
      expect(offer.reason['zh-CN']).toMatch(/[\u4e00-\u9fff]/);
      expect(offer.items.length).toBeGreaterThan(0);
      if (offer.kind === 'rule') expect(offer.lift).toBeGreaterThan(1);
    }

    const other = await getProfile(conversationId, await loginStaff(server.url, 'agent2'));
    expect(other.status).toBe(404);
    expect(await other.json()).toMatchObject({ error: { code: 'E_NOT_FOUND' } });
    expect((await getProfile(conversationId)).status).toBe(401);
    const malformed = await getProfile('not-a-uuid', agentCookie);
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: { code: 'E_VALIDATION' } });
  });

  it('offers an anonymous visitor the bundles with the product in view', async () => {
    const conversationId = await openChat(await shopperToken({}), 'HUM-001');
    const res = await getProfile(conversationId, await loginStaff(server.url, 'supervisor1'));
    expect(res.status).toBe(200);
    const profile = anonymousProfileSchema.parse(await res.json());
    expect(profile.customer).toBeNull();
    expect(profile.offers.map((o) => o.bundleId)).toContain('B-HUM-CARE');
    for (const offer of profile.offers) {
      expect(offer.kind).toBe('bundle');
      expect(offer.items.map((i) => i.sku)).toContain('HUM-001');
      expect(offer.reason['zh-CN']).toMatch(/套餐/);
      expect(offer.reason.en).toMatch(/Bundle/);
    }
  });
});
