import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '../../shared/schemas/chat';
import type { ConversationView } from '../../shared/schemas/conversation';
import {
  collect,
  connectStaff,
  connectVisitor,
  loginStaff,
  request,
  visitorToken,
  type ClientSocket,
} from '../helpers/chat-clients';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { waitFor } from '../helpers/wait';

let redis: TestRedis;
let server: ServerProcess;
const sockets: ClientSocket[] = [];

beforeAll(async () => {
  redis = await startTestRedis();
  server = await startServerProcess({
    env: { REDIS_URL: redis.url, SEED_ON_START: 'true', DEMO_CUSTOMERS: '20', DEMO_ORDERS: '60' },
  });
});
afterAll(async () => {
  for (const s of sockets) s.close();
  await server?.remove();
  await redis?.stop();
});

const track = <T extends ClientSocket>(s: T) => (sockets.push(s), s);

describe('a shopper and an agent chat', () => {
  it('routes the chat to an online agent, delivers both ways, and a retry is not doubled', async () => {
    const agent = track(await connectStaff(server.url, await loginStaff(server.url, 'agent1')));
    const agentUpdates = collect<ConversationView>(agent, 'conversation:updated');
    const agentMessages = collect<MessageView>(agent, 'message:new');

    const shopper = track(await connectVisitor(server.url, await visitorToken(server.url)));
    const shopperMessages = collect<MessageView>(shopper, 'message:new');
    const opened = await request<{ conversation: ConversationView }>(shopper, 'conversation:open', {
      locale: 'zh-CN',
      context: { sku: 'HUM-001' },
    });
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    const conversationId = opened.data.conversation.id;

    const assigned = await waitFor(
      () => agentUpdates.find((c) => c.id === conversationId && c.assignee),
      {
        what: 'the assignment to reach the agent',
      },
    );
    expect(assigned.assignee?.id).toMatch(/^agent\d$/);

    const id = randomUUID();
    const first = await request<{ message: MessageView; duplicate: boolean }>(
      shopper,
      'message:send',
      {
        conversationId,
        clientMessageId: id,
        text: '这个加湿器有滤芯吗？',
      },
    );
    const retry = await request<{ message: MessageView; duplicate: boolean }>(
      shopper,
      'message:send',
      {
        conversationId,
        clientMessageId: id,
        text: '这个加湿器有滤芯吗？',
      },
    );
    expect(first.ok && first.data.message.seq).toBe(1);
    expect(retry.ok && retry.data).toMatchObject({ duplicate: true, message: { seq: 1 } });

    await waitFor(() => agentMessages.some((m) => m.id === id), {
      what: 'the agent to receive the message',
    });
    const reply = await request<{ message: MessageView }>(agent, 'message:send', {
      conversationId,
      clientMessageId: randomUUID(),
      text: '有的，套餐里包含一片原装滤芯。',
    });
    expect(reply.ok && reply.data.message.seq).toBe(2);
    await waitFor(() => shopperMessages.some((m) => m.seq === 2), {
      what: 'the shopper to receive the reply',
    });
    expect(agentMessages.filter((m) => m.id === id)).toHaveLength(1);

    const resync = await request<{ messages: MessageView[] }>(shopper, 'message:resync', {
      conversations: [{ conversationId, lastSeq: 0 }],
    });
    expect(resync.ok && resync.data.messages.map((m) => [m.seq, m.author.kind])).toEqual([
      [1, 'shopper'],
      [2, 'agent'],
    ]);

    // Read marks: stored, only forward, never past the last message, shown after a reload.
    const shopperReads = collect<{ by: string; seq: number }>(shopper, 'read');
    expect((await request(agent, 'message:read', { conversationId, seq: 99 })).ok).toBe(true);
    await waitFor(() => shopperReads.find((r) => r.by === 'agent'), { what: 'the read mark' });
    expect(shopperReads).toEqual([{ conversationId, by: 'agent', seq: 2 }]);
    await request(agent, 'message:read', { conversationId, seq: 1 });
    await request(shopper, 'message:read', { conversationId, seq: 2 });
    const reopened = await request<{ conversation: ConversationView }>(
      shopper,
      'conversation:open',
      { locale: 'zh-CN' },
    );
    expect(reopened.ok && reopened.data.conversation).toMatchObject({
      id: conversationId,
      readSeq: { agent: 2, shopper: 2 },
    });
    expect(shopperReads).toHaveLength(1);
  });

  it('gives a visitor one open chat, even from two tabs at once, and reopens a closed one', async () => {
    const token = await visitorToken(server.url);
    const tabs = [
      track(await connectVisitor(server.url, token)),
      track(await connectVisitor(server.url, token)),
    ];
    const opens = await Promise.all(
      tabs.map((tab) =>
        request<{ conversation: ConversationView }>(tab, 'conversation:open', { locale: 'en' }),
      ),
    );
    const ids = opens.map((o) => (o.ok ? o.data.conversation.id : o.error.code));
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBe(ids[0]);

    const supervisor = track(
      await connectStaff(server.url, await loginStaff(server.url, 'supervisor1')),
    );
    const closed = await request<{ conversation: ConversationView }>(
      supervisor,
      'conversation:close',
      { conversationId: ids[0], disposition: 'service_only' },
    );
    expect(closed.ok && closed.data.conversation.status).toBe('closed');
    const again = await request<{ conversation: ConversationView }>(tabs[1]!, 'conversation:open', {
      locale: 'en',
    });
    expect(again.ok && again.data.conversation).toMatchObject({ id: ids[0] });
    expect(again.ok && again.data.conversation.status).not.toBe('closed');
  });

  it('never lets a socket read or write a conversation that is not its own', async () => {
    const owner = track(await connectVisitor(server.url, await visitorToken(server.url)));
    const opened = await request<{ conversation: ConversationView }>(owner, 'conversation:open', {
      locale: 'en',
    });
    if (!opened.ok) throw new Error('open failed');
    const conversationId = opened.data.conversation.id;

    const stranger = track(await connectVisitor(server.url, await visitorToken(server.url)));
    const write = await request(stranger, 'message:send', {
      conversationId,
      clientMessageId: randomUUID(),
      text: 'hi',
    });
    const read = await request(stranger, 'message:resync', {
      conversations: [{ conversationId, lastSeq: 0 }],
    });
    expect(write).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } });
    expect(read).toMatchObject({ ok: false, error: { code: 'E_NOT_FOUND' } });

    const trainer = track(await connectStaff(server.url, await loginStaff(server.url, 'trainer1')));
    expect(
      await request(trainer, 'message:send', {
        conversationId,
        clientMessageId: randomUUID(),
        text: 'x',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'E_FORBIDDEN' },
    });
  });

  it('rate-limits a flooding visitor without refusing anyone else', async () => {
    const open = async () => {
      const socket = track(await connectVisitor(server.url, await visitorToken(server.url)));
      const opened = await request<{ conversation: ConversationView }>(
        socket,
        'conversation:open',
        { locale: 'zh-CN' },
      );
      if (!opened.ok) throw new Error('open failed');
      return { socket, conversationId: opened.data.conversation.id };
    };
    const flooder = await open();
    const calm = await open();
    const flood = Array.from({ length: 200 }, (_, i) =>
      request(flooder.socket, 'message:send', {
        conversationId: flooder.conversationId,
        clientMessageId: randomUUID(),
        text: `spam ${i}`,
      }),
    );
    const calmSends = Array.from({ length: 10 }, (_, i) =>
      request(calm.socket, 'message:send', {
        conversationId: calm.conversationId,
        clientMessageId: randomUUID(),
        text: `你好 ${i}`,
      }),
    );
    const [floodAcks, calmAcks] = await Promise.all([Promise.all(flood), Promise.all(calmSends)]);
    const limited = floodAcks.filter((a) => !a.ok && a.error.code === 'E_RATE_LIMITED').length;
    expect(limited).toBeGreaterThan(150);
    expect(calmAcks.every((a) => a.ok)).toBe(true);
  });

  it('refuses the handshake without a valid token or from a foreign origin', async () => {
    await expect(connectVisitor(server.url, 'forged.token.value')).rejects.toThrow(
      /E_UNAUTHENTICATED/,
    );
    const res = await fetch(`${server.url}/socket.io/?EIO=4&transport=polling`, {
      headers: { origin: 'https://evil.example' },
    });
    expect(res.status).toBe(403);
  });
});
