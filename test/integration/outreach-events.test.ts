import { randomUUID } from 'node:crypto';
import mongoose, { trusted } from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../server/audit/audit-model';
import { Customer } from '../../server/customers/customer-model';
import { OrderEvent, OrderState, OutreachTask } from '../../server/outreach/outreach-models';
import { OutreachOutcome } from '../../server/outreach/outreach-outcome-model';
import { afterQuietHours } from '../../shared/domain/outreach-rules';
import {
  outreachDashboardSchema,
  outreachDryRunResultSchema,
  outreachRulesStateSchema,
  type OrderEventResponse,
  type OutreachRules,
} from '../../shared/schemas/outreach';
import { loginStaff } from '../helpers/chat-clients';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { waitFor } from '../helpers/wait';

// From the shop's order event to an outreach task, on a real server (FerretDB, Redis). The
// scheduler's timer is set to a day: every plan here is the one an order event triggers.

let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
const apiKey = 'test-shop-api-key-0123456789abcdef-0123';
const cookies: Record<string, string> = {};
const MIN = 60_000;

// Customers of this test (the demo shop's own get tasks of their own; these are checked by id).
const people = ['OUT-A', 'OUT-B', 'OUT-C', 'OUT-D', 'OUT-E', 'OUT-F'] as const;

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
      OUTREACH_INTERVAL_SECONDS: '86400',
      SESSION_SECRET: 'test-session-secret-0123456789abcdef0123',
      SHOP_IDENTITY_SECRET: 'test-shop-identity-secret-0123456789abcdef',
    },
  });
  await mongoose.connect(database.uri);
  // One paid order of ¥200 each: ¥800 short of silver, so no member care; no win-back segment.
  await Customer.insertMany(
    people.map((customerId, i) => ({
      customerId,
      name: `外呼测试${i + 1}`,
      phone: `1380000000${i}`,
      city: '杭州',
      joinedAt: new Date('2025-01-01T00:00:00Z'),
      memberTier: 'regular',
      totalSpent: 200,
      orderCount: 1,
    })),
  );
  for (const username of ['agent1', 'trainer1', 'supervisor1', 'admin1']) {
    cookies[username] = await loginStaff(server.url, username);
  }
});
afterAll(async () => {
  await mongoose.disconnect();
  await server?.remove();
  await redis?.stop();
  await database?.remove();
});

function shop(method: string, path: string, body: unknown, key: string | null = apiKey) {
  return fetch(`${server.url}${path}`, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
    },
    body: JSON.stringify(body),
  });
}
const sendEvent = (body: unknown, key: string | null = apiKey) =>
  shop('POST', '/api/shop/order-events', body, key);
const staff = (method: string, path: string, as?: string, body?: unknown) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(as ? { cookie: cookies[as]! } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;

const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const created = (
  eventId: string,
  orderId: string,
  customerId: string,
  amount: number,
  at: string,
) => ({
  eventId,
  type: 'created',
  orderId,
  customerId,
  at,
  amount,
});
const taskFor = (id: string) => OutreachTask.findById(id).lean();
/** An order of `customerId` unpaid 45 minutes: its reminder shows that a plan ran after it. */
async function sentinel(name: string, customerId: string) {
  const res = await sendEvent(created(`ev-${name}`, `O-${name}`, customerId, 10, ago(45 * MIN)));
  expect(res.status).toBe(201);
  return waitFor(() => taskFor(`payment_reminder:O-${name}`), { what: `the ${name} reminder` });
}

describe('POST /api/shop/order-events', () => {
  it('refuses a missing or wrong key, bad input and an unknown customer, storing nothing', async () => {
    const event = created('ev-x', 'O-X', 'OUT-A', 99, ago(45 * MIN));
    for (const res of [await sendEvent(event, null), await sendEvent(event, `${apiKey}-wrong`)]) {
      expect(res.status).toBe(401);
      expect(await errorCode(res)).toBe('E_UNAUTHENTICATED');
    }
    const bad = [
      { ...event, amount: undefined },
      { ...event, type: 'lost' },
      { ...event, at: 'yesterday' },
      { ...event, eventId: 'has space' },
      { ...event, extra: 1 },
    ];
    for (const body of bad) {
      const res = await sendEvent(body);
      expect(res.status).toBe(400);
      expect(await errorCode(res)).toBe('E_VALIDATION');
    }
    const unknown = await sendEvent({ ...event, customerId: 'NOBODY' });
    expect(unknown.status).toBe(422);
    expect(await errorCode(unknown)).toBe('E_UNKNOWN_CUSTOMER');
    expect(await OrderEvent.countDocuments()).toBe(0);
    expect(await OrderState.countDocuments()).toBe(0);
  });

  it('turns an order unpaid past the delay into one payment reminder, and a replay changes nothing', async () => {
    const event = created('ev-a1', 'O-A', 'OUT-A', 299, ago(45 * MIN));
    const first = await sendEvent(event);
    expect(first.status).toBe(201);
    const body = (await first.json()) as OrderEventResponse;
    expect(body).toMatchObject({
      replayed: false,
      event: { eventId: 'ev-a1', type: 'created', orderId: 'O-A', amount: 299 },
      order: {
        orderId: 'O-A',
        customerId: 'OUT-A',
        amount: 299,
        createdAt: event.at,
        paidAt: null,
      },
    });

    const task = await waitFor(() => taskFor('payment_reminder:O-A'), { what: 'the reminder' });
    expect(task).toMatchObject({
      kind: 'payment_reminder',
      customerId: 'OUT-A',
      customerName: '外呼测试1',
      orderId: 'O-A',
      value: 299,
      status: 'open',
      assigneeId: null,
      sentAt: null,
    });
    // 45 minutes, or 46 on a slow machine.
    expect(task!.reason['zh-CN']).toMatch(/^下单 4[56] 分钟未付款（规则：30 分钟）$/);
    expect(task!.reason.en).toMatch(/^Unpaid 4[56] minutes after ordering \(rule: 30 minutes\)$/);
    // Due at once, unless the plan ran in the quiet hours (21:00–09:00 Shanghai): then at 09:00.
    const quiet = { start: '21:00', end: '09:00', timeZone: 'Asia/Shanghai' };
    expect(task!.dueAt.getTime()).toBe(afterQuietHours(task!.createdAt.getTime(), quiet));

    // The same event again (the instant written with another offset is the same event).
    const sameInstant = new Date(event.at).toISOString().replace('Z', '+00:00');
    const replay = await sendEvent({ ...event, at: sameInstant });
    expect(replay.status).toBe(200);
    expect(await replay.json()).toMatchObject({ replayed: true, order: { amount: 299 } });
    const conflict = await sendEvent({ ...event, amount: 300 });
    expect(conflict.status).toBe(409);
    expect(await errorCode(conflict)).toBe('E_ORDER_CONFLICT');
    // Moving the order to another customer under a new event id is a conflict too.
    const moved = await sendEvent(created('ev-a2', 'O-A', 'OUT-B', 299, event.at));
    expect(moved.status).toBe(409);

    await sentinel('S1', 'OUT-F');
    expect(await OutreachTask.countDocuments({ orderId: 'O-A' })).toBe(1);
    expect(await OrderEvent.countDocuments({ orderId: 'O-A' })).toBe(1);
  });

  it('makes no reminder for an order paid before the delay, nor for a customer who opted out', async () => {
    // Created 45 min ago but paid 10 min after: the events arrive paid first.
    const paidAt = ago(35 * MIN);
    expect(
      (
        await sendEvent({
          eventId: 'ev-b2',
          type: 'paid',
          orderId: 'O-B',
          customerId: 'OUT-B',
          at: paidAt,
        })
      ).status,
    ).toBe(201);
    const b = await sendEvent(created('ev-b1', 'O-B', 'OUT-B', 188, ago(45 * MIN)));
    expect(b.status).toBe(201);
    expect(((await b.json()) as OrderEventResponse).order).toMatchObject({
      amount: 188,
      paidAt: new Date(paidAt).toISOString(),
    });

    // The shop records the customer's wish; staff on another customer (audited).
    const optOut = await shop('PUT', '/api/shop/customers/OUT-C/outreach-opt-out', {
      optOut: true,
    });
    expect(optOut.status).toBe(200);
    expect(await optOut.json()).toEqual({ customerId: 'OUT-C', optOut: true });
    expect(
      (await shop('PUT', '/api/shop/customers/OUT-C/outreach-opt-out', { optOut: true }, null))
        .status,
    ).toBe(401);
    expect(
      (await shop('PUT', '/api/shop/customers/NOBODY/outreach-opt-out', { optOut: true })).status,
    ).toBe(404);
    expect((await sendEvent(created('ev-c1', 'O-C', 'OUT-C', 520, ago(50 * MIN)))).status).toBe(
      201,
    );

    expect(
      (await staff('PUT', '/api/customers/OUT-D/outreach-opt-out', undefined, { optOut: true }))
        .status,
    ).toBe(401);
    const trainer = await staff('PUT', '/api/customers/OUT-D/outreach-opt-out', 'trainer1', {
      optOut: true,
    });
    expect(trainer.status).toBe(403);
    const byAgent = await staff('PUT', '/api/customers/OUT-D/outreach-opt-out', 'agent1', {
      optOut: true,
    });
    expect(byAgent.status).toBe(200);
    expect(
      await AuditLog.findOne({
        action: 'customer.outreach_opt_out',
        subject: 'customer:OUT-D',
      }).lean(),
    ).toMatchObject({
      actor: 'agent1',
      details: { optOut: true, before: false },
    });
    expect((await sendEvent(created('ev-d1', 'O-D', 'OUT-D', 77, ago(50 * MIN)))).status).toBe(201);

    await sentinel('S2', 'OUT-F');
    expect(await taskFor('payment_reminder:O-B')).toBeNull();
    expect(
      await OutreachTask.countDocuments({ customerId: trusted({ $in: ['OUT-C', 'OUT-D'] }) }),
    ).toBe(0);
  });
});

describe('the outreach rules API', () => {
  const current = async (as = 'agent1') => {
    const res = await staff('GET', '/api/outreach/rules', as);
    expect(res.status).toBe(200);
    return outreachRulesStateSchema.parse(await res.json());
  };

  it('lets agents read the rules, only supervisors and admins change them, from the current version', async () => {
    expect((await staff('GET', '/api/outreach/rules')).status).toBe(401);
    expect((await staff('GET', '/api/outreach/rules', 'trainer1')).status).toBe(403);
    const before = await current();
    expect(before).toMatchObject({ version: 1, updatedBy: 'system' });
    expect(before.rules.paymentReminder).toEqual({ enabled: true, delayMinutes: 30 });

    const changed: OutreachRules = { ...before.rules, weeklyCapPerCustomer: 3 };
    expect(
      (await staff('PUT', '/api/outreach/rules', undefined, { version: 1, rules: changed })).status,
    ).toBe(401);
    for (const as of ['agent1', 'trainer1']) {
      const res = await staff('PUT', '/api/outreach/rules', as, { version: 1, rules: changed });
      expect(res.status).toBe(403);
      expect(await errorCode(res)).toBe('E_FORBIDDEN');
    }
    const badZone = { ...changed, quietHours: { ...changed.quietHours, timeZone: 'Mars/Olympus' } };
    const refused = await staff('PUT', '/api/outreach/rules', 'supervisor1', {
      version: 1,
      rules: badZone,
    });
    expect(refused.status).toBe(400);
    expect(await errorCode(refused)).toBe('E_VALIDATION');

    const saved = await staff('PUT', '/api/outreach/rules', 'supervisor1', {
      version: 1,
      rules: changed,
    });
    expect(saved.status).toBe(200);
    expect(outreachRulesStateSchema.parse(await saved.json())).toMatchObject({
      version: 2,
      updatedBy: 'supervisor1',
      rules: { weeklyCapPerCustomer: 3 },
    });
    expect(await current()).toMatchObject({ version: 2, rules: { weeklyCapPerCustomer: 3 } });
    const audit = await AuditLog.findOne({ action: 'outreach.rules.update' }).lean();
    expect(audit).toMatchObject({
      actor: 'supervisor1',
      subject: 'outreach_rules',
      details: { fromVersion: 1, version: 2, changed: { weeklyCapPerCustomer: 3 } },
    });

    // An admin saving from the version they loaded before the supervisor's change.
    const stale = await staff('PUT', '/api/outreach/rules', 'admin1', {
      version: 1,
      rules: before.rules,
    });
    expect(stale.status).toBe(409);
    expect(await errorCode(stale)).toBe('E_OUTREACH_CONFLICT');
    expect((await current()).version).toBe(2);
  });

  it('dry-runs changed rules: how many customers and tasks each would make now, writing nothing', async () => {
    // An order unpaid 20 minutes: not yet due under the 30-minute rule.
    expect((await sendEvent(created('ev-e1', 'O-E', 'OUT-E', 456.5, ago(20 * MIN)))).status).toBe(
      201,
    );
    await sentinel('S3', 'OUT-F');
    expect(await taskFor('payment_reminder:O-E')).toBeNull();

    const { rules } = await current();
    const dryRun = async (proposed: OutreachRules, as = 'supervisor1') => {
      const res = await staff('POST', '/api/outreach/rules/dry-run', as, { rules: proposed });
      expect(res.status).toBe(200);
      const result = outreachDryRunResultSchema.parse(await res.json());
      return { result, reminders: result.kinds.find((k) => k.kind === 'payment_reminder')! };
    };
    for (const as of [undefined, 'agent1', 'trainer1']) {
      const res = await staff('POST', '/api/outreach/rules/dry-run', as, { rules });
      expect(res.status).toBe(as ? 403 : 401);
    }
    const tasksBefore = await OutreachTask.countDocuments();

    // As they are: every due reminder exists already (O-E is not due, OUT-C and OUT-D opted out).
    const asIs = await dryRun(rules);
    expect(asIs.reminders).toMatchObject({
      rule: 'paymentReminder',
      enabled: true,
      tasks: 0,
      customers: 0,
    });
    expect(asIs.result.optedOutCustomers).toBeGreaterThanOrEqual(2);
    expect(asIs.result.kinds.map((k) => k.kind)).toEqual([
      'payment_reminder',
      'follow_up',
      'review_invitation',
      'member_care',
      'win_back',
    ]);

    // Reminders after 15 minutes: O-E (¥456.50) would be reminded now.
    const faster = { ...rules, paymentReminder: { enabled: true, delayMinutes: 15 } };
    const { reminders } = await dryRun(faster, 'admin1');
    expect(reminders).toMatchObject({ tasks: 1, customers: 1, value: 456.5, heldByCap: 0 });

    const off = { ...rules, paymentReminder: { enabled: false, delayMinutes: 15 } };
    expect((await dryRun(off)).reminders).toMatchObject({ enabled: false, tasks: 0 });

    expect(await OutreachTask.countDocuments()).toBe(tasksBefore);
    expect(await taskFor('payment_reminder:O-E')).toBeNull();
    expect((await current()).version).toBe(2);
  });
});

describe('from order event to attributed payment', () => {
  it('an unpaid order becomes a reminder, the agent sends it, the payment is attributed to it', async () => {
    await Customer.create({
      customerId: 'OUT-G',
      name: '外呼测试7',
      phone: '13800000077',
      city: '宁波',
      joinedAt: new Date('2025-01-01T00:00:00Z'),
      memberTier: 'regular',
      totalSpent: 200,
      orderCount: 1,
    });
    expect((await sendEvent(created('ev-g1', 'O-G', 'OUT-G', 459, ago(40 * MIN)))).status).toBe(
      201,
    );
    const task = await waitFor(() => taskFor('payment_reminder:O-G'), { what: 'the reminder' });

    const sent = await staff('POST', `/api/outreach/tasks/${task!._id}/send`, 'agent1', {
      text: '亲，您的订单还没有付款哦，库存有限，需要帮忙随时找我～',
      clientMessageId: randomUUID(),
    });
    expect(sent.status).toBe(200);
    // Every outreach sent is an outcome record, attributed or not.
    expect(await OutreachOutcome.findById(task!._id).lean()).toMatchObject({
      kind: 'payment_reminder',
      agentId: 'agent1',
      attributed: false,
    });

    const paid = { eventId: 'ev-g2', type: 'paid', orderId: 'O-G', customerId: 'OUT-G' };
    expect((await sendEvent({ ...paid, at: new Date().toISOString() })).status).toBe(201);
    const attributed = await waitFor(
      async () => {
        const t = await taskFor('payment_reminder:O-G');
        return t?.attributedOrderId ? t : undefined;
      },
      { what: 'the payment to be attributed' },
    );
    expect(attributed).toMatchObject({ attributedOrderId: 'O-G', attributedValue: 459 });
    expect(await OutreachOutcome.findById(task!._id).lean()).toMatchObject({
      attributed: true,
      orderId: 'O-G',
    });

    const today = new Date().toISOString().slice(0, 10);
    const res = await staff(
      'GET',
      `/api/dashboard/outreach?from=${today}&to=${today}`,
      'supervisor1',
    );
    expect(res.status).toBe(200);
    const dashboard = outreachDashboardSchema.parse(await res.json());
    // 1 reminder sent, 1 paid: 100% recovered, below the 20-send threshold so no interval yet.
    expect(dashboard.paymentRecovery).toMatchObject({ sent: 1, attributed: 1, rate: 1 });
  });
});
