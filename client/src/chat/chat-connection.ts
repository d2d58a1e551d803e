import { v7 as uuidv7 } from 'uuid';
import type { MessageView } from '../../../shared/schemas/chat';
import type { ConversationView } from '../../../shared/schemas/conversation';
import type { OfferUpdate } from '../../../shared/schemas/offer-card';
import {
  ClientErrorCode,
  errorCodeOf,
  isRetryableCode,
  requestAck,
  type AckData,
  type AckedEvent,
  type ChatSocketLike,
} from './chat-socket';
import type { ChatStore } from './chat-store';
import { retryDelayMs, type NewOutboxItem, type Outbox, type OutboxItem } from './outbox';
import { contiguousSeqOf } from './transcript';

export type ChatEvent =
  /** A message pushed live (not one fetched by resync or returned by an ack). */
  | { type: 'message'; message: MessageView }
  | { type: 'conversation'; conversation: ConversationView; previous: ConversationView | undefined }
  | { type: 'queue'; waiting: number }
  /** Resynced and flushed: the link is live. */
  | { type: 'ready' };

export interface ChatConnectionOptions {
  socket: ChatSocketLike;
  store: ChatStore;
  outbox: Outbox;
  /** Which side this client speaks for; read receipts from the same side are its own tabs. */
  side: 'shopper' | 'agent';
  /** Runs first on every (re)connect: the shopper opens its chat, the agent lists its chats. */
  prepare?: () => Promise<void>;
  /** Where a message written "to my current chat" goes; null keeps it waiting. */
  defaultConversationId?: () => string | null;
  /** The handshake was refused: an expired visitor token or a signed-out staff member. */
  onUnauthenticated?: () => void;
  ackTimeoutMs?: number;
  newId?: () => string;
}

/** The server returns at most this many messages per conversation and resync call. */
const RESYNC_PAGE_SIZE = 500;
/** The server accepts at most this many conversations per resync call. */
const RESYNC_BATCH = 50;
/** A typing indicator whose "stopped" got lost (typing is volatile) goes away by itself. */
const TYPING_SHOWN_MS = 6000;

/**
 * One chat link over Socket.IO with the delivery rules of RELIABILITY.md: on every (re)connect
 * it prepares, resyncs what was missed (by last contiguous seq), then sends the outbox once, in
 * order, one message at a time; retryable failures keep the message and retry with backoff.
 */
export class ChatConnection {
  private epoch = 0;
  private ready = false;
  private pumping = false;
  private pumpAgain = false;
  private pumpTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly typingTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly unsentReads = new Set<string>();
  private readonly listeners = new Set<(event: ChatEvent) => void>();
  private readonly socket: ChatSocketLike;
  private readonly store: ChatStore;
  private readonly outbox: Outbox;

  constructor(private readonly options: ChatConnectionOptions) {
    this.socket = options.socket;
    this.store = options.store;
    this.outbox = options.outbox;
    this.store.setOutbox(this.outbox.items());
    this.outbox.subscribe(() => this.store.setOutbox(this.outbox.items()));
    this.wireSocket();
  }

  start(): void {
    if (this.socket.connected) return;
    this.store.setLink('connecting');
    this.socket.connect();
  }

  stop(): void {
    this.epoch++;
    this.ready = false;
    clearTimeout(this.pumpTimer);
    for (const timer of this.typingTimers.values()) clearTimeout(timer);
    this.socket.disconnect();
    this.store.setLink('idle');
  }

  get isReady(): boolean {
    return this.ready;
  }

  listen(listener: (event: ChatEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  request<E extends AckedEvent>(event: E, payload: unknown): Promise<AckData<E>> {
    return requestAck(this.socket, event, payload, this.options.ackTimeoutMs);
  }

  /** Puts a message in the outbox (the durable part) and sends it when its turn comes. */
  send(draft: Omit<NewOutboxItem, 'id'>): OutboxItem {
    const item = this.outbox.add({
      ...draft,
      id: (this.options.newId ?? uuidv7)(),
      text: draft.text.trim(),
    });
    this.kick();
    return item;
  }

  retry(id: string, changes: { conversationId?: string | null } = {}): void {
    this.outbox.requeue(id, changes);
    this.kick();
  }

  discard(id: string): void {
    this.outbox.remove(id);
  }

  /** Something that held messages back changed (e.g. the shopper's chat just opened). */
  kick(): void {
    void this.pump();
  }

  setTyping(conversationId: string, isTyping: boolean): void {
    if (this.ready) this.socket.volatile.emit('typing', { conversationId, isTyping });
  }

  markRead(conversationId: string, seq: number): void {
    if (!this.store.noteOwnRead(conversationId, seq)) return;
    this.unsentReads.add(conversationId);
    this.sendReads();
  }

  /** Fetches what this client has not seen, page by page, from each chat's last gap-free seq. */
  async resync(conversationIds: readonly string[]): Promise<void> {
    const messages = this.store.getSnapshot().messages;
    let cursors = [...new Set(conversationIds)].map((conversationId) => ({
      conversationId,
      lastSeq: contiguousSeqOf(messages.get(conversationId)),
    }));
    while (cursors.length > 0) {
      const nextPage: typeof cursors = [];
      for (let i = 0; i < cursors.length; i += RESYNC_BATCH) {
        const batch = cursors.slice(i, i + RESYNC_BATCH);
        const { messages: missed } = await this.request('message:resync', {
          conversations: batch,
        });
        this.store.addMessages(missed);
        for (const cursor of batch) {
          const page = missed.filter((m) => m.conversationId === cursor.conversationId);
          if (page.length >= RESYNC_PAGE_SIZE)
            nextPage.push({ ...cursor, lastSeq: Math.max(...page.map((m) => m.seq)) });
        }
      }
      cursors = nextPage;
    }
  }

  private wireSocket(): void {
    const { socket, store } = this;
    socket.on('connect', () => void this.onConnect());
    socket.on('disconnect', () => {
      this.epoch++;
      this.ready = false;
      for (const conversationId of store.getSnapshot().typing.keys())
        store.setTyping(conversationId, null);
      if (store.getSnapshot().link !== 'idle') store.setLink('offline');
    });
    socket.on('connect_error', (error: Error) => {
      if (error?.message === 'E_UNAUTHENTICATED') {
        store.setLink('unauthenticated', 'E_UNAUTHENTICATED');
        this.options.onUnauthenticated?.();
      } else {
        store.setLink('offline', store.getSnapshot().problem);
      }
    });
    socket.on('message:new', (message: MessageView) => {
      store.addMessages([message]);
      if (store.getSnapshot().typing.get(message.conversationId)?.kind === message.author.kind)
        store.setTyping(message.conversationId, null);
      this.emit({ type: 'message', message });
    });
    socket.on('conversation:updated', (conversation: ConversationView) => {
      const previous = store.getSnapshot().conversations.get(conversation.id);
      store.applyLiveConversation(conversation);
      this.emit({ type: 'conversation', conversation, previous });
    });
    socket.on('queue:changed', (summary: { waiting: number }) => {
      store.setQueueWaiting(summary.waiting);
      this.emit({ type: 'queue', waiting: summary.waiting });
    });
    socket.on('typing', (event: TypingEvent) => this.onTyping(event));
    socket.on('offer:updated', (update: OfferUpdate) => store.applyOfferResponse(update));
    socket.on('read', (event: { conversationId: string; by: string; seq: number }) => {
      if (event.by === this.options.side) store.noteOwnRead(event.conversationId, event.seq);
      else store.notePeerRead(event.conversationId, event.seq);
    });
  }

  private async onConnect(): Promise<void> {
    const epoch = ++this.epoch;
    this.ready = false;
    this.store.setLink('syncing', this.store.getSnapshot().problem);
    for (let attempt = 1; ; attempt++) {
      try {
        await this.options.prepare?.();
        if (epoch !== this.epoch) return;
        await this.resync([...this.store.getSnapshot().followed]);
        if (epoch !== this.epoch) return;
        break;
      } catch (error) {
        if (epoch !== this.epoch) return;
        this.store.setLink('syncing', errorCodeOf(error));
        await delay(retryDelayMs(attempt));
        if (epoch !== this.epoch) return;
      }
    }
    this.ready = true;
    this.store.setLink('online');
    this.outbox.resetBackoff();
    this.emit({ type: 'ready' });
    this.sendReads();
    await this.pump();
  }

  private onTyping(event: TypingEvent): void {
    const { conversationId } = event;
    clearTimeout(this.typingTimers.get(conversationId));
    if (!event.isTyping || event.author.kind === this.options.side) {
      this.store.setTyping(conversationId, null);
      return;
    }
    this.store.setTyping(conversationId, event.author);
    this.typingTimers.set(
      conversationId,
      setTimeout(() => this.store.setTyping(conversationId, null), TYPING_SHOWN_MS),
    );
  }

  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        while (this.ready) {
          const next = this.nextToSend();
          if (!next) break;
          const wait = next.item.nextAttemptAt - Date.now();
          if (wait > 0) {
            clearTimeout(this.pumpTimer);
            this.pumpTimer = setTimeout(() => this.kick(), wait);
            break;
          }
          // After a retryable failure the next turn finds the item waiting and sets the timer.
          await this.sendOne(next.item, next.conversationId);
        }
      } while (this.pumpAgain && this.ready);
    } finally {
      this.pumping = false;
    }
  }

  /** The oldest unsent message; a failed one is skipped, a retrying one holds the rest back. */
  private nextToSend(): { item: OutboxItem; conversationId: string } | null {
    for (const item of this.outbox.items()) {
      if (item.state === 'failed') continue;
      const conversationId = item.conversationId ?? this.options.defaultConversationId?.() ?? null;
      return conversationId ? { item, conversationId } : null;
    }
    return null;
  }

  private async sendOne(item: OutboxItem, conversationId: string): Promise<void> {
    this.outbox.markSending(item.id, conversationId);
    try {
      const { message } = await this.request('message:send', {
        conversationId,
        clientMessageId: item.id,
        text: item.text,
        ...(item.scriptId ? { scriptId: item.scriptId } : {}),
        ...(item.scriptVersion ? { scriptVersion: item.scriptVersion } : {}),
      });
      // Stored copy first, then drop the pending one: the line never blinks out.
      this.store.addMessages([message]);
      this.outbox.remove(item.id);
    } catch (error) {
      const code = errorCodeOf(error);
      if (!isRetryableCode(code)) this.outbox.markFailed(item.id, code);
      // A dropped link needs no backoff: the reconnect itself sends it again.
      else if (code === ClientErrorCode.Disconnected && !this.ready) this.outbox.requeue(item.id);
      else this.outbox.markRetrying(item.id, code);
    }
  }

  private sendReads(): void {
    if (!this.ready) return;
    const ownRead = this.store.getSnapshot().ownRead;
    for (const conversationId of this.unsentReads) {
      const seq = ownRead.get(conversationId);
      this.unsentReads.delete(conversationId);
      if (!seq) continue;
      // Read receipts are a courtesy: a lost one is not retried.
      this.request('message:read', { conversationId, seq }).catch(() => undefined);
    }
  }

  private emit(event: ChatEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}

interface TypingEvent {
  conversationId: string;
  author: { kind: string; name: string };
  isTyping: boolean;
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
