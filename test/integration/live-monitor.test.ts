import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Conversation, type ConversationDoc } from '../../server/conversations/conversation-model';
import type { MessageView } from '../../shared/schemas/chat';
import type { ConversationView } from '../../shared/schemas/conversation';
import { monitorSnapshotSchema, type MonitorSnapshot } from '../../shared/schemas/monitor';
import {
  collect,
  connectStaff,
  connectVisitor,
  loginStaff,
  request,
  visitorToken,
  type ClientSocket,
} from '../helpers/chat-clients';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { sleep, waitFor } from '../helpers/wait';

/*
 * The supervisors' live monitor against a real server, FerretDB and Redis: the snapshot, the
 * monitor:changed notice, watching a chat, whispering (staff only, never the shopper), the role
 * checks, and taking a chat over.
 */

let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
const cookies: Record<string, string> = {};
const sockets: ClientSocket[] = [];
const track = (s: ClientSocket) => (sockets.push(s), s);

beforeAll(async () => {
  [database, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  server = await startServerProcess({
    env: {
      MONGODB_URI: database.uri,
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '20',
      DEMO_ORDERS: '60',
      SHOP_IDENTITY_SECRET: 'test-shop-identity-secret-0123456789abcdef',
      SESSION_SECRET: 'test-session-secret-0123456789abcdef0123',
    },
  });
  await mongoose.connect(database.uri);
  for (const username of ['agent1', 'trainer1', 'supervisor1'])
    cookies[username] = await loginStaff(server.url, username);
}, 120_000);
afterAll(async () => {
  for (const s of sockets) s.close();
  await mongoose.disconnect();
  await server?.remove();
  await redis?.stop();
  await database?.remove();
});

const snapshotAs = async (as: string | null) =>
  fetch(`${server.url}/api/monitor`, { headers: as ? { cookie: cookies[as]! } : {} });
async function snapshot(): Promise<MonitorSnapshot> {
  const res = await snapshotAs('supervisor1');
  expect(res.status).toBe(200);
  return monitorSnapshotSchema.parse(await res.json());
}
const conversationDoc = (id: string) =>
  Conversation.findOne({ _id: id }).lean<ConversationDoc>().exec();

describe('the live monitor', () => {
  let agent: ClientSocket;
  let supervisor: ClientSocket;
  let shopper: ClientSocket;
  let conversationId: string;
  let agentMessages: MessageView[];
  let agentUpdates: ConversationView[];
  let shopperMessages: MessageView[];
  let supervisorMessages: MessageView[];
  let changes: Array<{ at: string }>;

  it('shows the queued chat with its wait, and the agents with status and load', async () => {
    supervisor = track(await connectStaff(server.url, cookies.supervisor1!));
    changes = collect(supervisor, 'monitor:changed');
    supervisorMessages = collect(supervisor, 'message:new');
    agent = track(await connectStaff(server.url, cookies.agent1!));
    agentMessages = collect(agent, 'message:new');
    agentUpdates = collect(agent, 'conversation:updated');
    // Away: the chat stays in the queue until the agent comes online.
    expect(await request(agent, 'agent:status', { status: 'away' })).toMatchObject({ ok: true });

    shopper = track(await connectVisitor(server.url, await visitorToken(server.url)));
    shopperMessages = collect(shopper, 'message:new');
    const opened = await request<{ conversation: ConversationView }>(shopper, 'conversation:open', {
      locale: 'zh-CN',
    });
    if (!opened.ok) throw new Error(opened.error.message);
    conversationId = opened.data.conversation.id;
    const first = await request(shopper, 'message:send', {
      conversationId,
      clientMessageId: randomUUID(),
      text: '加湿器的滤芯多久换一次？',
    });
    expect(first.ok).toBe(true);
    await sleep(1100);

    const snap = await snapshot();
    const queued = snap.queue.find((q) => q.conversationId === conversationId);
    expect(queued).toMatchObject({
      skill: 'zh-CN',
      shopperName: opened.data.conversation.shopperName,
    });
    // The wait is the snapshot's time minus the time queued, and over the second slept.
    expect(queued!.waitingMs).toBe(Date.parse(snap.at) - Date.parse(queued!.queuedAt));
    expect(queued!.waitingMs).toBeGreaterThanOrEqual(1000);
    expect(snap.stats.queued).toBe(snap.queue.length);
    expect(snap.stats.longestWaitMs).toBeGreaterThanOrEqual(queued!.waitingMs);
    const agent1 = snap.agents.find((a) => a.agentId === 'agent1');
    expect(agent1).toMatchObject({
      displayName: '小美 Mei',
      status: 'away',
      load: 0,
      capacity: 8,
      skills: expect.arrayContaining(['zh-CN']),
    });
    // Agents never connected are listed offline, from their accounts.
    expect(snap.agents.find((a) => a.agentId === 'agent4')).toMatchObject({
      status: 'offline',
      load: 0,
    });
    expect(snap.stats).toMatchObject({ online: 0, away: 1, totalLoad: 0, totalCapacity: 8 });
    expect(snap.live.some((c) => c.id === conversationId)).toBe(false);
  });

  it('sends monitor:changed on assignment, and the snapshot shows the load', async () => {
    const mark = changes.length;
    expect(await request(agent, 'agent:status', { status: 'online' })).toMatchObject({ ok: true });
    await waitFor(() => agentUpdates.find((c) => c.id === conversationId && c.assignee), {
      what: 'the chat to be assigned to agent1',
    });
    await waitFor(() => changes.length > mark, { what: 'monitor:changed to reach the supervisor' });

    const snap = await snapshot();
    expect(snap.queue.some((q) => q.conversationId === conversationId)).toBe(false);
    expect(snap.agents.find((a) => a.agentId === 'agent1')).toMatchObject({
      status: 'online',
      load: 1,
    });
    expect(snap.live.find((c) => c.id === conversationId)?.assignee?.id).toBe('agent1');
    expect(snap.stats).toMatchObject({ online: 1, totalLoad: 1, totalCapacity: 8 });
  });

  it('lets the supervisor read the chat and receive its next message live', async () => {
    const watched = await request<{ messages: MessageView[] }>(supervisor, 'monitor:watch', {
      conversationId,
    });
    if (!watched.ok) throw new Error(watched.error.message);
    expect(watched.data.messages.map((m) => m.text)).toEqual(['加湿器的滤芯多久换一次？']);

    const id = randomUUID();
    await request(shopper, 'message:send', { conversationId, clientMessageId: id, text: '在吗？' });
    await waitFor(() => supervisorMessages.find((m) => m.id === id), {
      what: 'the supervisor to receive the shopper’s message',
    });
  });

  it('delivers a whisper to the agent and the watching supervisor, never to the shopper', async () => {
    const id = randomUUID();
    const whisper = await request<{ message: MessageView }>(supervisor, 'monitor:whisper', {
      conversationId,
      clientMessageId: id,
      text: '先问清楚房间面积，再推荐套餐。',
    });
    if (!whisper.ok) throw new Error(whisper.error.message);
    expect(whisper.data.message).toMatchObject({
      visibility: 'staff',
      author: { kind: 'agent', id: 'supervisor1' },
    });
    const seq = whisper.data.message.seq;
    await waitFor(() => agentMessages.find((m) => m.id === id), {
      what: 'the agent to receive the whisper',
    });
    expect(agentMessages.find((m) => m.id === id)?.visibility).toBe('staff');
    await waitFor(() => supervisorMessages.find((m) => m.id === id), {
      what: 'the watching supervisor to receive the whisper',
    });

    // The shopper's next message comes after it: had the whisper reached the shopper, it would
    // have arrived before this one.
    const after = randomUUID();
    await request(shopper, 'message:send', { conversationId, clientMessageId: after, text: '？' });
    await waitFor(() => agentMessages.find((m) => m.id === after), { what: 'the next message' });
    await sleep(200);
    expect(shopperMessages.some((m) => m.id === id || m.seq === seq)).toBe(false);

    const shopperResync = await request<{ messages: MessageView[] }>(shopper, 'message:resync', {
      conversations: [{ conversationId, lastSeq: 0 }],
    });
    if (!shopperResync.ok) throw new Error(shopperResync.error.message);
    expect(shopperResync.data.messages.some((m) => m.id === id || m.seq === seq)).toBe(false);
    expect(shopperResync.data.messages.map((m) => m.text)).toEqual([
      '加湿器的滤芯多久换一次？',
      '在吗？',
      '？',
    ]);
    const agentResync = await request<{ messages: MessageView[] }>(agent, 'message:resync', {
      conversations: [{ conversationId, lastSeq: seq - 1 }],
    });
    expect(agentResync.ok && agentResync.data.messages[0]).toMatchObject({
      id,
      visibility: 'staff',
    });

    // A whisper is not the agent's reply: the chat stays 'assigned', no first response time.
    const doc = await conversationDoc(conversationId);
    expect(doc).toMatchObject({ status: 'assigned', firstResponseAt: null });
  });

  it('refuses every monitor event to agents, trainers and shoppers, and the snapshot too', async () => {
    const trainer = track(await connectStaff(server.url, cookies.trainer1!));
    const payloads: Array<[string, unknown]> = [
      ['monitor:watch', { conversationId }],
      ['monitor:unwatch', { conversationId }],
      ['monitor:whisper', { conversationId, clientMessageId: randomUUID(), text: 'hi' }],
      ['monitor:takeover', { conversationId }],
    ];
    for (const [who, socket] of [
      ['agent1', agent],
      ['trainer1', trainer],
      ['shopper', shopper],
    ] as const) {
      for (const [event, payload] of payloads) {
        const ack = await request(socket, event, payload);
        expect(ack, `${who} ${event}`).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
      }
    }
    expect((await snapshotAs('agent1')).status).toBe(403);
    expect((await snapshotAs('trainer1')).status).toBe(403);
    expect((await snapshotAs(null)).status).toBe(401);
    // Nothing changed: still agent1's, and no whisper from anyone else was stored.
    expect((await conversationDoc(conversationId))?.assigneeId).toBe('agent1');
  });

  it('takes the chat over: the agent drops it, the supervisor replies and the shopper gets it', async () => {
    // The supervisor's console: a second socket of the same account.
    const staffConsole = track(await connectStaff(server.url, cookies.supervisor1!));
    const consoleUpdates = collect<ConversationView>(staffConsole, 'conversation:updated');
    const taken = await request<{ conversation: ConversationView }>(
      supervisor,
      'monitor:takeover',
      {
        conversationId,
      },
    );
    if (!taken.ok) throw new Error(taken.error.message);
    expect(taken.data.conversation.assignee).toEqual({ id: 'supervisor1', name: '周主管 Zhou' });

    await waitFor(
      () => agentUpdates.find((c) => c.id === conversationId && c.assignee?.id === 'supervisor1'),
      { what: 'the previous agent to learn the chat moved' },
    );
    await waitFor(() => consoleUpdates.find((c) => c.id === conversationId), {
      what: 'the supervisor’s console to get the chat',
    });
    const doc = await conversationDoc(conversationId);
    expect(doc?.history.at(-1)).toMatchObject({
      event: 'transferred',
      by: 'supervisor1',
      note: 'takeover',
    });

    // The former agent can no longer write in it.
    const refused = await request(agent, 'message:send', {
      conversationId,
      clientMessageId: randomUUID(),
      text: '我来回答',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } });

    const list = await request<{ mine: ConversationView[] }>(staffConsole, 'conversation:list', {});
    expect(list.ok && list.data.mine.map((c) => c.id)).toEqual([conversationId]);
    const replyId = randomUUID();
    const reply = await request(staffConsole, 'message:send', {
      conversationId,
      clientMessageId: replyId,
      text: '您好，我是主管，滤芯建议三个月更换一次。',
    });
    expect(reply.ok).toBe(true);
    await waitFor(() => shopperMessages.find((m) => m.id === replyId), {
      what: 'the shopper to receive the supervisor’s reply',
    });

    // Routing moved the load: agent1 is free again, the supervisor holds the chat.
    const snap = await snapshot();
    expect(snap.agents.find((a) => a.agentId === 'agent1')?.load).toBe(0);
    expect(snap.agents.find((a) => a.agentId === 'supervisor1')).toMatchObject({
      role: 'supervisor',
      status: 'away',
      load: 1,
    });
    expect(snap.live.find((c) => c.id === conversationId)?.assignee?.id).toBe('supervisor1');

    // Closing it gives the supervisor's slot back.
    const closed = await request(staffConsole, 'conversation:close', {
      conversationId,
      disposition: 'service_only',
    });
    expect(closed.ok).toBe(true);
    await waitFor(
      async () => (await snapshot()).agents.find((a) => a.agentId === 'supervisor1')?.load === 0,
      { what: 'the supervisor’s load to drop after closing' },
    );
  });
});
