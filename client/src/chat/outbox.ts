import { readJson, writeJson, type KeyValueStorage } from './storage';

/**
 * queued: not tried yet (or a reconnect will try it); sending: waiting for the ack;
 * retrying: a retryable failure, tried again after `nextAttemptAt`; failed: refused for good
 * (the sender decides to retry or delete it).
 */
export type OutboxState = 'queued' | 'sending' | 'retrying' | 'failed';

export interface OutboxItem {
  /** The message id (UUIDv7); every retry reuses it so the server can spot duplicates. */
  id: string;
  /** null: "my current conversation" (a shopper may write before the chat is open). */
  conversationId: string | null;
  text: string;
  createdAt: string;
  scriptId?: string;
  scriptVersion?: number;
  state: OutboxState;
  attempts: number;
  /** Epoch ms before which a retrying item is not sent again. */
  nextAttemptAt: number;
  lastErrorCode?: string;
}

export interface NewOutboxItem {
  id: string;
  conversationId: string | null;
  text: string;
  scriptId?: string;
  scriptVersion?: number;
}

const MAX_RETRY_DELAY_MS = 30_000;

/** Exponential backoff with jitter, so a fleet of widgets does not retry in lockstep. */
export function retryDelayMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Unsent messages, kept in storage until the server acknowledged them. Every change is
 * read-modify-write against storage, so two tabs sharing it do not erase each other's items.
 */
export class Outbox {
  private cache: readonly OutboxItem[];
  private persisted = true;
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly storage: KeyValueStorage,
    private readonly key: string,
    private readonly clock: { now: () => number; random: () => number } = {
      now: Date.now,
      random: Math.random,
    },
  ) {
    // A page that closed mid-send never got its ack; the item simply goes again.
    this.cache = this.load().map((item) =>
      item.state === 'sending' ? { ...item, state: 'queued' } : item,
    );
  }

  items(): readonly OutboxItem[] {
    return this.cache;
  }

  get(id: string): OutboxItem | undefined {
    return this.cache.find((item) => item.id === id);
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  add(draft: NewOutboxItem): OutboxItem {
    const item: OutboxItem = {
      ...draft,
      createdAt: new Date(this.clock.now()).toISOString(),
      state: 'queued',
      attempts: 0,
      nextAttemptAt: 0,
    };
    this.change((items) => [...items.filter((other) => other.id !== item.id), item]);
    return item;
  }

  /** Pins the item to the conversation it is being sent to, so a retry cannot land elsewhere. */
  markSending(id: string, conversationId: string): void {
    this.update(id, (item) => ({
      ...item,
      conversationId,
      state: 'sending',
      attempts: item.attempts + 1,
    }));
  }

  markRetrying(id: string, code: string): void {
    this.update(id, (item) => ({
      ...item,
      state: 'retrying',
      lastErrorCode: code,
      nextAttemptAt: this.clock.now() + retryDelayMs(item.attempts, this.clock.random),
    }));
  }

  markFailed(id: string, code: string): void {
    this.update(id, (item) => ({ ...item, state: 'failed', lastErrorCode: code }));
  }

  /** Sends again as soon as possible (the sender asked, or the link just came back). */
  requeue(id: string, changes: { conversationId?: string | null } = {}): void {
    this.update(id, (item) => ({ ...item, ...changes, state: 'queued', nextAttemptAt: 0 }));
  }

  /** After a reconnect every waiting item goes at once; failed ones wait for the sender. */
  resetBackoff(): void {
    if (!this.cache.some((item) => item.state !== 'failed' && item.nextAttemptAt > 0)) return;
    this.change((items) =>
      items.map((item) => (item.state === 'failed' ? item : { ...item, nextAttemptAt: 0 })),
    );
  }

  remove(id: string): void {
    if (!this.get(id)) return;
    this.change((items) => items.filter((item) => item.id !== id));
  }

  private update(id: string, fn: (item: OutboxItem) => OutboxItem): void {
    this.change((items) => items.map((item) => (item.id === id ? fn(item) : item)));
  }

  private change(fn: (items: readonly OutboxItem[]) => readonly OutboxItem[]): void {
    // Storage is the truth (another tab may have added an item or removed an acknowledged
    // one) unless our last write did not make it there.
    const base = this.persisted ? this.load() : this.cache;
    this.cache = fn(base);
    this.persisted = writeJson(this.storage, this.key, this.cache);
    for (const listener of this.listeners) listener();
  }

  private load(): OutboxItem[] {
    const value = readJson(this.storage, this.key);
    return Array.isArray(value) ? value.filter(isOutboxItem) : [];
  }
}

function isOutboxItem(value: unknown): value is OutboxItem {
  const item = value as Partial<OutboxItem> | null;
  return (
    typeof item === 'object' &&
    item !== null &&
    typeof item.id === 'string' &&
    (item.conversationId === null || typeof item.conversationId === 'string') &&
    typeof item.text === 'string' &&
    typeof item.createdAt === 'string' &&
    typeof item.attempts === 'number' &&
    typeof item.nextAttemptAt === 'number' &&
    (item.state === 'queued' ||
      item.state === 'sending' ||
      item.state === 'retrying' ||
      item.state === 'failed')
  );
}
