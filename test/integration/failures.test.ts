import { MongoClient } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationView } from '../../shared/schemas/conversation';
import {
  collect,
  connectStaff,
  connectVisitor,
  loginStaff,
  request,
  visitorToken,
} from '../helpers/chat-clients';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { Participant } from '../helpers/participant';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { sleep, waitFor } from '../helpers/wait';

let database: TestDatabase;
let redis: TestRedis;
let mongo: MongoClient;
const nodes: ServerProcess[] = [];
const sharedEnv = () => ({
  MONGODB_URI: database.uri,
  REDIS_URL: redis.url,
  SESSION_SECRET: 'failure-tests-session-secret-0123456789ab',
  SHOP_IDENTITY_SECRET: 'failure-tests-shop-secret-0123456789abcd',
  AGENT_GRACE_SECONDS: '3',
});
const startNode = async (seed = false) => {
  const node = await startServerProcess({
    env: { ...sharedEnv(), SEED_ON_START: String(seed), DEMO_CUSTOMERS: '20', DEMO_ORDERS: '60' },
  });
  nodes.push(node);
  return node;
};

beforeAll(async () => {
  database = await startTestDatabase();
  redis = await startTestRedis();
  mongo = await new MongoClient(database.uri).connect();
  await startNode(true);
  await startNode();
});
afterAll(async () => {
  await mongo?.close();
  for (const node of nodes) await node.remove();
  await redis?.stop();
  await database?.remove();
});

const [nodeA, nodeB] = [() => nodes[0]!, () => nodes[1]!];

/** Every acknowledged message stored exactly once, gap-free, and each client sees exactly that. */
async function expectNothingLost(
  conversationId: string,
  participants: Participant[],
): Promise<void> {
  const stored = await mongo
    .db()
    .collection<{ seq: number; text: string; clientMessageId: string }>('messages')
    .find({ conversationId })
    .sort({ seq: 1 })
    .toArray();
  expect(stored.map((m) => m.seq)).toEqual(stored.map((_, i) => i + 1));
  const storedIds = stored.map((m) => m.clientMessageId);
  expect(new Set(storedIds).size).toBe(storedIds.length);
  for (const p of participants) {
    for (const id of p.acked.keys()) {
      if (p.acked.get(id)!.conversationId === conversationId) expect(storedIds).toContain(id);
    }
    await p.resyncAndFlush();
    expect(p.transcript(conversationId)).toEqual(stored.map((m) => [m.seq, m.text]));
    expect(p.strays).toEqual([]);
  }
}

async function shopperOn(node: ServerProcess, name: string) {
  const token = await visitorToken(node.url);
  const p = new Participant(name);
  p.attach(await connectVisitor(node.url, token));
  const opened = await request<{ conversation: ConversationView }>(
    p.connected,
    'conversation:open',
    { locale: 'zh-CN' },
  );
  if (!opened.ok) throw new Error(`open failed: ${opened.error.code}`);
  p.conversations.add(opened.data.conversation.id);
  return { shopper: p, token, conversationId: opened.data.conversation.id };
}

async function agentOn(node: ServerProcess, username: string) {
  const cookie = await loginStaff(node.url, username);
  const p = new Participant(username);
  const socket = await connectStaff(node.url, cookie);
  p.attach(socket);
  const updates = collect<ConversationView>(socket, 'conversation:updated');
  return { agent: p, cookie, updates };
}

describe('two nodes, one Redis, one database', () => {
  it('lets a shopper on node A and an agent on node B chat normally', async () => {
    const { agent, updates } = await agentOn(nodeB(), 'agent1');
    const { shopper, conversationId } = await shopperOn(nodeA(), 'shopper-1');
    await waitFor(
      () => updates.find((c) => c.id === conversationId && c.assignee?.id === 'agent1'),
      { what: 'assignment across nodes' },
    );
    agent.conversations.add(conversationId);
    for (let i = 0; i < 5; i++) {
      expect((await shopper.send(conversationId, `问题 ${i}`)).ok).toBe(true);
      expect((await agent.send(conversationId, `回答 ${i}`)).ok).toBe(true);
    }
    await waitFor(
      () =>
        shopper.transcript(conversationId).length === 10 &&
        agent.transcript(conversationId).length === 10,
      {
        what: 'both sides to see all ten messages',
      },
    );
    await expectNothingLost(conversationId, [shopper, agent]);
    agent.connected.close();
    shopper.connected.close();
  });

  it('gives one queued chat to exactly one of two agents claiming it on different nodes', async () => {
    const a = await agentOn(nodeA(), 'agent2');
    const b = await agentOn(nodeB(), 'agent3');
    for (const p of [a.agent, b.agent])
      expect((await request(p.connected, 'agent:status', { status: 'away' })).ok).toBe(true);
    const { shopper, conversationId } = await shopperOn(nodeA(), 'shopper-race');
    const [ra, rb] = await Promise.all([
      request(a.agent.connected, 'conversation:claim', { conversationId }),
      request(b.agent.connected, 'conversation:claim', { conversationId }),
    ]);
    expect([ra.ok, rb.ok].filter(Boolean)).toHaveLength(1);
    const loser = ra.ok ? rb : ra;
    expect(loser).toMatchObject({ ok: false, error: { code: 'E_VALIDATION' } });
    const doc = await mongo
      .db()
      .collection('conversations')
      .findOne({ _id: conversationId as never });
    expect(doc?.assigneeId).toBe(ra.ok ? 'agent2' : 'agent3');
    for (const s of [a.agent, b.agent, shopper]) s.connected.close();
  });
});

describe('faults', () => {
  it('a shopper whose network drops for 5 s gets every missed message once and flushes the outbox once', async () => {
    const { agent, updates } = await agentOn(nodeB(), 'agent1');
    const { shopper, token, conversationId } = await shopperOn(nodeA(), 'shopper-drop');
    await waitFor(() => updates.find((c) => c.id === conversationId && c.assignee), {
      what: 'assignment',
    });
    agent.conversations.add(conversationId);
    await shopper.send(conversationId, 'before the drop');

    shopper.connected.close();
    for (let i = 0; i < 3; i++) await agent.send(conversationId, `while you were away ${i}`);
    shopper.outbox.set('0195f3a4-7b1c-7c00-8000-00000000d001', {
      conversationId,
      text: 'typed offline',
    });
    await sleep(5000);

    shopper.attach(await connectVisitor(nodeA().url, token));
    await request(shopper.connected, 'conversation:open', { locale: 'zh-CN' });
    await shopper.resyncAndFlush();
    await shopper.resyncAndFlush(); // a second reconnect must not double anything
    expect(shopper.transcript(conversationId).map(([, text]) => text)).toEqual([
      'before the drop',
      'while you were away 0',
      'while you were away 1',
      'while you were away 2',
      'typed offline',
    ]);
    await expectNothingLost(conversationId, [shopper, agent]);
    agent.connected.close();
    shopper.connected.close();
  });

  it('a node killed with SIGKILL mid-conversation loses and doubles nothing', async () => {
    const { agent, updates } = await agentOn(nodeB(), 'agent1');
    const { shopper, token, conversationId } = await shopperOn(nodeA(), 'shopper-kill');
    await waitFor(() => updates.find((c) => c.id === conversationId && c.assignee), {
      what: 'assignment',
    });
    agent.conversations.add(conversationId);
    for (let i = 0; i < 3; i++) await shopper.send(conversationId, `m${i}`);

    // Fire a burst and kill the node while some of it is in flight: acks may or may not come back.
    const inFlight = Array.from({ length: 5 }, (_, i) =>
      shopper.send(conversationId, `burst ${i}`),
    );
    await sleep(5);
    await nodeA().stop('SIGKILL');
    await Promise.all(inFlight);
    nodes[0] = await startNode();

    shopper.attach(await connectVisitor(nodeA().url, token));
    await request(shopper.connected, 'conversation:open', { locale: 'zh-CN' });
    await shopper.resyncAndFlush();
    expect(shopper.outbox.size).toBe(0);
    await agent.send(conversationId, 'still here');
    await waitFor(() => shopper.transcript(conversationId).some(([, t]) => t === 'still here'), {
      what: 'delivery after the kill',
    });
    expect(
      shopper
        .transcript(conversationId)
        .map(([, t]) => t)
        .filter((t) => t.startsWith('burst')),
    ).toHaveLength(5);
    await expectNothingLost(conversationId, [shopper, agent]);
    agent.connected.close();
    shopper.connected.close();
  });

  it('survives a Redis restart: delivery resumes across nodes and no chat is assigned twice', async () => {
    const { agent, updates } = await agentOn(nodeB(), 'agent1');
    const { shopper, conversationId } = await shopperOn(nodeA(), 'shopper-redis');
    await waitFor(() => updates.find((c) => c.id === conversationId && c.assignee), {
      what: 'assignment',
    });
    agent.conversations.add(conversationId);
    await shopper.send(conversationId, 'before restart');

    await redis.restart();
    await waitFor(
      async () => {
        const health = (await (await fetch(`${nodeA().url}/healthz`)).json()) as {
          redis: { ok: boolean };
        };
        return health.redis.ok;
      },
      { what: 'node A back on Redis', timeoutMs: 20_000 },
    );

    const sent = await waitFor(
      async () => {
        const r = await shopper.send(conversationId, 'after restart');
        return r.ok ? r : undefined;
      },
      { what: 'a send after the restart', timeoutMs: 20_000, intervalMs: 500 },
    );
    expect(sent.ok).toBe(true);
    await waitFor(() => agent.transcript(conversationId).some(([, t]) => t === 'after restart'), {
      what: 'cross-node delivery after the restart',
      timeoutMs: 20_000,
    });

    const second = await shopperOn(nodeB(), 'shopper-after-redis');
    await waitFor(() => updates.find((c) => c.id === second.conversationId && c.assignee), {
      what: 'a fresh assignment after the restart',
    });
    const doc = await mongo
      .db()
      .collection('conversations')
      .findOne({ _id: conversationId as never });
    expect(doc?.assigneeId).toBe('agent1');
    expect(doc?.history.filter((h: { event: string }) => h.event === 'assigned')).toHaveLength(1);
    await expectNothingLost(conversationId, [shopper, agent]);
    for (const s of [agent, shopper, second.shopper]) s.connected.close();
  });

  it('keeps a disconnected agent’s chat through the grace period, then requeues it first in line', async () => {
    const { agent, updates } = await agentOn(nodeB(), 'agent1');
    const { shopper, conversationId } = await shopperOn(nodeA(), 'shopper-grace');
    await waitFor(
      () => updates.find((c) => c.id === conversationId && c.assignee?.id === 'agent1'),
      { what: 'assignment' },
    );
    const conversations = mongo
      .db()
      .collection<{ _id: string; status: string; priority: number; assigneeId: string | null }>(
        'conversations',
      );
    agent.connected.close();
    await sleep(1000);
    expect(await conversations.findOne({ _id: conversationId })).toMatchObject({
      status: 'assigned',
      assigneeId: 'agent1',
    });
    const requeued = await waitFor(
      async () => {
        const doc = await conversations.findOne({ _id: conversationId });
        return doc?.status === 'queued' ? doc : undefined;
      },
      { what: 'the chat to return to the queue', timeoutMs: 15_000, intervalMs: 250 },
    );
    expect(requeued.priority).toBeGreaterThanOrEqual(20);
    const next = await agentOn(nodeA(), 'agent2');
    await waitFor(
      () => next.updates.find((c) => c.id === conversationId && c.assignee?.id === 'agent2'),
      {
        what: 'the requeued chat to reach the next agent',
      },
    );
    next.agent.connected.close();
    shopper.connected.close();
  });

  it('refuses sends with a retryable error while the database is down, reports degraded health, and recovers', async () => {
    const { agent, updates } = await agentOn(nodeB(), 'agent1');
    const { shopper, conversationId } = await shopperOn(nodeA(), 'shopper-db');
    await waitFor(() => updates.find((c) => c.id === conversationId && c.assignee), {
      what: 'assignment',
    });
    agent.conversations.add(conversationId);
    await shopper.send(conversationId, 'before outage');

    await database.kill();
    const during = await shopper.send(conversationId, 'during outage');
    expect(during.ok).toBe(false);
    expect(['E_UNAVAILABLE', 'TIMEOUT']).toContain(during.code);
    expect(shopper.outbox.size).toBe(1);
    const health = await fetch(`${nodeA().url}/healthz`);
    expect(health.status).toBe(503);

    await database.start();
    await waitFor(async () => (await fetch(`${nodeA().url}/healthz`)).status === 200, {
      what: 'health to recover',
      timeoutMs: 30_000,
    });
    await waitFor(
      async () => {
        await shopper.resyncAndFlush();
        return shopper.outbox.size === 0;
      },
      { what: 'the outbox to flush', timeoutMs: 30_000, intervalMs: 1000 },
    );
    await expectNothingLost(conversationId, [shopper, agent]);
    agent.connected.close();
    shopper.connected.close();
  });
});
