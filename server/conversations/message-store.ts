import { trusted } from 'mongoose';
import type { MessageDoc } from './message-model';
import { Conversation } from './conversation-model';
import { Message, messageId } from './message-model';

export interface AppendInput {
  conversationId: string;
  clientMessageId: string;
  author: MessageDoc['author'];
  text: string;
  scriptId?: string | undefined;
  scriptVersion?: number | undefined;
  scriptVariant?: string | undefined;
  offer?: MessageDoc['offer'];
  visibility?: MessageDoc['visibility'];
}

export interface StoredMessage extends AppendInput {
  seq: number;
  createdAt: Date;
  /** False when this call was a retry of a message that was already stored. */
  created: boolean;
}

export class StoreUnavailableError extends Error {}

interface Pending {
  input: AppendInput;
  resolve: (m: StoredMessage) => void;
  reject: (e: unknown) => void;
  attempts: number;
  /** Its insert clashed: it may be a retry of a stored message, so look before numbering. */
  mayExist: boolean;
}

export interface MessageStoreOptions {
  /** How long a write waits for others to join its batch. */
  windowMs?: number;
  maxBatch?: number;
  onBatch?: (size: number, ms: number) => void;
}

const DUPLICATE_KEY = 11000;
const MAX_SEQ_CONFLICT_RETRIES = 20;

/**
 * Durable, ordered, idempotent message appends with group commit.
 *
 * Sequence numbers come from the last stored one (cached per conversation) and are only
 * ever held by stored messages, so they have no gaps. Another node writing the same
 * conversation at the same instant makes one insert clash on (conversationId, seq); that
 * message is simply numbered again. The promise resolves only after the database
 * acknowledged the write.
 */
export function createMessageStore(options: MessageStoreOptions = {}) {
  const windowMs = options.windowMs ?? 2;
  const maxBatch = options.maxBatch ?? 500;
  const lastSeq = new Map<string, number>();
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  let flushing = false;

  function append(input: AppendInput): Promise<StoredMessage> {
    return new Promise((resolve, reject) => {
      queue.push({ input, resolve, reject, attempts: 0, mayExist: false });
      schedule();
    });
  }

  function schedule(): void {
    if (flushing || timer) return;
    if (queue.length >= maxBatch) timer = setTimeout(flush, 0);
    else timer = setTimeout(flush, windowMs);
  }

  async function flush(): Promise<void> {
    timer = undefined;
    flushing = true;
    const batch = queue.slice(0, maxBatch);
    queue = queue.slice(maxBatch);
    const started = performance.now();
    try {
      await writeBatch(batch);
    } catch (error) {
      for (const p of batch) lastSeq.delete(p.input.conversationId);
      const unavailable = new StoreUnavailableError((error as Error).message);
      for (const p of batch) p.reject(unavailable);
    } finally {
      options.onBatch?.(batch.length, performance.now() - started);
      flushing = false;
      if (queue.length) schedule();
    }
  }

  async function writeBatch(batch: Pending[]): Promise<void> {
    const byConversation = groupBy(batch, (p) => p.input.conversationId);
    await Promise.all(
      [...byConversation]
        .filter(([id]) => !lastSeq.has(id))
        .map(([id, ps]) =>
          loadLastSeq(
            id,
            ps.some((p) => p.attempts > 0),
          ),
        ),
    );

    // A retry of something already stored clashes on the unique (conversationId, clientMessageId)
    // index and comes back marked; only those are looked up (by equality, which every
    // MongoDB-compatible store answers from an index), so the common case reads nothing.
    // Sent twice within this batch, a message is inserted once and both callers get it.
    const already = await findExisting(batch.filter((p) => p.mayExist));
    const toInsert: Pending[] = [];
    const followers = new Map<string, Pending[]>();
    for (const p of batch) {
      const key = keyOf(p.input);
      const existing = already.get(key);
      if (existing) {
        p.resolve({ ...existing, created: false });
      } else if (followers.has(key)) {
        followers.get(key)!.push(p);
      } else {
        followers.set(key, []);
        toInsert.push(p);
      }
    }

    // Round r inserts the r-th new message of every conversation. A conversation whose insert
    // clashed sits out the later rounds, so a stored seq is never followed by a hole.
    const perConversation = [...groupBy(toInsert, (p) => p.input.conversationId).values()];
    const deferred: Pending[] = [];
    const now = new Date();
    for (let round = 0; perConversation.some((list) => list.length > round); round++) {
      const entries = perConversation
        .filter((list) => list.length > round)
        .map((list) => ({ list, p: list[round]! }));
      const docs = entries.map(({ p }) => {
        const seq = (lastSeq.get(p.input.conversationId) ?? 0) + 1;
        return { _id: messageId(p.input.conversationId, seq), ...p.input, seq, createdAt: now };
      });
      const failed = await insertAll(docs);
      entries.forEach(({ list, p }, i) => {
        const waiting = followers.get(keyOf(p.input)) ?? [];
        if (failed.has(i)) {
          lastSeq.delete(p.input.conversationId);
          deferred.push(
            ...list.slice(round).flatMap((q) => [q, ...(followers.get(keyOf(q.input)) ?? [])]),
          );
          list.length = round; // no later rounds for this conversation
          return;
        }
        const stored = { ...docs[i]!, created: true };
        lastSeq.set(p.input.conversationId, stored.seq);
        p.resolve(stored);
        for (const w of waiting) w.resolve({ ...stored, created: false });
      });
    }

    // Another node took the number, or stored the same message id meanwhile: try again.
    for (const p of deferred.reverse()) {
      p.mayExist = true;
      if (++p.attempts > MAX_SEQ_CONFLICT_RETRIES) {
        p.reject(new StoreUnavailableError('could not order the message after repeated conflicts'));
      } else {
        queue.unshift(p);
      }
    }
  }

  async function insertAll(
    docs: Array<AppendInput & { _id: string; seq: number; createdAt: Date }>,
  ): Promise<Set<number>> {
    if (!docs.length) return new Set();
    try {
      await Message.insertMany(docs, { ordered: false, lean: true });
      return new Set();
    } catch (error) {
      const writeErrors = duplicateKeyErrors(error);
      if (!writeErrors) throw error;
      return new Set(writeErrors);
    }
  }

  /**
   * The conversation's summary gives a starting point that is never ahead of the truth (it is
   * written after the messages, with $max); probing by `_id` finds the few stored since. After
   * a clash, the exact value is read from the messages themselves.
   */
  async function loadLastSeq(conversationId: string, exact: boolean): Promise<void> {
    if (exact) {
      const last = await Message.findOne({ conversationId }, { seq: 1 }).sort({ seq: -1 }).lean();
      lastSeq.set(conversationId, last?.seq ?? 0);
      return;
    }
    const summary = await Conversation.findOne({ _id: conversationId }, { lastSeq: 1 }).lean();
    let seq = summary?.lastSeq ?? 0;
    while (await Message.exists({ _id: messageId(conversationId, seq + 1) })) seq += 1;
    lastSeq.set(conversationId, seq);
  }

  async function findExisting(
    batch: Pending[],
  ): Promise<Map<string, Omit<StoredMessage, 'created'>>> {
    const found = new Map<string, Omit<StoredMessage, 'created'>>();
    const docs = await Promise.all(
      batch.map(({ input }) =>
        Message.findOne({
          conversationId: input.conversationId,
          clientMessageId: input.clientMessageId,
        }).lean(),
      ),
    );
    for (const d of docs) if (d) found.set(keyOf(d), toStored(d));
    return found;
  }

  /**
   * Messages after `afterSeq`, in order: what a reconnecting client missed. The shopper's
   * reading leaves staff-only messages (whispers) out in the query, so a page stays full.
   */
  async function readAfter(
    conversationId: string,
    afterSeq: number,
    limit = 500,
    reader: 'staff' | 'shopper' = 'staff',
  ) {
    const docs = await Message.find({
      conversationId,
      seq: trusted({ $gt: afterSeq }),
      ...(reader === 'shopper' ? { visibility: trusted({ $ne: 'staff' }) } : {}),
    })

      .sort({ seq: 1 })
      .limit(limit)
      .lean();
    return docs.map(toStored);
  }

  return { append, readAfter, forget: (conversationId: string) => lastSeq.delete(conversationId) };
}

export type MessageStore = ReturnType<typeof createMessageStore>;

function toStored(d: MessageDoc): Omit<StoredMessage, 'created'> {
  return {
    conversationId: d.conversationId,
    clientMessageId: d.clientMessageId,
    seq: d.seq,
    author: { kind: d.author.kind, id: d.author.id, name: d.author.name },
    text: d.text,
    createdAt: d.createdAt,
    scriptId: d.scriptId ?? undefined,
    scriptVersion: d.scriptVersion ?? undefined,
    scriptVariant: d.scriptVariant ?? undefined,
    offer: d.offer ?? undefined,
    visibility: d.visibility ?? undefined,
  };
}

/** Indexes (within the batch) of documents refused for a duplicate key, or null if another error. */
function duplicateKeyErrors(error: unknown): number[] | null {
  const e = error as { writeErrors?: unknown; code?: number; index?: number };
  // The driver gives one WriteError or an array of them.
  const raw = e.writeErrors === undefined ? [] : ([] as unknown[]).concat(e.writeErrors);
  const writeErrors = raw as Array<{ index: number; code?: number; err?: { code?: number } }>;
  const codeOf = (w: (typeof writeErrors)[number]) => w.code ?? w.err?.code;
  if (!writeErrors.length || writeErrors.some((w) => codeOf(w) !== DUPLICATE_KEY)) return null;
  return writeErrors.map((w) => w.index);
}

const keyOf = (m: { conversationId: string; clientMessageId: string }) =>
  `${m.conversationId}\u0000${m.clientMessageId}`;

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = map.get(k);
    if (list) list.push(item);
    else map.set(k, [item]);
  }
  return map;
}
