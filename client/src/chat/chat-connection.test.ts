import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Ack } from '../../../shared/events';
import type { MessageView } from '../../../shared/schemas/chat';
import { FakeChatSocket, messageView } from '../test-utils/fakeChatSocket';
import { ChatConnection } from './chat-connection';
import { ChatStore } from './chat-store';
import { Outbox } from './outbox';
import { memoryStorage } from './storage';

const C1 = 'c1';
const C2 = 'c2';

/** A server holding each conversation's messages, answering like the real one. */
function fakeServer(socket: FakeChatSocket) {
  const stored = new Map<string, MessageView[]>();
  let sendFailures: string[] = [];
  const store = (conversationId: string, clientMessageId: string, text: string) => {
    const list = stored.get(conversationId) ?? [];
    const existing = list.find((m) => m.id === clientMessageId);
    if (existing) return { message: existing, duplicate: true };
    const message = messageView(conversationId, list.length + 1, {
      id: clientMessageId,
      text,
      author: { kind: 'agent', id: 'agent1', name: 'Mei' },
    });
    stored.set(conversationId, [...list, message]);
    return { message, duplicate: false };
  };
  socket
    .handle('message:resync', (payload) => {
      const { conversations } = payload as {
        conversations: { conversationId: string; lastSeq: number }[];
      };
      const messages = conversations.flatMap(({ conversationId, lastSeq }) =>
        (stored.get(conversationId) ?? []).filter((m) => m.seq > lastSeq).slice(0, 500),
      );
      return { ok: true, data: { messages } };
    })
    .handle('message:send', (payload): Ack<unknown> | 'no-answer' => {
      const failure = sendFailures.shift();
      if (failure === 'no-answer') return 'no-answer';
      if (failure) return { ok: false, error: { code: failure as 'E_UNAVAILABLE', message: '' } };
      const { conversationId, clientMessageId, text } = payload as Record<string, string>;
      return { ok: true, data: store(conversationId!, clientMessageId!, text!) };
    });
  return {
    stored,
    /** Another participant's message, stored while this client may not be listening. */
    write: (conversationId: string, text: string) =>
      store(
        conversationId,
        `other-${conversationId}-${stored.get(conversationId)?.length ?? 0}`,
        text,
      ).message,
    failNextSends: (...codes: string[]) => {
      sendFailures = codes;
    },
  };
}

function setup(options: { prepare?: () => Promise<void> } = {}) {
  const socket = new FakeChatSocket();
  const server = fakeServer(socket);
  const store = new ChatStore();
  const outbox = new Outbox(memoryStorage(), 'outbox');
  let ids = 0;
  const connection = new ChatConnection({
    socket,
    store,
    outbox,
    side: 'agent',
    prepare: options.prepare,
    newId: () => `m${++ids}`,
  });
  store.follow([C1]);
  const texts = (conversationId = C1) =>
    (store.getSnapshot().messages.get(conversationId) ?? []).map((m) => m.text);
  const flush = () => vi.advanceTimersByTimeAsync(0);
  return { socket, server, store, outbox, connection, texts, flush };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('ChatConnection', () => {
  it('on connect prepares, resyncs, then sends the outbox once, in order', async () => {
    const prepare = vi.fn(async () => undefined);
    const { socket, server, connection, outbox, texts, flush } = setup({ prepare });
    server.write(C1, 'missed while away');
    connection.send({ conversationId: C1, text: 'first' });
    connection.send({ conversationId: C1, text: ' second ' });
    expect(socket.calls).toEqual([]); // nothing leaves while offline

    connection.start();
    await flush();

    expect(prepare).toHaveBeenCalledTimes(1);
    expect(socket.calls.map((call) => call.event)).toEqual([
      'message:resync',
      'message:send',
      'message:send',
    ]);
    expect(socket.eventsNamed('message:resync')).toEqual([
      { conversations: [{ conversationId: C1, lastSeq: 0 }] },
    ]);
    expect(socket.eventsNamed('message:send')).toMatchObject([
      { conversationId: C1, clientMessageId: 'm1', text: 'first' },
      { conversationId: C1, clientMessageId: 'm2', text: 'second' },
    ]);
    expect(texts()).toEqual(['missed while away', 'first', 'second']);
    expect(outbox.items()).toEqual([]);
  });

  it('keeps a message through E_UNAVAILABLE and retries it with the same id after a backoff', async () => {
    const { socket, server, connection, outbox, texts, flush } = setup();
    connection.start();
    await flush();
    server.failNextSends('E_UNAVAILABLE', 'E_UNAVAILABLE');

    connection.send({ conversationId: C1, text: 'hello' });
    connection.send({ conversationId: C1, text: 'after' });
    await flush();
    expect(outbox.items().map((item) => [item.text, item.state])).toEqual([
      ['hello', 'retrying'],
      ['after', 'queued'], // held back so the order is kept
    ]);

    await vi.advanceTimersByTimeAsync(60_000);
    const sends = socket.eventsNamed('message:send') as { clientMessageId: string }[];
    expect(sends.map((s) => s.clientMessageId)).toEqual(['m1', 'm1', 'm1', 'm2']);
    expect(texts()).toEqual(['hello', 'after']);
    expect(outbox.items()).toEqual([]);
  });

  it('treats a duplicate answer to a retry as delivered, shown once', async () => {
    const { server, connection, store, texts, flush } = setup();
    connection.start();
    await flush();
    server.failNextSends('no-answer'); // stored on the server, but the ack is lost
    connection.send({ conversationId: C1, text: 'once' });
    await flush();
    // The server stores the message even though this client never heard back.
    server.stored.set(C1, [messageView(C1, 1, { id: 'm1', text: 'once' })]);
    await vi.advanceTimersByTimeAsync(10_000 + 60_000);
    expect(texts()).toEqual(['once']);
    expect(store.getSnapshot().outbox).toEqual([]);
  });

  it('after a dropped link resyncs first, then resends the unacknowledged message once', async () => {
    const { socket, server, connection, outbox, texts, flush } = setup();
    connection.start();
    await flush();
    server.failNextSends('no-answer');
    connection.send({ conversationId: C1, text: 'in flight' });
    await flush();

    socket.drop();
    await flush();
    expect(outbox.items()[0]?.state).toBe('queued');
    server.write(C1, 'written while we were away');
    socket.calls.length = 0;
    socket.connect();
    await flush();

    expect(socket.calls.map((call) => call.event)).toEqual(['message:resync', 'message:send']);
    expect(socket.eventsNamed('message:send')).toMatchObject([{ clientMessageId: 'm1' }]);
    expect(texts()).toEqual(['written while we were away', 'in flight']);
    expect(outbox.items()).toEqual([]);
  });

  it('resyncs from the last gap-free seq even when a live message arrived first', async () => {
    let allowResync: () => void = () => undefined;
    const { socket, server, store, connection, texts, flush } = setup({
      // The room is joined during prepare, so live messages can overtake the resync.
      prepare: () =>
        new Promise<void>((resolve) => {
          allowResync = resolve;
        }),
    });
    store.addMessages([server.write(C1, 'one')]);
    server.write(C1, 'two');
    const live = server.write(C1, 'three');
    connection.start();
    await flush();
    socket.push('message:new', live);
    allowResync();
    await flush();

    expect(socket.eventsNamed('message:resync')).toEqual([
      { conversations: [{ conversationId: C1, lastSeq: 1 }] },
    ]);
    expect(texts()).toEqual(['one', 'two', 'three']);
  });

  it('pages through a long absence', async () => {
    const { socket, server, store, connection, flush } = setup();
    store.follow([C2]);
    for (let i = 0; i < 1200; i++) server.write(C1, `m${i}`);
    server.write(C2, 'short');
    connection.start();
    await flush();
    expect(socket.eventsNamed('message:resync')).toEqual([
      {
        conversations: [
          { conversationId: C1, lastSeq: 0 },
          { conversationId: C2, lastSeq: 0 },
        ],
      },
      { conversations: [{ conversationId: C1, lastSeq: 500 }] },
      { conversations: [{ conversationId: C1, lastSeq: 1000 }] },
    ]);
    expect(store.getSnapshot().messages.get(C1)).toHaveLength(1200);
  });

  it('marks a refused message failed and still sends the ones after it', async () => {
    const { server, connection, outbox, texts, flush } = setup();
    connection.start();
    await flush();
    server.failNextSends('E_VALIDATION');
    connection.send({ conversationId: C1, text: 'refused' });
    connection.send({ conversationId: C1, text: 'fine' });
    await flush();
    expect(texts()).toEqual(['fine']);
    expect(outbox.items()).toMatchObject([
      { text: 'refused', state: 'failed', lastErrorCode: 'E_VALIDATION' },
    ]);

    connection.retry(outbox.items()[0]!.id);
    await flush();
    expect(texts()).toEqual(['fine', 'refused']);
  });

  it('retries the whole catch-up when the database is down at connect', async () => {
    const { socket, server, connection, store, texts, flush } = setup();
    let down = true;
    const resync = vi.fn();
    socket.handle('message:resync', () => {
      resync();
      return down
        ? { ok: false, error: { code: 'E_UNAVAILABLE', message: '' } }
        : { ok: true, data: { messages: server.stored.get(C1) ?? [] } };
    });
    server.write(C1, 'waiting for you');
    connection.start();
    await flush();
    expect(store.getSnapshot()).toMatchObject({ link: 'syncing', problem: 'E_UNAVAILABLE' });
    down = false;
    await vi.advanceTimersByTimeAsync(5_000);
    expect(store.getSnapshot()).toMatchObject({ link: 'online', problem: null });
    expect(texts()).toEqual(['waiting for you']);
    expect(resync.mock.calls.length).toBeGreaterThan(1);
  });

  it('sends messages for "my current chat" once that chat is known', async () => {
    const socket = new FakeChatSocket();
    fakeServer(socket);
    let current: string | null = null;
    const connection = new ChatConnection({
      socket,
      store: new ChatStore(),
      outbox: new Outbox(memoryStorage(), 'outbox'),
      side: 'shopper',
      defaultConversationId: () => current,
    });
    connection.start();
    connection.send({ conversationId: null, text: 'hi' });
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.eventsNamed('message:send')).toEqual([]);
    current = C2;
    connection.kick();
    await vi.advanceTimersByTimeAsync(0);
    expect(socket.eventsNamed('message:send')).toMatchObject([{ conversationId: C2, text: 'hi' }]);
  });

  it('shows the other side typing and read marks, ignoring its own other tabs', async () => {
    const { socket, store, connection, flush } = setup();
    connection.start();
    await flush();
    socket.push('typing', {
      conversationId: C1,
      author: { kind: 'shopper', name: '' },
      isTyping: true,
    });
    socket.push('typing', {
      conversationId: C2,
      author: { kind: 'agent', name: 'Me elsewhere' },
      isTyping: true,
    });
    expect([...store.getSnapshot().typing.keys()]).toEqual([C1]);
    await vi.advanceTimersByTimeAsync(7000); // the "stopped" event may be lost
    expect(store.getSnapshot().typing.size).toBe(0);

    socket.push('read', { conversationId: C1, by: 'shopper', seq: 4 });
    socket.push('read', { conversationId: C1, by: 'agent', seq: 2 });
    expect(store.getSnapshot().peerRead.get(C1)).toBe(4);
    expect(store.getSnapshot().ownRead.get(C1)).toBe(2);
  });
});
