import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../../test/helpers/ferretdb';
import { Message } from './message-model';
import { createMessageStore, StoreUnavailableError } from './message-store';

let database: TestDatabase;
beforeAll(async () => {
  database = await startTestDatabase();
  await mongoose.connect(database.uri, { serverSelectionTimeoutMS: 2000 });
  await Message.syncIndexes();
});
afterAll(async () => {
  await mongoose.disconnect();
  await database.remove();
});

const shopper = { kind: 'shopper' as const, id: 'v1', name: 'Shopper' };
const send = (conversationId: string, text: string, clientMessageId = randomUUID()) => ({
  conversationId,
  clientMessageId,
  author: shopper,
  text,
});

async function storedSeqs(conversationId: string): Promise<number[]> {
  const docs = await Message.find({ conversationId }).sort({ seq: 1 }).lean();
  return docs.map((d) => d.seq);
}

describe('messageStore.append', () => {
  it('numbers messages 1..n without gaps, in the order they were sent', async () => {
    const store = createMessageStore();
    const conversationId = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) => store.append(send(conversationId, `m${i}`))),
    );
    expect(results.map((r) => r.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(results.map((r) => r.text)).toEqual(Array.from({ length: 30 }, (_, i) => `m${i}`));
    expect(await storedSeqs(conversationId)).toEqual(results.map((r) => r.seq));
  });

  it('turns a retry into the original message, in the same batch and later', async () => {
    const store = createMessageStore();
    const conversationId = randomUUID();
    const id = randomUUID();
    const [a, b] = await Promise.all([
      store.append(send(conversationId, 'hello', id)),
      store.append(send(conversationId, 'hello', id)),
    ]);
    const later = await createMessageStore().append(send(conversationId, 'hello again?', id));
    expect(a.created).toBe(true);
    expect(b).toMatchObject({ seq: a.seq, created: false });
    expect(later).toMatchObject({ seq: a.seq, text: 'hello', created: false });
    expect(await Message.countDocuments({ conversationId })).toBe(1);
  });

  it('keeps one message id from one conversation out of another', async () => {
    const store = createMessageStore();
    const id = randomUUID();
    const first = await store.append(send(randomUUID(), 'mine', id));
    const other = await store.append(send(randomUUID(), 'yours', id));
    expect(other).toMatchObject({ created: true, text: 'yours', seq: 1 });
    expect(first.conversationId).not.toBe(other.conversationId);
  });

  it('stays gap-free when two nodes write one conversation at once', async () => {
    const nodeA = createMessageStore();
    const nodeB = createMessageStore();
    const conversationId = randomUUID();
    const sends = Array.from({ length: 60 }, (_, i) =>
      (i % 2 ? nodeA : nodeB).append(send(conversationId, `m${i}`)),
    );
    const results = await Promise.all(sends);
    const seqs = results.map((r) => r.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(await storedSeqs(conversationId)).toEqual(seqs);
  });

  it('stays gap-free when the same retried message races on two nodes', async () => {
    const nodeA = createMessageStore();
    const nodeB = createMessageStore();
    const conversationId = randomUUID();
    for (let i = 0; i < 10; i++) {
      const id = randomUUID();
      const [a, b] = await Promise.all([
        nodeA.append(send(conversationId, `r${i}`, id)),
        nodeB.append(send(conversationId, `r${i}`, id)),
        nodeA.append(send(conversationId, `x${i}`)),
      ]);
      expect(a.seq).toBe(b.seq);
    }
    const seqs = await storedSeqs(conversationId);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });

  it('reads back what a reconnecting client missed, in order', async () => {
    const store = createMessageStore();
    const conversationId = randomUUID();
    for (let i = 0; i < 5; i++) await store.append(send(conversationId, `m${i}`));
    const missed = await store.readAfter(conversationId, 2);
    expect(missed.map((m) => [m.seq, m.text])).toEqual([
      [3, 'm2'],
      [4, 'm3'],
      [5, 'm4'],
    ]);
  });

  it('refuses with a retryable error while the database is down, and recovers', async () => {
    const store = createMessageStore();
    const conversationId = randomUUID();
    await store.append(send(conversationId, 'before'));
    await database.kill();
    const id = randomUUID();
    await expect(store.append(send(conversationId, 'during', id))).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    await database.start();
    const after = await store.append(send(conversationId, 'during', id));
    expect(after.seq).toBe(2);
    expect(await storedSeqs(conversationId)).toEqual([1, 2]);
  }, 60_000);
});
