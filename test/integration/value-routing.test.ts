import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation } from '../../server/conversations/conversation-model';
import { OutcomeDaily, outcomeDailyId } from '../../server/outcomes/rollup-models';
import type { ConversationView } from '../../shared/schemas/conversation';
import { dayOf, formatDay } from '../../shared/domain/utc-day';
import {
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

// A high-value shopper goes to the agent who converts such shoppers best, with the reason
// logged and kept in the chat's history; other shoppers are routed as usual.
let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
const sockets: ClientSocket[] = [];
interface DemoCustomer {
  customerId: string;
  class8: string;
  tier: string;
  shopCustomerToken: string;
}
let demo: DemoCustomer[] = [];

beforeAll(async () => {
  [database, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  server = await startServerProcess({
    env: {
      MONGODB_URI: database.uri,
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '120',
      DEMO_ORDERS: '600',
      SESSION_SECRET: 'test-session-secret-0123456789abcdef0123',
      SHOP_IDENTITY_SECRET: 'test-shop-identity-secret-0123456789abcdef',
    },
  });
  await mongoose.connect(database.uri);
  const res = await fetch(`${server.url}/api/demo/shop-customers`);
  demo = ((await res.json()) as { customers: DemoCustomer[] }).customers;
  // Yesterday: agent1 converted 5 of 30 重要价值 shoppers, agent2 24 of 30 (hand-made rollups).
  const day = formatDay(dayOf(Date.now()) - 1);
  for (const [agentId, purchased] of [
    ['agent1', 5],
    ['agent2', 24],
  ] as const)
    await OutcomeDaily.create({
      _id: outcomeDailyId({ day, agentId, segment: '重要价值' }),
      day,
      agentId,
      agentName: agentId,
      segment: '重要价值',
      chats: 30,
      asked: 30,
      askedPurchased: purchased,
      purchased,
    });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await mongoose.disconnect();
  await server?.remove();
  await redis?.stop();
  await database?.remove();
});

async function chatAs(customer: DemoCustomer | undefined): Promise<string> {
  const res = await fetch(`${server.url}/api/visitor/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(customer ? { shopCustomerToken: customer.shopCustomerToken } : {}),
  });
  const { visitorToken } = (await res.json()) as { visitorToken: string };
  const shopper = await connectVisitor(server.url, visitorToken);
  sockets.push(shopper);
  const opened = await request<{ conversation: ConversationView }>(shopper, 'conversation:open', {
    locale: 'zh-CN',
  });
  if (!opened.ok) throw new Error(JSON.stringify(opened.error));
  return opened.data.conversation.id;
}

describe('value-aware routing', () => {
  it('sends a 重要价值 shopper to the agent with the best conversion for them, and says why', async () => {
    const vip = demo.find((c) => c.class8 === '重要价值');
    expect(vip, 'the demo shop has a 重要价值 customer').toBeDefined();
    // agent1 connects first and is the least busy: the usual routing would pick them.
    for (const username of ['agent1', 'agent2'])
      sockets.push(await connectStaff(server.url, await loginStaff(server.url, username)));
    const id = await chatAs(vip);
    const assigned = await waitFor(
      async () => {
        const doc = await Conversation.findOne({ _id: id }).lean();
        return doc?.assigneeId ? doc : undefined;
      },
      { what: 'the VIP chat to be assigned' },
    );
    expect(assigned.assigneeId).toBe('agent2');
    const note = assigned.history.find((h) => h.event === 'assigned')?.note ?? '';
    // agent2: 24/30 = 80%, Wilson lower bound 62.7%; agent1's 5/30 lower bound is 7.3%.
    expect(note).toBe(
      'High-value customer (Important value): agent2 converts 80% of them (24/30, 95% lower bound 63%), best of 2 free agents with data',
    );
    const logged = server.logs.find(
      (l) =>
        l.msg === 'value routing decision' &&
        (l as { conversationId?: string }).conversationId === id,
    );
    expect(logged).toMatchObject({ agentId: 'agent2', segment: '重要价值' });
  });

  it('routes a guest as usual, with no value note', async () => {
    const id = await chatAs(undefined);
    const assigned = await waitFor(
      async () => {
        const doc = await Conversation.findOne({ _id: id }).lean();
        return doc?.assigneeId ? doc : undefined;
      },
      { what: 'the guest chat to be assigned' },
    );
    // agent2 holds the VIP chat, so least-busy routing gives the guest to agent1.
    expect(assigned.assigneeId).toBe('agent1');
    expect(assigned.history.find((h) => h.event === 'assigned')?.note).toBe('');
  });
});
