import type { SendOfferInput } from '../../../../shared/schemas/offer-card';
import { v7 as uuidv7 } from 'uuid';
import type { StaffUser } from '../../../../shared/schemas/auth';
import type { ConversationView } from '../../../../shared/schemas/conversation';
import { ChatConnection, type ChatEvent } from '../../chat/chat-connection';
import type { ChatSocketLike } from '../../chat/chat-socket';
import { ChatStore } from '../../chat/chat-store';
import { Outbox } from '../../chat/outbox';
import { createStaffSocket } from '../../chat/staff-socket';
import { browserStorage, type KeyValueStorage } from '../../chat/storage';

export type AgentStatus = 'online' | 'away';
export type Disposition =
  'purchased' | 'will_follow_up' | 'not_interested' | 'service_only' | 'complaint_resolved';

export const DISPOSITIONS: readonly Disposition[] = [
  'purchased',
  'will_follow_up',
  'not_interested',
  'service_only',
  'complaint_resolved',
];

/** Queue events come in bursts (every assignment announces one); one list refresh serves all. */
const LIST_REFRESH_DELAY_MS = 250;

export function isMine(conversation: ConversationView, username: string): boolean {
  return (
    (conversation.status === 'assigned' || conversation.status === 'active') &&
    conversation.assignee?.id === username
  );
}

/**
 * The agent's side: their chats (followed, resynced on reconnect), the queue, their status.
 * Each (re)connect restores the chosen status, lists the chats, then resyncs and flushes.
 */
export class AgentChat {
  readonly store: ChatStore;
  readonly connection: ChatConnection;
  private readonly storage: KeyValueStorage;
  private readonly statusKey: string;
  private status: AgentStatus;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    readonly user: StaffUser,
    options: { storage?: KeyValueStorage; createSocket?: () => ChatSocketLike } = {},
  ) {
    this.storage = options.storage ?? browserStorage();
    const prefix = `scriptdesk.console.${user.username}`;
    this.statusKey = `${prefix}.status`;
    this.status = this.storage.getItem(this.statusKey) === 'away' ? 'away' : 'online';
    this.store = new ChatStore({
      storage: this.storage,
      ownReadKey: `${prefix}.read`,
      side: 'agent',
    });
    this.connection = new ChatConnection({
      socket: (options.createSocket ?? createStaffSocket)(),
      store: this.store,
      outbox: new Outbox(this.storage, `${prefix}.outbox`),
      side: 'agent',
      prepare: () => this.prepare(),
    });
    this.connection.listen((event) => this.onEvent(event));
  }

  /** Only agents take chats from routing; supervisors may open the console without a status. */
  get hasStatus(): boolean {
    return this.user.role === 'agent';
  }

  get currentStatus(): AgentStatus {
    return this.status;
  }

  start(): void {
    this.connection.start();
  }

  stop(): void {
    clearTimeout(this.refreshTimer);
    this.connection.stop();
  }

  /** Applied now when live; otherwise remembered and applied by the next connect. */
  async setStatus(status: AgentStatus): Promise<void> {
    if (this.connection.isReady) await this.connection.request('agent:status', { status });
    this.status = status;
    this.storage.setItem(this.statusKey, status);
  }

  async claim(conversationId: string): Promise<void> {
    const askedAt = this.store.liveMark();
    const { conversation } = await this.connection.request('conversation:claim', {
      conversationId,
    });
    this.adopt(conversation, askedAt);
  }

  /** `order`: the order the agent entered for a purchase (else one paid later is linked). */
  async close(
    conversationId: string,
    disposition: Disposition,
    order?: { orderId: string; value: number },
  ): Promise<void> {
    const askedAt = this.store.liveMark();
    const { conversation } = await this.connection.request('conversation:close', {
      conversationId,
      disposition,
      ...(order ? { details: { order } } : {}),
    });
    this.store.upsertConversations([conversation], askedAt);
    this.store.unfollow(conversationId);
  }

  /** `script`: the library script the text came from, recorded on the message. */
  send(
    conversationId: string,
    text: string,
    script?: { scriptId: string; scriptVersion: number; scriptVariant: string } | null,
  ): void {
    this.connection.send({
      conversationId,
      text,
      ...(script
        ? {
            scriptId: script.scriptId,
            scriptVersion: script.scriptVersion,
            scriptVariant: script.scriptVariant,
          }
        : {}),
    });
  }

  /** Sends an offer card; the server prices it from the catalogue. */
  async sendOffer(conversationId: string, offer: SendOfferInput['offer']): Promise<void> {
    const { message } = await this.connection.request('offer:send', {
      conversationId,
      clientMessageId: uuidv7(),
      offer,
    });
    this.store.addMessages([message]);
  }

  private async prepare(): Promise<void> {
    // The server counts a fresh connection as online; an agent who stepped away stays away.
    if (this.hasStatus && this.status !== 'online')
      await this.connection.request('agent:status', { status: this.status });
    await this.refreshLists();
  }

  private async refreshLists(): Promise<void> {
    const { mine, queue } = await this.connection.request('conversation:list', {});
    const mineIds = new Set(mine.map((conversation) => conversation.id));
    const newlyMine = mine.filter((c) => !this.store.getSnapshot().followed.has(c.id));
    this.store.upsertConversations(mine);
    for (const id of this.store.getSnapshot().followed)
      if (!mineIds.has(id)) this.store.unfollow(id);
    this.store.follow([...mineIds]);
    this.store.setQueue(queue);
    // During a reconnect the resync that follows covers them; at other times, fetch them now.
    if (this.connection.isReady && newlyMine.length)
      await this.connection.resync(newlyMine.map((c) => c.id));
  }

  private scheduleRefresh(): void {
    clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      if (this.connection.isReady) this.refreshLists().catch(() => this.scheduleRefresh());
    }, LIST_REFRESH_DELAY_MS);
  }

  private onEvent(event: ChatEvent): void {
    if (event.type === 'queue') this.scheduleRefresh();
    if (event.type !== 'conversation') return;
    const { conversation } = event;
    const followed = this.store.getSnapshot().followed.has(conversation.id);
    if (isMine(conversation, this.user.username) && !followed) this.adopt(conversation);
    else if (!isMine(conversation, this.user.username) && followed)
      this.store.unfollow(conversation.id);
    if (conversation.status !== 'queued') this.dropFromQueue(conversation.id);
  }

  /** A chat just given to this agent: keep it, and fetch what was said before. */
  private adopt(conversation: ConversationView, askedAt?: number): void {
    this.store.upsertConversations([conversation], askedAt);
    this.dropFromQueue(conversation.id);
    if (this.store.getSnapshot().followed.has(conversation.id)) return;
    this.store.follow([conversation.id]);
    if (this.connection.isReady)
      this.connection.resync([conversation.id]).catch(() => this.scheduleRefresh());
  }

  private dropFromQueue(conversationId: string): void {
    const { queue } = this.store.getSnapshot();
    if (queue.some((c) => c.id === conversationId))
      this.store.setQueue(queue.filter((c) => c.id !== conversationId));
  }
}
