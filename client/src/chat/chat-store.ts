import type { MessageView } from '../../../shared/schemas/chat';
import type { ConversationView } from '../../../shared/schemas/conversation';
import type { OfferUpdate } from '../../../shared/schemas/offer-card';
import type { OutboxItem } from './outbox';
import { memoryStorage, readJson, writeJson, type KeyValueStorage } from './storage';
import { lastSeqOf, mergeMessages } from './transcript';

/**
 * idle: not started; connecting: opening the link; syncing: linked, catching up (resync)
 * before sending; online: live; offline: lost, reconnecting; unauthenticated: refused.
 */
export type LinkState =
  'idle' | 'connecting' | 'syncing' | 'online' | 'offline' | 'unauthenticated';

export interface PeerTyping {
  kind: string;
  name: string;
}

/** Everything a chat screen shows; replaced (never mutated) on each change. */
export interface ChatSnapshot {
  link: LinkState;
  /** The error code that last kept the link from getting ready, until it does. */
  problem: string | null;
  conversations: ReadonlyMap<string, ConversationView>;
  /** Conversations whose messages this client keeps and resyncs on reconnect. */
  followed: ReadonlySet<string>;
  messages: ReadonlyMap<string, readonly MessageView[]>;
  outbox: readonly OutboxItem[];
  /** Who is typing on the other side, per conversation. */
  typing: ReadonlyMap<string, PeerTyping>;
  /** The highest seq the other side has read, per conversation. */
  peerRead: ReadonlyMap<string, number>;
  /** The highest seq this user has read, per conversation (kept across reloads). */
  ownRead: ReadonlyMap<string, number>;
  queue: readonly ConversationView[];
  queueWaiting: number | null;
}

const MAX_REMEMBERED_READS = 300;

export class ChatStore {
  private snapshot: ChatSnapshot;
  private readonly listeners = new Set<() => void>();
  private readonly storage: KeyValueStorage;
  private readonly readKey: string | null;
  private liveClock = 0;
  private readonly liveTouched = new Map<string, number>();

  private readonly side: 'shopper' | 'agent' | null;

  constructor(
    options: { storage?: KeyValueStorage; ownReadKey?: string; side?: 'shopper' | 'agent' } = {},
  ) {
    this.side = options.side ?? null;
    this.storage = options.storage ?? memoryStorage();
    this.readKey = options.ownReadKey ?? null;
    this.snapshot = {
      link: 'idle',
      problem: null,
      conversations: new Map(),
      followed: new Set(),
      messages: new Map(),
      outbox: [],
      typing: new Map(),
      peerRead: new Map(),
      ownRead: this.loadOwnRead(),
      queue: [],
      queueWaiting: null,
    };
  }

  readonly getSnapshot = (): ChatSnapshot => this.snapshot;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  lastSeq(conversationId: string): number {
    return lastSeqOf(this.snapshot.messages.get(conversationId));
  }

  setLink(link: LinkState, problem: string | null = null): void {
    if (link === this.snapshot.link && problem === this.snapshot.problem) return;
    this.set({ link, problem });
  }

  /**
   * A point in the stream of live conversation updates. A request's answer may have been read
   * before an update that reached us first (conversation:open answers with the chat as it was
   * before routing assigned it), so answers are applied with the mark taken when asking.
   */
  liveMark(): number {
    return this.liveClock;
  }

  /** Whether a live update about this chat arrived after `mark`. */
  updatedSince(conversationId: string, mark: number): boolean {
    return (this.liveTouched.get(conversationId) ?? -1) > mark;
  }

  applyLiveConversation(conversation: ConversationView): void {
    this.liveTouched.set(conversation.id, ++this.liveClock);
    this.upsertConversations([conversation]);
  }

  /** Stores views; with `askedAt`, one a live update has overtaken since then is skipped. */
  upsertConversations(list: readonly ConversationView[], askedAt?: number): void {
    const fresh =
      askedAt === undefined ? list : list.filter((c) => !this.updatedSince(c.id, askedAt));
    if (fresh.length === 0) return;
    const conversations = new Map(this.snapshot.conversations);
    for (const conversation of fresh) conversations.set(conversation.id, conversation);
    this.set({ conversations });
    // Read marks stored on the server survive reloads and other devices.
    if (!this.side) return;
    for (const { id, readSeq } of fresh) {
      const [own, peer] =
        this.side === 'shopper'
          ? [readSeq.shopper, readSeq.agent]
          : [readSeq.agent, readSeq.shopper];
      if (peer > 0) this.notePeerRead(id, peer);
      if (own > 0) this.noteOwnRead(id, own);
    }
  }

  follow(ids: readonly string[]): void {
    if (ids.every((id) => this.snapshot.followed.has(id))) return;
    this.set({ followed: new Set([...this.snapshot.followed, ...ids]) });
  }

  unfollow(id: string): void {
    if (!this.snapshot.followed.has(id)) return;
    const followed = new Set(this.snapshot.followed);
    followed.delete(id);
    this.set({ followed });
  }

  addMessages(list: readonly MessageView[]): void {
    const byConversation = new Map<string, MessageView[]>();
    for (const message of list) {
      const group = byConversation.get(message.conversationId);
      if (group) group.push(message);
      else byConversation.set(message.conversationId, [message]);
    }
    let messages: Map<string, readonly MessageView[]> | null = null;
    for (const [conversationId, incoming] of byConversation) {
      const current = this.snapshot.messages.get(conversationId) ?? [];
      const merged = mergeMessages(current, incoming);
      if (merged === current) continue;
      messages ??= new Map(this.snapshot.messages);
      messages.set(conversationId, merged);
    }
    if (messages) this.set({ messages });
  }

  /** The shopper accepted or declined an offer card: its message shows the answer. */
  applyOfferResponse(update: OfferUpdate): void {
    const list = this.snapshot.messages.get(update.conversationId);
    const index = list?.findIndex((m) => m.seq === update.seq) ?? -1;
    const message = index >= 0 ? list![index]! : undefined;
    if (!message?.offer || message.offer.response) return;
    const next = [...list!];
    next[index] = { ...message, offer: { ...message.offer, response: update.response } };
    this.set({ messages: new Map(this.snapshot.messages).set(update.conversationId, next) });
  }

  setOutbox(outbox: readonly OutboxItem[]): void {
    if (outbox !== this.snapshot.outbox) this.set({ outbox });
  }

  setTyping(conversationId: string, who: PeerTyping | null): void {
    const current = this.snapshot.typing.get(conversationId);
    if (!who && !current) return;
    if (who && current?.name === who.name && current.kind === who.kind) return;
    const typing = new Map(this.snapshot.typing);
    if (who) typing.set(conversationId, who);
    else typing.delete(conversationId);
    this.set({ typing });
  }

  notePeerRead(conversationId: string, seq: number): void {
    if ((this.snapshot.peerRead.get(conversationId) ?? 0) >= seq) return;
    this.set({ peerRead: new Map(this.snapshot.peerRead).set(conversationId, seq) });
  }

  /** Returns whether this moved the mark forward (only then is it worth telling the server). */
  noteOwnRead(conversationId: string, seq: number): boolean {
    if ((this.snapshot.ownRead.get(conversationId) ?? 0) >= seq) return false;
    const ownRead = new Map(this.snapshot.ownRead);
    ownRead.delete(conversationId); // re-inserted last: the oldest marks are dropped first
    ownRead.set(conversationId, seq);
    this.set({ ownRead });
    if (this.readKey) {
      const kept = [...ownRead].slice(-MAX_REMEMBERED_READS);
      writeJson(this.storage, this.readKey, Object.fromEntries(kept));
    }
    return true;
  }

  setQueue(queue: readonly ConversationView[]): void {
    this.set({ queue, queueWaiting: queue.length });
  }

  setQueueWaiting(queueWaiting: number): void {
    if (queueWaiting !== this.snapshot.queueWaiting) this.set({ queueWaiting });
  }

  private loadOwnRead(): Map<string, number> {
    const stored = this.readKey ? readJson(this.storage, this.readKey) : null;
    const marks = new Map<string, number>();
    if (stored && typeof stored === 'object') {
      for (const [id, seq] of Object.entries(stored))
        if (typeof seq === 'number') marks.set(id, seq);
    }
    return marks;
  }

  private set(changes: Partial<ChatSnapshot>): void {
    this.snapshot = { ...this.snapshot, ...changes };
    for (const listener of this.listeners) listener();
  }
}
