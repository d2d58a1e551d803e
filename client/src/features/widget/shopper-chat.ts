import { io } from 'socket.io-client';
import type { ConversationView } from '../../../../shared/schemas/conversation';
import type { AppLanguage } from '../../app/language';
import { ChatConnection } from '../../chat/chat-connection';
import { errorCodeOf, isRetryableCode, type ChatSocketLike } from '../../chat/chat-socket';
import { ChatStore } from '../../chat/chat-store';
import { Outbox, retryDelayMs } from '../../chat/outbox';
import { browserStorage, type KeyValueStorage } from '../../chat/storage';
import { startVisitorSession, storedVisitorToken } from './visitor-session';

const OUTBOX_KEY = 'scriptdesk.outbox';
const CONVERSATION_KEY = 'scriptdesk.conversationId';
const READ_KEY = 'scriptdesk.readSeq';
/** Mirrors the sku rule in shared/schemas/conversation.ts; zod itself is too big for the widget. */
const SKU_PATTERN = /^[A-Z0-9-]{1,32}$/;
const MAX_CART_ITEMS = 30;

export interface ShopperChatOptions {
  /** The ScriptDesk server: the page's own origin, or the origin /widget.js was loaded from. */
  origin: string;
  language: AppLanguage;
  shopCustomerToken?: string;
  storage?: KeyValueStorage;
  createSocket?: (origin: string, token: () => string | null) => ChatSocketLike;
  startSession?: typeof startVisitorSession;
}

export interface ShopperView {
  panelOpen: boolean;
  /** The chat this page opened (or rejoined); null until the shopper engages. */
  conversationId: string | null;
  /** Why the chat could not start (no session), for a sentence; null when fine. */
  problem: string | null;
}

function createVisitorSocket(origin: string, token: () => string | null): ChatSocketLike {
  return io(origin, {
    autoConnect: false,
    transports: ['websocket'],
    // Read on every (re)connect, so a renewed token is used without a new socket.
    auth: (callback) => callback({ visitorToken: token() ?? '' }),
  });
}

/**
 * The shopper's side of a chat. Nothing connects until the shopper opens the panel or has a
 * chat (or unsent messages) from an earlier visit; a conversation is opened only when they
 * engage, so browsing the shop never puts anyone in the queue.
 */
export class ShopperChat {
  readonly store: ChatStore;
  private readonly connection: ChatConnection;
  private readonly outbox: Outbox;
  private readonly storage: KeyValueStorage;
  private readonly listeners = new Set<() => void>();
  private view: ShopperView = { panelOpen: false, conversationId: null, problem: null };
  private token: string | null = null;
  private connecting: Promise<void> | null = null;
  private engaged = false;
  /** conversation:open answered on this page: messages "to my chat" may go. */
  private opened = false;
  private closed = false;
  private sku: string | undefined;
  private cart: string[] = [];

  constructor(private readonly options: ShopperChatOptions) {
    this.storage = options.storage ?? browserStorage();
    this.store = new ChatStore({
      storage: this.storage,
      ownReadKey: READ_KEY,
      side: 'shopper',
    });
    this.outbox = new Outbox(this.storage, OUTBOX_KEY);
    const earlier = this.storage.getItem(CONVERSATION_KEY);
    if (earlier) {
      this.store.follow([earlier]);
      this.view = { ...this.view, conversationId: earlier };
    }
    const socket = (options.createSocket ?? createVisitorSocket)(options.origin, () => this.token);
    this.connection = new ChatConnection({
      socket,
      store: this.store,
      outbox: this.outbox,
      side: 'shopper',
      prepare: () => (this.engaged ? this.openConversation() : Promise.resolve()),
      defaultConversationId: () => (this.opened && !this.closed ? this.view.conversationId : null),
      onUnauthenticated: () => void this.renewSession(socket),
    });
    this.connection.listen((event) => {
      if (event.type === 'conversation' && event.conversation.id === this.view.conversationId)
        this.noteConversation(event.conversation);
      // An agent reached out to this signed-in shopper (outreach): the server made that newer
      // chat theirs, so the widget shows it.
      else if (event.type === 'conversation' && this.isNewerOpenChat(event.conversation))
        this.switchTo(event.conversation);
      // The shopper engaged while a returning visit was still catching up.
      if (event.type === 'ready' && this.engaged && !this.opened) this.openSoon();
    });
  }

  readonly getView = (): ShopperView => this.view;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Reconnects a returning shopper who has a chat or unsent messages, without opening one. */
  /** A picture or link from the ScriptDesk server, absolute, so it also loads on a shop's page. */
  assetUrl(path: string): string {
    return new URL(path, this.options.origin).href;
  }

  /** Accepts or declines the offer card with this seq; the answer also arrives live. */
  async answerOffer(seq: number, response: 'accepted' | 'declined'): Promise<void> {
    const conversationId = this.view.conversationId;
    if (!conversationId) return;
    const answer = await this.connection.request('offer:respond', {
      conversationId,
      seq,
      response,
    });
    this.store.applyOfferResponse({ conversationId, seq, messageId: '', ...answer });
  }

  /** The shopper's 1–5 rating of the chat that just ended. */
  async rate(rating: number): Promise<void> {
    const conversationId = this.view.conversationId;
    if (!conversationId) return;
    const { conversation } = await this.connection.request('conversation:rate', {
      conversationId,
      rating,
    });
    this.store.upsertConversations([conversation]);
  }

  resume(): void {
    if (this.view.conversationId || this.outbox.items().length > 0) void this.connect();
  }

  openPanel(context: { sku?: string; cart?: string[] } = {}): void {
    if (context.sku && SKU_PATTERN.test(context.sku)) this.sku = context.sku;
    if (Array.isArray(context.cart)) {
      this.cart = [...new Set(context.cart.filter((sku) => SKU_PATTERN.test(sku)))].slice(
        0,
        MAX_CART_ITEMS,
      );
    }
    this.setView({ panelOpen: true });
    this.engage();
  }

  closePanel(): void {
    this.setView({ panelOpen: false });
  }

  send(text: string): void {
    if (!text.trim()) return;
    this.connection.send({ conversationId: null, text });
    this.engage();
  }

  retry(id: string): void {
    // A message refused because its chat ended goes to the shopper's current chat instead.
    this.connection.retry(id, { conversationId: null });
    this.engage();
  }

  discard(id: string): void {
    this.connection.discard(id);
  }

  setTyping(isTyping: boolean): void {
    if (this.view.conversationId && !this.closed)
      this.connection.setTyping(this.view.conversationId, isTyping);
  }

  markRead(seq: number): void {
    if (this.view.conversationId) this.connection.markRead(this.view.conversationId, seq);
  }

  destroy(): void {
    this.connection.stop();
    this.listeners.clear();
  }

  private engage(): void {
    this.engaged = true;
    if (!this.connection.isReady) void this.connect();
    // Already live: open now. An ended chat is reopened, or a new one started.
    else if (!this.opened || this.closed) this.openSoon();
  }

  private openSoon(): void {
    // A failure here is retried by the next reconnect's prepare, or the shopper's next action.
    this.openConversation().catch(() => undefined);
  }

  private connect(): Promise<void> {
    // Once started, Socket.IO reconnects by itself; starting again would only race it.
    if (this.store.getSnapshot().link !== 'idle') return Promise.resolve();
    this.connecting ??= (async () => {
      this.store.setLink('connecting');
      await this.establishSession();
      if (this.token) this.connection.start();
      else this.store.setLink('idle');
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async establishSession(): Promise<void> {
    const start = this.options.startSession ?? startVisitorSession;
    for (let attempt = 1; ; attempt++) {
      try {
        this.token = await start(this.options.origin, this.storage, this.options.shopCustomerToken);
        this.setView({ problem: null });
        return;
      } catch (error) {
        const code = errorCodeOf(error);
        // Too many new sessions from this address: the token we already hold may still work.
        this.token = storedVisitorToken(this.storage);
        if (code === 'E_RATE_LIMITED' && this.token) return;
        this.setView({ problem: code });
        if (!isRetryableCode(code)) return;
        await new Promise((resolve) => setTimeout(resolve, retryDelayMs(attempt)));
      }
    }
  }

  private async renewSession(socket: ChatSocketLike): Promise<void> {
    await this.establishSession();
    if (this.view.problem === null) socket.connect();
  }

  private async openConversation(): Promise<void> {
    const askedAt = this.store.liveMark();
    const { conversation } = await this.connection.request('conversation:open', {
      locale: this.options.language,
      context: this.context(),
    });
    const isNew = conversation.id !== this.view.conversationId;
    this.opened = true;
    this.store.upsertConversations([conversation], askedAt);
    this.store.follow([conversation.id]);
    this.setView({ conversationId: conversation.id });
    this.noteConversation(
      this.store.getSnapshot().conversations.get(conversation.id) ?? conversation,
    );
    if (isNew && this.connection.isReady) await this.connection.resync([conversation.id]);
    this.connection.kick();
  }

  private isNewerOpenChat(conversation: ConversationView): boolean {
    if (conversation.status === 'closed') return false;
    const shown = this.view.conversationId
      ? this.store.getSnapshot().conversations.get(this.view.conversationId)
      : undefined;
    return !shown || Date.parse(conversation.createdAt) > Date.parse(shown.createdAt);
  }

  private switchTo(conversation: ConversationView): void {
    this.opened = true;
    this.store.follow([conversation.id]);
    this.setView({ conversationId: conversation.id });
    this.noteConversation(conversation);
    // Whatever was sent before this socket joined the chat's room.
    if (this.connection.isReady) this.connection.resync([conversation.id]).catch(() => undefined);
  }

  private noteConversation(conversation: ConversationView): void {
    this.closed = conversation.status === 'closed';
    // A returning shopper reconnects only to an open chat; an ended one is not rejoined.
    if (this.closed) this.storage.removeItem(CONVERSATION_KEY);
    else this.storage.setItem(CONVERSATION_KEY, conversation.id);
  }

  private context(): { sku?: string; cart?: string[]; pageUrl?: string; pageTitle?: string } {
    const pageUrl = window.location.href;
    const pageTitle = document.title.trim().slice(0, 200);
    return {
      ...(this.sku ? { sku: this.sku } : {}),
      ...(this.cart.length ? { cart: this.cart } : {}),
      ...(/^https?:/.test(pageUrl) && pageUrl.length <= 500 ? { pageUrl } : {}),
      ...(pageTitle ? { pageTitle } : {}),
    };
  }

  private setView(changes: Partial<ShopperView>): void {
    this.view = { ...this.view, ...changes };
    for (const listener of this.listeners) listener();
  }
}
