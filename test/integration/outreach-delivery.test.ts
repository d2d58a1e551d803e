import { createHmac, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutreachTask, type OutreachTaskDoc } from '../../server/outreach/outreach-models';
import type { MessageView } from '../../shared/schemas/chat';
import type { ConversationView } from '../../shared/schemas/conversation';
import type {
  OutreachKind,
  OutreachSendResponse,
  OutreachWebhookBody,
  OutreachWorklistResponse,
} from '../../shared/schemas/outreach';
import {
  collect,
  connectVisitor,
  loginStaff,
  request,
  visitorToken,
  type ClientSocket,
} from '../helpers/chat-clients';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { waitFor } from '../helpers/wait';

const WEBHOOK_SECRET = 'outreach-webhook-secret-0123456789';

let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
let hook: Server;
const hookCalls: Array<{ body: string; signature: string | undefined }> = [];
const cookies: Record<string, string> = {};
let customers: Array<{ customerId: string; name: string; shopCustomerToken: string }> = [];
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  hook = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      hookCalls.push({ body, signature: req.headers['x-scriptdesk-signature'] as string });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
  [database, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  server = await startServerProcess({
    env: {
      MONGODB_URI: database.uri,
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '40',
      DEMO_ORDERS: '120',
      SHOP_IDENTITY_SECRET: 'test-shop-identity-secret-0123456789abcdef',
      SESSION_SECRET: 'test-session-secret-0123456789abcdef0123',
      OUTREACH_WEBHOOK_URL: `http://127.0.0.1:${(hook.address() as AddressInfo).port}/hook`,
      OUTREACH_WEBHOOK_SECRET: WEBHOOK_SECRET,
    },
  });
  await mongoose.connect(database.uri);
  for (const username of ['agent1', 'agent2', 'trainer1']) {
    cookies[username] = await loginStaff(server.url, username);
  }
  const demo = (await (await fetch(`${server.url}/api/demo/shop-customers`)).json()) as {
    customers: typeof customers;
  };
  customers = demo.customers;
  expect(customers.length).toBeGreaterThanOrEqual(3);
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await mongoose.disconnect();
  await server?.remove();
  await redis?.stop();
  await database?.remove();
  await new Promise<void>((resolve) => hook?.close(() => resolve()));
});

const api = (path: string, init: { method?: string; body?: unknown; as?: string } = {}) =>
  fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(init.as ? { cookie: cookies[init.as]! } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;
const taskPath = (id: string, action = '') =>
  `/api/outreach/tasks/${encodeURIComponent(id)}${action ? `/${action}` : ''}`;

const MIN = 60_000;
async function insertTask(
  fields: Partial<OutreachTaskDoc> & { _id: string; customerId: string },
): Promise<void> {
  const kind: OutreachKind = fields.kind ?? 'payment_reminder';
  await OutreachTask.create({
    kind,
    customerName: '测试顾客',
    orderId: null,
    value: 100,
    dueAt: new Date(Date.now() - MIN),
    createdAt: new Date(Date.now() - 10 * MIN),
    status: 'open',
    reason: { 'zh-CN': '下单 30 分钟未付款', en: 'Unpaid 30 minutes after ordering' },
    assigneeId: null,
    conversationId: null,
    delivery: null,
    sentAt: null,
    attributedOrderId: null,
    attributedAt: null,
    attributedValue: null,
    ...fields,
  });
}

async function signedInShopper(customer: { shopCustomerToken: string }): Promise<ClientSocket> {
  const token = await visitorToken(server.url, { shopCustomerToken: customer.shopCustomerToken });
  const socket = await connectVisitor(server.url, token);
  sockets.push(socket);
  return socket;
}

const send = (id: string, as: string, text: string, extra: Record<string, unknown> = {}) =>
  api(taskPath(id, 'send'), {
    method: 'POST',
    as,
    body: { text, clientMessageId: randomUUID(), ...extra },
  });

describe('outreach worklist and delivery', () => {
  it('refuses the signed-out and trainers, and bad input', async () => {
    expect((await api('/api/outreach/tasks')).status).toBe(401);
    const trainer = await api('/api/outreach/tasks', { as: 'trainer1' });
    expect(trainer.status).toBe(403);
    expect(await errorCode(trainer)).toBe('E_FORBIDDEN');
    await insertTask({ _id: 'payment_reminder:AUTHZ-1', customerId: customers[0]!.customerId });
    expect((await send('payment_reminder:AUTHZ-1', 'trainer1', '亲')).status).toBe(403);
    const bad = await api('/api/outreach/tasks?status=everything', { as: 'agent1' });
    expect(bad.status).toBe(400);
    expect(await errorCode(bad)).toBe('E_VALIDATION');
    const noClientId = await api(taskPath('payment_reminder:AUTHZ-1', 'send'), {
      method: 'POST',
      as: 'agent1',
      body: { text: 'hi' },
    });
    expect(await errorCode(noClientId)).toBe('E_VALIDATION');
    expect((await send('no-such-task', 'agent1', 'hi')).status).toBe(404);
  });

  it('lists due tasks by value, then by how long they are due, and counts the ones not due', async () => {
    await OutreachTask.deleteMany({});
    const c = customers[0]!.customerId;
    const now = Date.now();
    await insertTask({ _id: 'sort:a', customerId: c, value: 199, dueAt: new Date(now - 5 * MIN) });
    await insertTask({ _id: 'sort:b', customerId: c, value: 899, dueAt: new Date(now - 1 * MIN) });
    await insertTask({ _id: 'sort:c', customerId: c, value: 199, dueAt: new Date(now - 30 * MIN) });
    await insertTask({
      _id: 'sort:d',
      customerId: c,
      value: 5000,
      dueAt: new Date(now + 60 * MIN),
    });
    await insertTask({ _id: 'sort:e', customerId: c, value: 50, status: 'skipped' });
    await insertTask({ _id: 'sort:f', customerId: c, value: 700, assigneeId: 'agent2' });
    const res = await api('/api/outreach/tasks?status=open', { as: 'agent1' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as OutreachWorklistResponse;
    // 899 b; then 199 due 30 min ago (c) before 199 due 5 min ago (a); f is agent2's, e skipped.
    expect(body.tasks.map((t) => t.id)).toEqual(['sort:b', 'sort:c', 'sort:a']);
    expect(body.notDue).toBe(1);
    // agent2 sees their own task among the free ones; mine=1 only theirs.
    const theirs = (await (
      await api('/api/outreach/tasks?mine=1', { as: 'agent2' })
    ).json()) as OutreachWorklistResponse;
    expect(theirs.tasks.map((t) => t.id)).toEqual(['sort:f']);
    await OutreachTask.deleteMany({});
  });

  it('lets one agent claim a task; another can neither claim nor send it', async () => {
    await insertTask({ _id: 'payment_reminder:CLAIM-1', customerId: customers[0]!.customerId });
    const claimed = await api(taskPath('payment_reminder:CLAIM-1', 'claim'), {
      method: 'POST',
      as: 'agent1',
    });
    expect(claimed.status).toBe(200);
    expect(((await claimed.json()) as { task: { assigneeId: string } }).task.assigneeId).toBe(
      'agent1',
    );
    // Claiming again is fine for the holder, a conflict for anyone else.
    expect(
      (await api(taskPath('payment_reminder:CLAIM-1', 'claim'), { method: 'POST', as: 'agent1' }))
        .status,
    ).toBe(200);
    const stolen = await api(taskPath('payment_reminder:CLAIM-1', 'claim'), {
      method: 'POST',
      as: 'agent2',
    });
    expect(stolen.status).toBe(409);
    expect(await errorCode(stolen)).toBe('E_TASK_UNAVAILABLE');
    const sent = await send('payment_reminder:CLAIM-1', 'agent2', '亲，订单还没付款哦');
    expect(sent.status).toBe(403);
    const task = await OutreachTask.findById('payment_reminder:CLAIM-1').lean();
    expect(task).toMatchObject({ status: 'open', conversationId: null, assigneeId: 'agent1' });
  });

  it('delivers live to the signed-in shopper, who sees it in their chat; the webhook is signed', async () => {
    const customer = customers[1]!;
    const shopper = await signedInShopper(customer);
    const updates = collect<ConversationView>(shopper, 'conversation:updated');
    const arrived = collect<MessageView>(shopper, 'message:new');
    await insertTask({
      _id: 'payment_reminder:LIVE-1',
      customerId: customer.customerId,
      customerName: customer.name,
      orderId: 'LIVE-1',
      value: 459,
    });
    const text = `${customer.name}您好，您的订单LIVE-1还在等待付款哦~`;
    const res = await send('payment_reminder:LIVE-1', 'agent1', text);
    expect(res.status).toBe(200);
    const body = (await res.json()) as OutreachSendResponse;
    expect(body.delivery).toBe('live');
    expect(body.task).toMatchObject({ status: 'sent', delivery: 'live', assigneeId: 'agent1' });
    expect(body.task.conversationId).toBe(body.conversationId);

    const message = await waitFor(() => arrived.find((m) => m.text === text), {
      what: 'the outreach message in the widget',
    });
    expect(message).toMatchObject({
      conversationId: body.conversationId,
      seq: 1,
      author: { kind: 'agent', id: 'agent1' },
    });
    expect(updates.some((c) => c.id === body.conversationId && c.status === 'active')).toBe(true);
    // Opening the widget now shows that chat (the shopper's pointer moved to it).
    const opened = await request<{ conversation: ConversationView }>(shopper, 'conversation:open', {
      locale: 'zh-CN',
    });
    expect(opened.ok && opened.data.conversation).toMatchObject({
      id: body.conversationId,
      customerId: customer.customerId,
      assignee: { id: 'agent1' },
    });

    const call = await waitFor(
      () => hookCalls.find((c) => c.body.includes('payment_reminder:LIVE-1')),
      { what: 'the webhook' },
    );
    const expected = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(call.body).digest('hex')}`;
    expect(call.signature).toBe(expected);
    const hookBody = JSON.parse(call.body) as OutreachWebhookBody;
    expect(hookBody).toMatchObject({
      taskId: 'payment_reminder:LIVE-1',
      kind: 'payment_reminder',
      customerId: customer.customerId,
      orderId: 'LIVE-1',
      text,
      delivery: 'live',
    });
    expect(Date.parse(hookBody.sentAt)).toBeGreaterThan(Date.now() - 60_000);

    // The same send again (a retry) changes nothing; a new message for a sent task is refused.
    const again = await send('payment_reminder:LIVE-1', 'agent1', 'another text');
    expect(again.status).toBe(409);
  });

  it('leaves the message for an offline customer, shown when they next open the widget', async () => {
    const customer = customers[2]!;
    await insertTask({
      _id: 'follow_up:LEFT-1',
      kind: 'follow_up',
      customerId: customer.customerId,
      customerName: customer.name,
      value: 120,
    });
    const clientMessageId = randomUUID();
    const text = '亲，收到的加湿器用着还顺手吗？';
    const first = await api(taskPath('follow_up:LEFT-1', 'send'), {
      method: 'POST',
      as: 'agent1',
      body: { text, clientMessageId },
    });
    expect(first.status).toBe(200);
    const body = (await first.json()) as OutreachSendResponse;
    expect(body.delivery).toBe('left');
    // A retry of the same message is answered the same way, and stored once.
    const retry = await api(taskPath('follow_up:LEFT-1', 'send'), {
      method: 'POST',
      as: 'agent1',
      body: { text, clientMessageId },
    });
    expect(retry.status).toBe(200);
    expect(((await retry.json()) as OutreachSendResponse).message.seq).toBe(1);

    const sentList = (await (
      await api('/api/outreach/tasks?status=sent', { as: 'agent1' })
    ).json()) as OutreachWorklistResponse;
    expect(sentList.tasks.find((t) => t.id === 'follow_up:LEFT-1')).toMatchObject({
      status: 'sent',
      delivery: 'left',
    });

    const shopper = await signedInShopper(customer);
    const opened = await request<{ conversation: ConversationView }>(shopper, 'conversation:open', {
      locale: 'zh-CN',
    });
    expect(opened.ok && opened.data.conversation.id).toBe(body.conversationId);
    const missed = await request<{ messages: MessageView[] }>(shopper, 'message:resync', {
      conversations: [{ conversationId: body.conversationId, lastSeq: 0 }],
    });
    expect(missed.ok && missed.data.messages.map((m) => m.text)).toEqual([text]);
    await waitFor(() => hookCalls.some((c) => c.body.includes('"delivery":"left"')), {
      what: 'the webhook of the left message',
    });
  });

  it('does not interrupt a shopper who is in the middle of another chat', async () => {
    const customer = customers[3] ?? customers[0]!;
    const shopper = await signedInShopper(customer);
    const opened = await request<{ conversation: ConversationView }>(shopper, 'conversation:open', {
      locale: 'zh-CN',
    });
    expect(opened.ok).toBe(true);
    const ownChat = opened.ok ? opened.data.conversation.id : '';
    const wrote = await request(shopper, 'message:send', {
      conversationId: ownChat,
      clientMessageId: randomUUID(),
      text: '请问加湿器有现货吗？',
    });
    expect(wrote.ok).toBe(true);
    await insertTask({
      _id: 'member_care:BUSY-1',
      kind: 'member_care',
      customerId: customer.customerId,
      customerName: customer.name,
    });
    const res = await send('member_care:BUSY-1', 'agent1', '亲，再消费一点就能升级金卡啦');
    expect(res.status).toBe(200);
    expect(((await res.json()) as OutreachSendResponse).delivery).toBe('left');
    const again = await request<{ conversation: ConversationView }>(shopper, 'conversation:open', {
      locale: 'zh-CN',
    });
    expect(again.ok && again.data.conversation.id).toBe(ownChat);
  });
});
