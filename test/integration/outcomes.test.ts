import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../server/audit/audit-model';
import { signShopCustomer } from '../../server/auth/shop-identity';
import { Customer } from '../../server/customers/customer-model';
import { Product } from '../../server/customers/product-model';
import type { MessageView } from '../../shared/schemas/chat';
import type { ConversationView } from '../../shared/schemas/conversation';
import { outcomeSchema, type OutcomeView } from '../../shared/schemas/outcome';
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

// A chat from first message to outcome record, on a real server over FerretDB and Redis.
const identitySecret = 'test-shop-identity-secret-0123456789abcdef';
const apiKey = 'test-shop-api-key-0123456789abcdef-0123';
let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
const sockets: ClientSocket[] = [];
const cookies: Record<string, string> = {};

beforeAll(async () => {
  [database, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  server = await startServerProcess({
    env: {
      MONGODB_URI: database.uri,
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '30',
      DEMO_ORDERS: '200',
      SHOP_API_KEY: apiKey,
      SHOP_IDENTITY_SECRET: identitySecret,
      SESSION_SECRET: 'test-session-secret-0123456789abcdef0123',
      // Only agent1 takes chats in this file (the others never connect).
    },
  });
  await mongoose.connect(database.uri);
  for (const username of ['agent1', 'agent2', 'supervisor1', 'trainer1'])
    cookies[username] = await loginStaff(server.url, username);
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await mongoose.disconnect();
  await server?.remove();
  await redis?.stop();
  await database?.remove();
});

const track = (s: ClientSocket) => (sockets.push(s), s);
const api = (path: string, init: { method?: string; body?: unknown; as?: string } = {}) =>
  fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(init.as ? { cookie: cookies[init.as]! } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
async function outcomeOf(conversationId: string, as = 'supervisor1'): Promise<OutcomeView> {
  const res = await api(`/api/outcomes/${conversationId}`, { as });
  expect(res.status).toBe(200);
  return outcomeSchema.parse(((await res.json()) as { outcome: unknown }).outcome);
}
function ok<T>(ack: { ok: true; data: T } | { ok: false; error: unknown }): T {
  if (!ack.ok) throw new Error(JSON.stringify(ack.error));
  return ack.data;
}

async function shopperAs(customerId: string | null) {
  const res = await fetch(`${server.url}/api/visitor/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      customerId ? { shopCustomerToken: signShopCustomer(identitySecret, customerId) } : {},
    ),
  });
  const { visitorToken } = (await res.json()) as { visitorToken: string };
  return track(await connectVisitor(server.url, visitorToken));
}

let agent: ClientSocket;
let agentUpdates: ConversationView[];

/** A shopper opens a chat and agent1 gets it. */
async function openChat(customerId: string | null) {
  const shopper = await shopperAs(customerId);
  const { conversation } = ok(
    await request<{ conversation: ConversationView }>(shopper, 'conversation:open', {
      locale: 'zh-CN',
      context: { sku: 'HUM-001' },
    }),
  );
  await waitFor(() => agentUpdates.find((c) => c.id === conversation.id && c.assignee), {
    what: 'the chat to reach agent1',
  });
  return { shopper, conversationId: conversation.id };
}
const say = async (socket: ClientSocket, conversationId: string, text: string, extra = {}) =>
  ok(
    await request<{ message: MessageView }>(socket, 'message:send', {
      conversationId,
      clientMessageId: randomUUID(),
      text,
      ...extra,
    }),
  ).message;

describe('the outcome of a closed chat', () => {
  let customerId = '';
  let conversationId = '';
  let shopper: ClientSocket;

  beforeAll(async () => {
    customerId = (await Customer.findOne({}, { customerId: 1 }).lean())!.customerId;
    agent = track(await connectStaff(server.url, cookies.agent1!));
    agentUpdates = collect<ConversationView>(agent, 'conversation:updated');
  });

  it('records offers, objections, scripts, stages and timings at close', async () => {
    ({ shopper, conversationId } = await openChat(customerId));
    await say(shopper, conversationId, '你好，这款加湿器怎么样？');
    await say(agent, conversationId, '您好，这款是我们卖得最好的加湿器之一。');
    await say(shopper, conversationId, '太贵了，别家便宜20块');
    // The library is seeded at start; a scripted reply cites its published version 1.
    await waitFor(
      async () =>
        (
          await request(agent, 'message:send', {
            conversationId,
            clientMessageId: randomUUID(),
            text: '理解您的顾虑，我们算一笔账：每天不到一块钱。',
            scriptId: 'price-value-per-day',
            scriptVersion: 1,
            scriptVariant: 'base',
          })
        ).ok || undefined,
      { what: 'the script library to be loaded' },
    );
    const inStock = (await Product.findOne({ stock: { $gt: 5 } }, { sku: 1 }).lean())!.sku;
    const offer = ok(
      await request<{ message: MessageView }>(agent, 'offer:send', {
        conversationId,
        clientMessageId: randomUUID(),
        offer: { kind: 'product', sku: inStock },
      }),
    ).message;
    ok(
      await request(shopper, 'offer:respond', {
        conversationId,
        seq: offer.seq,
        response: 'accepted',
      }),
    );
    ok(
      await request(agent, 'conversation:close', {
        conversationId,
        disposition: 'purchased',
        details: { stages: ['greet'] },
      }),
    );

    const outcome = await outcomeOf(conversationId);
    expect(outcome).toMatchObject({
      customerId,
      agentId: 'agent1',
      disposition: 'purchased',
      satisfaction: null,
      offers: [{ seq: offer.seq, kind: 'product', ref: inStock, response: 'accepted' }],
      scripts: [{ scriptId: 'price-value-per-day', version: 1, variant: 'base' }],
    });
    expect(outcome.objections.map((o) => [o.category, o.overcome])).toEqual(
      expect.arrayContaining([
        ['price', true],
        ['competitor', true],
      ]),
    );
    expect(outcome.stages).toEqual([
      'greet',
      'discover',
      'recommend',
      'handle_objection',
      'close',
      'after_sales',
    ]);
    // Shopper: 2 messages; agent: greeting, scripted reply, offer card = 3.
    expect(outcome.timings).toMatchObject({ shopperMessages: 2, agentMessages: 3, responses: 2 });
    expect(outcome.timings.firstResponseMs).toBeGreaterThanOrEqual(0);
    expect(outcome.segment).not.toBe('');
    expect(outcome.day).toBe(outcome.closedAt.slice(0, 10));
  });

  it('takes the shopper rating once the chat has ended, and refuses it before', async () => {
    const bad = await request(shopper, 'conversation:rate', { conversationId, rating: 6 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'E_VALIDATION' } });
    const asStaff = await request(agent, 'conversation:rate', { conversationId, rating: 5 });
    expect(asStaff).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
    ok(await request(shopper, 'conversation:rate', { conversationId, rating: 4 }));
    expect((await outcomeOf(conversationId)).satisfaction).toBe(4);
  });

  it('links an order paid within the window to the chat, and marks it refunded later', async () => {
    const other = (await Customer.findOne({ customerId: { $ne: customerId } }).lean())!.customerId;
    const { shopper: s2, conversationId: id2 } = await openChat(other);
    await say(s2, id2, '让我再想想');
    await say(agent, id2, '好的，有问题随时找我。');
    ok(
      await request(agent, 'conversation:close', {
        conversationId: id2,
        disposition: 'will_follow_up',
      }),
    );
    expect((await outcomeOf(id2)).order).toBeNull();

    const product = (await Product.findOne({}).lean())!;
    const order = {
      orderId: `LINK-${randomUUID().slice(0, 8)}`,
      customerId: other,
      orderedAt: new Date().toISOString(),
      items: [{ sku: product.sku, qty: 2, unitPrice: 100.5 }],
    };
    const post = (path: string, body: unknown) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
        body: JSON.stringify(body),
      });
    expect((await post('/api/shop/orders', order)).status).toBe(201);
    const linked = await waitFor(
      async () => {
        const o = await outcomeOf(id2);
        return o.order ? o : undefined;
      },
      { what: 'the order to be linked to the chat' },
    );
    expect(linked.disposition).toBe('purchased');
    expect(linked.order).toEqual({
      orderId: order.orderId,
      value: 201,
      source: 'linked',
      refunded: false,
    });
    expect(
      await AuditLog.exists({ action: 'outcome.order_linked', subject: `outcome:${id2}` }),
    ).toBeTruthy();

    const refund = await post(`/api/shop/orders/${order.orderId}/refund`, {
      refundedAt: new Date().toISOString(),
    });
    expect(refund.status).toBeLessThan(300);
    await waitFor(async () => ((await outcomeOf(id2)).order?.refunded ? true : undefined), {
      what: 'the refund to reach the outcome',
    });
  });

  it('lets the agent and supervisors correct an outcome, audited; others may not', async () => {
    const edit = { disposition: 'not_interested', reason: 'The shopper cancelled by phone.' };
    const byOther = await api(`/api/outcomes/${conversationId}`, {
      method: 'PATCH',
      body: edit,
      as: 'agent2',
    });
    expect(byOther.status).toBe(404);
    const byTrainer = await api(`/api/outcomes/${conversationId}`, {
      method: 'PATCH',
      body: edit,
      as: 'trainer1',
    });
    expect(byTrainer.status).toBe(403);
    const noReason = await api(`/api/outcomes/${conversationId}`, {
      method: 'PATCH',
      body: { disposition: 'not_interested' },
      as: 'agent1',
    });
    expect(noReason.status).toBe(400);
    expect((await outcomeOf(conversationId)).disposition).toBe('purchased');

    const res = await api(`/api/outcomes/${conversationId}`, {
      method: 'PATCH',
      body: {
        ...edit,
        objections: [{ category: 'price', overcome: false }],
      },
      as: 'agent1',
    });
    expect(res.status).toBe(200);
    const after = await outcomeOf(conversationId);
    expect(after.disposition).toBe('not_interested');
    expect(after.objections.find((o) => o.category === 'price')?.overcome).toBe(false);
    const audit = await AuditLog.findOne({
      action: 'outcome.edit',
      subject: `outcome:${conversationId}`,
    }).lean();
    expect(audit).toMatchObject({
      actor: 'agent1',
      details: {
        reason: edit.reason,
        before: { disposition: 'purchased' },
        after: { disposition: 'not_interested' },
      },
    });
  });
});
