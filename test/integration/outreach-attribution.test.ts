import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Customer } from '../../server/customers/customer-model';
import { Product } from '../../server/customers/product-model';
import { recordOutreachSent } from '../../server/outreach/attribution';
import { OutreachTask, type OutreachTaskDoc } from '../../server/outreach/outreach-models';
import {
  OutreachOutcome,
  type OutreachOutcomeDoc,
} from '../../server/outreach/outreach-outcome-model';
import { outreachDashboardSchema, type OutreachKind } from '../../shared/schemas/outreach';
import { loginStaff } from '../helpers/chat-clients';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { waitFor } from '../helpers/wait';

// Attribution of payments and new orders to sent outreach, on a real server: the shop posts its
// orders to /api/shop/orders; tasks are inserted as the worklist would have left them once sent.

let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
const apiKey = 'test-shop-api-key-0123456789abcdef-0123';
const cookies: Record<string, string> = {};
let customers: string[] = [];
let sku = '';
let unitPrice = 0;

beforeAll(async () => {
  [database, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  server = await startServerProcess({
    env: {
      MONGODB_URI: database.uri,
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '20',
      DEMO_ORDERS: '60',
      SHOP_API_KEY: apiKey,
      SESSION_SECRET: 'test-session-secret-0123456789abcdef0123',
      SHOP_IDENTITY_SECRET: 'test-shop-identity-secret-0123456789abcdef',
    },
  });
  await mongoose.connect(database.uri);
  for (const username of ['agent1', 'trainer1', 'supervisor1', 'admin1']) {
    cookies[username] = await loginStaff(server.url, username);
  }
  customers = (
    await Customer.find({}, { customerId: 1 }).sort({ customerId: 1 }).limit(4).lean()
  ).map((c) => c.customerId);
  const product = await Product.findOne({}).lean();
  sku = product!.sku;
  unitPrice = product!.price;
});
afterAll(async () => {
  await mongoose.disconnect();
  await server?.remove();
  await redis?.stop();
  await database?.remove();
});

const api = (path: string, as?: string) =>
  fetch(`${server.url}${path}`, { headers: as ? { cookie: cookies[as]! } : {} });

async function postOrder(order: {
  orderId: string;
  customerId: string;
  orderedAt: string;
  paidAt?: string;
}) {
  const res = await fetch(`${server.url}/api/shop/orders`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
    body: JSON.stringify({ ...order, items: [{ sku, qty: 2, unitPrice }] }),
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { order: { amount: number } }).order.amount;
}

/** A task as the worklist leaves it once sent. */
async function sentTask(fields: {
  id: string;
  kind: OutreachKind;
  customerId: string;
  orderId: string | null;
  sentAt: string;
  agent?: string;
}): Promise<OutreachTaskDoc> {
  const sentAt = new Date(fields.sentAt);
  const task: OutreachTaskDoc = {
    _id: fields.id,
    kind: fields.kind,
    customerId: fields.customerId,
    customerName: '测试客户',
    orderId: fields.orderId,
    value: 199,
    dueAt: new Date(sentAt.getTime() - 600_000),
    createdAt: new Date(sentAt.getTime() - 3_600_000),
    status: 'sent',
    reason: { 'zh-CN': '测试', en: 'test' },
    assigneeId: fields.agent ?? 'agent1',
    conversationId: `conv-${fields.id}`,
    delivery: 'live',
    sentAt,
    attributedOrderId: null,
    attributedAt: null,
    attributedValue: null,
  };
  await OutreachTask.create(task);
  return task;
}

const taskOf = (id: string) => OutreachTask.findById(id).lean();
// Hydrated, so a field the store left out reads as its default (null).
const outcomeOf = async (id: string) =>
  (await OutreachOutcome.findById(id))?.toObject<OutreachOutcomeDoc>() ?? null;

async function dashboard(query: string, as = 'supervisor1') {
  const res = await api(`/api/dashboard/outreach?${query}`, as);
  expect(res.status, await res.clone().text()).toBe(200);
  return outreachDashboardSchema.parse(await res.json());
}

describe('payment reminders', () => {
  it('credits the payment within the window to the reminder, and the dashboard shows 1/1', async () => {
    const customerId = customers[0]!;
    // A follow-up sent earlier is also open: the payment of the reminded order goes to the reminder.
    await sentTask({
      id: `follow_up:OLD-A`,
      kind: 'follow_up',
      customerId,
      orderId: 'OLD-A',
      sentAt: '2025-06-10T07:00:00Z',
    });
    const reminder = await sentTask({
      id: 'payment_reminder:PAY-A',
      kind: 'payment_reminder',
      customerId,
      orderId: 'PAY-A',
      sentAt: '2025-06-10T08:00:00Z',
    });
    // The worklist writes the outcome record when it sends.
    await recordOutreachSent(reminder);
    expect(await outcomeOf(reminder._id)).toMatchObject({
      kind: 'payment_reminder',
      customerId,
      agentId: 'agent1',
      day: '2025-06-10',
      delivery: 'live',
      attributed: false,
      orderId: null,
    });

    // Ordered 07:30, reminded 08:00, paid 09:30: 1.5 h into the default 48 h window.
    const amount = await postOrder({
      orderId: 'PAY-A',
      customerId,
      orderedAt: '2025-06-10T07:30:00Z',
      paidAt: '2025-06-10T09:30:00Z',
    });
    const task = await waitFor(
      async () => {
        const t = await taskOf(reminder._id);
        return t?.attributedOrderId ? t : null;
      },
      { what: 'the reminder attributed' },
    );
    expect(task).toMatchObject({
      attributedOrderId: 'PAY-A',
      attributedAt: new Date('2025-06-10T09:30:00Z'),
      attributedValue: amount,
    });
    expect(await outcomeOf(reminder._id)).toMatchObject({
      attributed: true,
      orderId: 'PAY-A',
      value: amount,
      attributedAt: new Date('2025-06-10T09:30:00Z'),
    });
    // One task per order: the follow-up stays open, with its own record made by attribution.
    expect((await taskOf('follow_up:OLD-A'))?.attributedOrderId).toBeNull();
    expect(await outcomeOf('follow_up:OLD-A')).toMatchObject({
      kind: 'follow_up',
      attributed: false,
      day: '2025-06-10',
    });

    const d = await dashboard('from=2025-06-10&to=2025-06-10');
    expect(d.paymentRecovery).toEqual({
      sent: 1,
      attributed: 1,
      rate: 1,
      // One reminder is below the threshold of 20: a rate, but no interval yet.
      interval: null,
      enoughData: false,
      value: amount,
    });
    expect(d.minSample).toBe(20);
    expect(d.repeatPurchase).toMatchObject({ sent: 1, attributed: 0, rate: 0 });
    expect(d.kinds.map((k) => [k.kind, k.sent, k.attributed])).toEqual([
      ['payment_reminder', 1, 1],
      ['follow_up', 1, 0],
      ['review_invitation', 0, 0],
      ['member_care', 0, 0],
      ['win_back', 0, 0],
    ]);
  });

  it('gives the interval once 20 reminders were sent', async () => {
    // 19 more reminders sent the next day by agent2, 9 of them paid: 10 of 20 with the one above.
    const now = new Date();
    await OutreachOutcome.insertMany(
      Array.from({ length: 19 }, (_, i) => ({
        _id: `payment_reminder:BULK-${i}`,
        kind: 'payment_reminder',
        customerId: customers[3]!,
        agentId: 'agent2',
        sentAt: new Date('2025-06-11T08:00:00Z'),
        day: '2025-06-11',
        delivery: 'left',
        attributed: i < 9,
        orderId: i < 9 ? `BULK-${i}` : null,
        value: i < 9 ? 10 : null,
        attributedAt: i < 9 ? now : null,
        updatedAt: now,
      })),
    );
    const d = await dashboard('from=2025-06-10&to=2025-06-11');
    // 10 ÷ 20 = 0.5: centre = (0.5 + 3.8416/40) / (1 + 3.8416/20) = 0.59604 / 1.19208 = 0.5;
    // half = 1.96 × √(0.25/20 + 3.8416/1600) / 1.19208 = 1.96 × 0.12207 / 1.19208 = 0.20071.
    expect(d.paymentRecovery).toMatchObject({
      sent: 20,
      attributed: 10,
      rate: 0.5,
      enoughData: true,
    });
    expect(d.paymentRecovery.interval!.low).toBeCloseTo(0.29929, 4);
    expect(d.paymentRecovery.interval!.high).toBeCloseTo(0.70071, 4);
    // By agent: agent2's 19 alone are below the threshold.
    const agent2 = await dashboard('from=2025-06-10&to=2025-06-11&agent=agent2');
    expect(agent2.paymentRecovery).toMatchObject({ sent: 19, attributed: 9, interval: null });
    expect(agent2.paymentRecovery.value).toBe(90);
    // Out of the range: nothing.
    expect((await dashboard('from=2025-06-12&to=2025-06-30')).paymentRecovery.sent).toBe(0);
  });

  it('does not credit a payment after the window', async () => {
    const customerId = customers[1]!;
    const reminder = await sentTask({
      id: 'payment_reminder:PAY-LATE',
      kind: 'payment_reminder',
      customerId,
      orderId: 'PAY-LATE',
      sentAt: '2025-06-01T08:00:00Z',
    });
    // Paid 72 h after the reminder: past the 48 h window.
    await postOrder({
      orderId: 'PAY-LATE',
      customerId,
      orderedAt: '2025-06-01T07:00:00Z',
      paidAt: '2025-06-04T08:00:00Z',
    });
    // Attribution ran when it wrote the missing outcome record; it credited nothing.
    const outcome = await waitFor(() => outcomeOf(reminder._id), {
      what: 'the outcome record',
    });
    expect(outcome).toMatchObject({ attributed: false, orderId: null, day: '2025-06-01' });
    expect((await taskOf(reminder._id))?.attributedOrderId).toBeNull();
    const d = await dashboard('from=2025-06-01&to=2025-06-01');
    expect(d.paymentRecovery).toMatchObject({ sent: 1, attributed: 0, rate: 0, value: 0 });
  });
});

describe('order events', () => {
  it("credits a 'paid' order event to the reminder for that order", async () => {
    const customerId = customers[3]!;
    const reminder = await sentTask({
      id: 'payment_reminder:EV-D',
      kind: 'payment_reminder',
      customerId,
      orderId: 'EV-D',
      sentAt: '2025-06-15T08:00:00Z',
    });
    const res = await fetch(`${server.url}/api/shop/order-events`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify({
        eventId: 'ev-d-paid',
        type: 'paid',
        orderId: 'EV-D',
        customerId,
        at: '2025-06-15T18:00:00+08:00',
        amount: 120,
      }),
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const task = await waitFor(
      async () => {
        const t = await taskOf(reminder._id);
        return t?.attributedOrderId ? t : null;
      },
      { what: 'the reminder attributed from the event' },
    );
    expect(task).toMatchObject({
      attributedOrderId: 'EV-D',
      attributedAt: new Date('2025-06-15T10:00:00Z'),
      attributedValue: 120,
    });
    expect(await outcomeOf(reminder._id)).toMatchObject({
      attributed: true,
      orderId: 'EV-D',
      value: 120,
    });
  });
});

describe('follow-ups', () => {
  it("credits the customer's next order to the latest follow-up, one task per order", async () => {
    const customerId = customers[2]!;
    await sentTask({
      id: 'member_care:C',
      kind: 'member_care',
      customerId,
      orderId: null,
      sentAt: '2025-06-20T10:00:00Z',
    });
    await sentTask({
      id: 'follow_up:PREV-C',
      kind: 'follow_up',
      customerId,
      orderId: 'PREV-C',
      sentAt: '2025-06-21T10:00:00Z',
      agent: 'agent3',
    });
    // Placed 10 h after the follow-up and 34 h after the care message: the latest one gets it.
    const amount = await postOrder({
      orderId: 'NEW-C1',
      customerId,
      orderedAt: '2025-06-21T20:00:00Z',
    });
    const followUp = await waitFor(
      async () => {
        const t = await taskOf('follow_up:PREV-C');
        return t?.attributedOrderId ? t : null;
      },
      { what: 'the follow-up attributed' },
    );
    expect(followUp).toMatchObject({ attributedOrderId: 'NEW-C1', attributedValue: amount });
    expect(await outcomeOf('follow_up:PREV-C')).toMatchObject({
      kind: 'follow_up',
      agentId: 'agent3',
      attributed: true,
      orderId: 'NEW-C1',
      value: amount,
      day: '2025-06-21',
    });
    expect((await taskOf('member_care:C'))?.attributedOrderId).toBeNull();

    // The next order goes to the task still open; the follow-up keeps its first order.
    await postOrder({ orderId: 'NEW-C2', customerId, orderedAt: '2025-06-21T22:00:00Z' });
    await waitFor(async () => (await taskOf('member_care:C'))?.attributedOrderId === 'NEW-C2', {
      what: 'the care message attributed',
    });
    expect((await taskOf('follow_up:PREV-C'))?.attributedOrderId).toBe('NEW-C1');

    const d = await dashboard('from=2025-06-20&to=2025-06-21');
    expect(d.repeatPurchase).toMatchObject({ sent: 1, attributed: 1, rate: 1, value: amount });
    expect(d.kinds.find((k) => k.kind === 'member_care')).toMatchObject({
      sent: 1,
      attributed: 1,
    });
  });
});

describe('GET /api/dashboard/outreach', () => {
  it('rejects the unauthenticated and the wrong role', async () => {
    const path = '/api/dashboard/outreach?from=2025-06-01&to=2025-06-30';
    const anonymous = await api(path);
    expect(anonymous.status).toBe(401);
    for (const as of ['agent1', 'trainer1']) {
      const res = await api(path, as);
      expect(res.status, as).toBe(403);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('E_FORBIDDEN');
    }
    expect((await api(path, 'admin1')).status).toBe(200);
  });

  it('refuses a bad range with 400', async () => {
    for (const query of [
      'from=2025-06-30&to=2025-06-01',
      'from=2025-06-01',
      'from=2025-02-30&to=2025-03-01',
      'from=2024-01-01&to=2025-06-01',
      'from=2025-06-01&to=2025-06-02&segment=x',
    ]) {
      const res = await api(`/api/dashboard/outreach?${query}`, 'supervisor1');
      expect(res.status, query).toBe(400);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe('E_VALIDATION');
    }
  });
});
