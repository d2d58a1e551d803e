import { v7 as uuidv7 } from 'uuid';
import type { MessageView } from '../../../../../shared/schemas/chat';
import type { ConversationView } from '../../../../../shared/schemas/conversation';
import { errorCodeOf, requestAck, type ChatSocketLike } from '../../../chat/chat-socket';
import { contiguousSeqOf, mergeMessages } from '../../../chat/transcript';

export interface MonitorLinkState {
  link: 'connecting' | 'online' | 'offline';
  /** The chat being read, its messages (whispers included) and a load error code. */
  watched: string | null;
  messages: readonly MessageView[];
  watchError: string | null;
}

/**
 * The live monitor's socket: tells the page when to refetch the snapshot (monitor:changed, and
 * after every reconnect, since notices sent meanwhile are lost), and follows one chat at a time.
 */
export class MonitorLink {
  private state: MonitorLinkState = {
    link: 'connecting',
    watched: null,
    messages: [],
    watchError: null,
  };
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly socket: ChatSocketLike,
    private readonly onChanged: () => void,
  ) {
    socket.on('connect', () => {
      this.set({ link: 'online' });
      this.onChanged();
      if (this.state.watched) void this.load(this.state.watched);
    });
    socket.on('disconnect', () => this.set({ link: 'offline' }));
    socket.on('connect_error', () => this.set({ link: 'offline' }));
    socket.on('monitor:changed', () => this.onChanged());
    socket.on('message:new', (message: MessageView) => {
      if (message.conversationId === this.state.watched)
        this.set({ messages: mergeMessages(this.state.messages, [message]) });
    });
  }

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getSnapshot = () => this.state;

  start(): void {
    if (!this.socket.connected) this.socket.connect();
  }

  stop(): void {
    this.socket.disconnect();
  }

  /** Follows `conversationId` (and stops following the previous one). */
  watch(conversationId: string | null): void {
    const previous = this.state.watched;
    if (previous === conversationId) return;
    this.set({ watched: conversationId, messages: [], watchError: null });
    if (previous && this.socket.connected)
      requestAck(this.socket, 'monitor:unwatch', { conversationId: previous }).catch(
        () => undefined,
      );
    if (conversationId && this.socket.connected) void this.load(conversationId);
  }

  /** Sends a whisper to the watched chat's agent; throws a ChatRequestError when refused. */
  async whisper(text: string): Promise<void> {
    const conversationId = this.state.watched;
    if (!conversationId) return;
    const { message } = await requestAck(this.socket, 'monitor:whisper', {
      conversationId,
      clientMessageId: uuidv7(),
      text,
    });
    if (this.state.watched === conversationId)
      this.set({ messages: mergeMessages(this.state.messages, [message]) });
  }

  /** Moves the chat to the signed-in supervisor. */
  async takeover(conversationId: string): Promise<ConversationView> {
    const { conversation } = await requestAck(this.socket, 'monitor:takeover', {
      conversationId,
    });
    return conversation;
  }

  private async load(conversationId: string): Promise<void> {
    try {
      const { messages } = await requestAck(this.socket, 'monitor:watch', {
        conversationId,
        afterSeq: contiguousSeqOf(this.state.messages),
      });
      if (this.state.watched === conversationId)
        this.set({ messages: mergeMessages(this.state.messages, messages), watchError: null });
    } catch (error) {
      if (this.state.watched === conversationId) this.set({ watchError: errorCodeOf(error) });
    }
  }

  private set(changes: Partial<MonitorLinkState>): void {
    this.state = { ...this.state, ...changes };
    for (const listener of this.listeners) listener();
  }
}
