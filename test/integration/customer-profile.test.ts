import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signShopCustomer } from '../../server/auth/shop-identity';
import { Customer } from '../../server/customers/customer-model';
import { Order } from '../../server/customers/order-model';
import { Product } from '../../server/customers/product-model';
import { Bundle } from '../../server/offers/bundle-model';
import { OfferEvent } from '../../server/offers/offer-event-model';
import type { MessageView } from '../../shared/schemas/chat';
import type { OfferUpdate } from '../../shared/schemas/offer-card';
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

let supervisorLogin: Promise<string> | undefined;
let supervisorSocket: Promise<ClientSocket> | undefined;
/** One sign-in for every test here: sign-ins are rate limited per account. */
const supervisorCookie = () => (supervisorLogin ??= loginStaff(server.url, 'supervisor1'));

/** Closes a chat so it stops holding an agent's capacity for the tests after it. */
async function closeChat(conversationId: string): Promise<void> {
  supervisorSocket ??= supervisorCookie().then(async (cookie) =>
    track(await connectStaff(server.url, cookie)),
  );
  const closed = await request(await supervisorSocket, 'conversation:close', {
    conversationId,
    disposition: 'service_only',
  });
  if (!closed.ok) throw new Error(`close failed: ${JSON.stringify(closed.error)}`);
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
    await closeChat(conversationId);
  });

  it('offers an anonymous visitor what goes with the product in view, best score first', async () => {
    const conversationId = await openChat(await shopperToken({}), 'HUM-001');
    const res = await getProfile(conversationId, await supervisorCookie());
    expect(res.status).toBe(200);
    const profile = anonymousProfileSchema.parse(await res.json());
    await closeChat(conversationId);
    expect(profile.customer).toBeNull();
    expect(profile.offers.length).toBeGreaterThan(0);
    const scores = profile.offers.map((o) => o.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    for (const offer of profile.offers) {
      // Everything builds on the humidifier in view: a bundle holding it, or a rule from it.
      expect(offer.ranking.en).toContain('×2 (looking at it now)');
      expect(offer.ranking.en.endsWith(`= ${offer.score}`)).toBe(true);
      if (offer.kind === 'bundle') {
        expect(offer.items.map((i) => i.sku)).toContain('HUM-001');
        expect(offer.reason['zh-CN']).toMatch(/套餐/);
      } else {
        expect(offer.reason.en).toMatch(/^They are looking at /);
        expect(offer.items.map((i) => i.sku)).not.toContain('HUM-001');
      }
    }
  });
});

describe('offer ranking on the demo shop', () => {
  it('builds on the cart the shop sent with the chat, and offers nothing already in it', async () => {
    const shopper = track(await connectVisitor(server.url, await shopperToken({})));
    const opened = await request<{ conversation: ConversationView }>(shopper, 'conversation:open', {
      locale: 'en',
      context: { cart: ['HUM-001', 'FLT-001'] },
    });
    if (!opened.ok) throw new Error(JSON.stringify(opened.error));
    expect(opened.data.conversation.context.cart).toEqual(['HUM-001', 'FLT-001']);
    const res = await getProfile(opened.data.conversation.id, await supervisorCookie());
    const profile = anonymousProfileSchema.parse(await res.json());
    await closeChat(opened.data.conversation.id);
    expect(profile.offers.length).toBeGreaterThan(0);
    for (const offer of profile.offers) {
      expect(offer.ranking.en).toContain('×2 (in the cart)');
      if (offer.kind === 'rule') {
        expect(offer.reason.en).toMatch(/^They have in the cart /);
        expect(['HUM-001', 'FLT-001']).not.toContain(offer.items[0]!.sku);
      }
    }
    const tooMany = await request(shopper, 'conversation:open', {
      locale: 'en',
      context: { cart: Array.from({ length: 31 }, () => 'HUM-001') },
    });
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'E_VALIDATION' } });
  });

  it('never offers what is out of stock, the product in view or a durable the customer owns', async () => {
    const products = new Map(
      (await Product.find({}, { sku: 1, stock: 1, durable: 1 }).lean()).map((p) => [p.sku, p]),
    );
    const paid = await Order.find({ status: 'paid' }, { customerId: 1, items: 1 }).lean();
    const owned = new Map<string, Set<string>>();
    for (const o of paid)
      for (const i of o.items)
        owned.set(o.customerId, (owned.get(o.customerId) ?? new Set()).add(i.sku));
    // The ten customers with most distinct products: the most chances to get it wrong.
    const customers = [...owned].sort((a, b) => b[1].size - a[1].size).slice(0, 10);
    const supervisor = await supervisorCookie();
    let offered = 0;
    for (const [customerId, theirs] of customers) {
      const token = await shopperToken({
        shopCustomerToken: signShopCustomer(shopSecret, customerId),
      });
      const conversationId = await openChat(token, 'AIR-002');
      const profile = customerProfileSchema.parse(
        await (await getProfile(conversationId, supervisor)).json(),
      );
      await closeChat(conversationId);
      const scores = profile.offers.map((o) => o.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const offer of profile.offers) {
        offered += 1;
        for (const { sku } of offer.items) {
          expect(products.get(sku)!.stock).toBeGreaterThan(0);
          if (offer.kind === 'rule') expect(sku).not.toBe('AIR-002');
          if (products.get(sku)!.durable)
            expect(theirs.has(sku), `${customerId} owns ${sku}`).toBe(false);
        }
      }
    }
    expect(offered).toBeGreaterThan(0);
  });
});

describe('personality and notes', () => {
  it('lets the agent tag the personality and write notes that persist; trainers and bad input change nothing', async () => {
    const customerId = (await Customer.findOne({}, { customerId: 1 }).lean())!.customerId;
    const agentCookie = await loginStaff(server.url, 'agent1');
    const agent = track(await connectStaff(server.url, agentCookie));
    const updates = collect<ConversationView>(agent, 'conversation:updated');
    const conversationId = await openChat(
      await shopperToken({ shopCustomerToken: signShopCustomer(shopSecret, customerId) }),
      'HUM-001',
    );
    await waitFor(
      () => updates.find((c) => c.id === conversationId && c.assignee?.id === 'agent1'),
      {
        what: 'the chat to be assigned to agent1',
      },
    );
    const put = (field: string, body: unknown, cookie = agentCookie) =>
      fetch(`${server.url}/api/conversations/${conversationId}/profile/${field}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', cookie },
        body: JSON.stringify(body),
      });

    expect((await put('personality', { personality: 'frugal' })).status).toBe(200);
    expect((await put('notes', { notes: '只在晚上六点后收货' })).status).toBe(200);
    const bad = await put('personality', { personality: 'grumpy' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { code: 'E_VALIDATION' } });
    expect((await put('notes', { notes: 'x'.repeat(2001) })).status).toBe(400);
    const trainer = await put(
      'personality',
      { personality: 'vain' },
      await loginStaff(server.url, 'trainer1'),
    );
    expect(trainer.status).toBe(403);

    const profile = customerProfileSchema.parse(
      await (await getProfile(conversationId, agentCookie)).json(),
    );
    expect(profile.personality).toMatchObject({ name: 'frugal', label: { 'zh-CN': '节约俭朴型' } });
    expect(profile.personality!.advice.en).toMatch(/bundles/);
    expect(profile.notes).toBe('只在晚上六点后收货');
    const stored = await Customer.findOne({ customerId }, { personality: 1, notes: 1 }).lean();
    expect(stored).toMatchObject({ personality: 'frugal', notes: '只在晚上六点后收货' });
    await closeChat(conversationId);
  });
});

describe('offer cards', () => {
  it('sends a bundle card priced by the server; the shopper accepts it once, live and stored', async () => {
    // A bundle that can be sold now: every item in stock (the seed sells some out on purpose).
    const inStock = new Set(
      (await Product.find({ stock: { $gt: 0 } }, { sku: 1 }).lean()).map((p) => p.sku),
    );
    const bundle = (await Bundle.find({ active: true, stock: { $gt: 0 } }).lean()).find((b) =>
      b.skus.every((sku) => inStock.has(sku)),
    )!;
    const agentCookie = await loginStaff(server.url, 'agent1');
    const agent = track(await connectStaff(server.url, agentCookie));
    const updates = collect<ConversationView>(agent, 'conversation:updated');
    const shopper = track(await connectVisitor(server.url, await shopperToken({})));
    const opened = await request<{ conversation: ConversationView }>(shopper, 'conversation:open', {
      locale: 'zh-CN',
      context: { sku: bundle.skus[0] },
    });
    const conversationId = opened.ok ? opened.data.conversation.id : '';
    await waitFor(
      () => updates.find((c) => c.id === conversationId && c.assignee?.id === 'agent1'),
      {
        what: 'the chat to be assigned to agent1',
      },
    );
    const shopperMessages = collect<MessageView>(shopper, 'message:new');
    const agentOfferUpdates = collect<OfferUpdate>(agent, 'offer:updated');

    const sent = await request<{ message: MessageView }>(agent, 'offer:send', {
      conversationId,
      clientMessageId: randomUUID(),
      offer: { kind: 'bundle', bundleId: bundle.bundleId },
    });
    expect(
      sent.ok,
      `${JSON.stringify(sent)} ${JSON.stringify(server.logs.filter((l) => l.level >= 50))}`,
    ).toBe(true);
    const message = sent.ok ? sent.data.message : null!;
    const prices = await Product.find({ sku: { $in: bundle.skus } }, { sku: 1, price: 1 }).lean();
    const listPrice = Math.round(prices.reduce((sum, p) => sum + p.price * 100, 0)) / 100;
    expect(message.offer).toMatchObject({
      kind: 'bundle',
      bundleId: bundle.bundleId,
      price: bundle.bundlePrice,
      listPrice,
      title: { 'zh-CN': bundle.name.zhCN, en: bundle.name.en },
      response: null,
    });
    expect(message.offer!.items.map((i) => i.sku)).toEqual(bundle.skus);
    expect(message.text).toBe(
      `【套餐推荐】${bundle.name.zhCN} ¥${bundle.bundlePrice.toFixed(2)}（原价 ¥${listPrice.toFixed(2)}）`,
    );
    await waitFor(() => shopperMessages.find((m) => m.seq === message.seq && m.offer), {
      what: 'the card to reach the shopper',
    });

    const byAgent = await request(agent, 'offer:respond', {
      conversationId,
      seq: message.seq,
      response: 'accepted',
    });
    expect(byAgent).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    const accepted = await request<{ response: { value: string } }>(shopper, 'offer:respond', {
      conversationId,
      seq: message.seq,
      response: 'accepted',
    });
    expect(accepted).toMatchObject({ ok: true, data: { response: { value: 'accepted' } } });
    await waitFor(() => agentOfferUpdates.find((u) => u.seq === message.seq), {
      what: 'the answer to reach the agent live',
    });
    expect(agentOfferUpdates[0]).toMatchObject({
      conversationId,
      messageId: message.id,
      response: { value: 'accepted' },
    });
    const again = await request(shopper, 'offer:respond', {
      conversationId,
      seq: message.seq,
      response: 'declined',
    });
    expect(again).toMatchObject({ ok: false, error: { code: 'E_OFFER_ANSWERED' } });

    const event = await OfferEvent.findById(`${conversationId}:${message.seq}`).lean();
    expect(event).toMatchObject({
      conversationId,
      agentId: 'agent1',
      kind: 'bundle',
      ref: bundle.bundleId,
      price: bundle.bundlePrice,
      response: 'accepted',
    });
    const resynced = await request<{ messages: MessageView[] }>(shopper, 'message:resync', {
      conversations: [{ conversationId, lastSeq: 0 }],
    });
    const card = resynced.ok ? resynced.data.messages.find((m) => m.seq === message.seq) : null;
    expect(card?.offer?.response?.value).toBe('accepted');

    // An offer on a plain text message, and sold-out products, are refused and change nothing.
    const soldOut = (await Product.findOne({ stock: 0 }, { sku: 1 }).lean())!;
    const refused = await request(agent, 'offer:send', {
      conversationId,
      clientMessageId: randomUUID(),
      offer: { kind: 'product', sku: soldOut.sku },
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'E_OFFER_UNAVAILABLE' } });
    const text = await request<{ message: MessageView }>(shopper, 'message:send', {
      conversationId,
      clientMessageId: randomUUID(),
      text: '好的',
    });
    const textSeq = text.ok ? text.data.message.seq : 0;
    const notAnOffer = await request(shopper, 'offer:respond', {
      conversationId,
      seq: textSeq,
      response: 'accepted',
    });
    expect(notAnOffer).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } });
    expect(await OfferEvent.countDocuments({ conversationId })).toBe(1);
  });
});
