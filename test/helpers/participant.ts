import { randomUUID } from 'node:crypto';
import type { MessageView } from '../../shared/schemas/chat';
import { request, type ClientSocket } from './chat-clients';

/**
 * A chat client as the real ones behave: an outbox of unacknowledged messages (retried with
 * the same id), a transcript de-duplicated by id, and resync by last seen sequence.
 */
export class Participant {
  readonly received = new Map<string, MessageView>();
  readonly acked = new Map<string, MessageView>();
  readonly outbox = new Map<string, { conversationId: string; text: string }>();
  /** Messages that arrived for a conversation this participant is not in. */
  readonly strays: MessageView[] = [];
  private socket: ClientSocket | undefined;

  constructor(
    readonly name: string,
    readonly conversations: Set<string> = new Set(),
  ) {}

  attach(socket: ClientSocket): void {
    this.socket = socket;
    socket.on('message:new', (m) => this.take(m));
  }

  get connected(): ClientSocket {
    if (!this.socket) throw new Error(`${this.name} has no socket`);
    return this.socket;
  }

  private take(m: MessageView): void {
    if (!this.conversations.has(m.conversationId)) this.strays.push(m);
    else this.received.set(m.id, m);
  }

  /** Queues a message in the outbox and tries to send it; resolves whether it was acknowledged. */
  async send(
    conversationId: string,
    text: string,
    id = randomUUID(),
  ): Promise<{ id: string; ok: boolean; code?: string }> {
    this.outbox.set(id, { conversationId, text });
    return this.trySend(id);
  }

  private async trySend(id: string): Promise<{ id: string; ok: boolean; code?: string }> {
    const item = this.outbox.get(id)!;
    try {
      const ack = await request<{ message: MessageView }>(
        this.connected,
        'message:send',
        { ...item, clientMessageId: id },
        5000,
      );
      if (!ack.ok) return { id, ok: false, code: ack.error.code };
      this.outbox.delete(id);
      this.acked.set(id, ack.data.message);
      this.received.set(id, ack.data.message);
      return { id, ok: true };
    } catch {
      return { id, ok: false, code: 'TIMEOUT' };
    }
  }

  /** Reconnect protocol: resync what was missed, then flush the outbox once, in order. */
  async resyncAndFlush(): Promise<void> {
    const lastSeq = (conversationId: string) =>
      Math.max(
        0,
        ...[...this.received.values()]
          .filter((m) => m.conversationId === conversationId)
          .map((m) => m.seq),
      );
    const res = await request<{ messages: MessageView[] }>(this.connected, 'message:resync', {
      conversations: [...this.conversations].map((conversationId) => ({
        conversationId,
        lastSeq: lastSeq(conversationId),
      })),
    });
    if (!res.ok) throw new Error(`resync failed: ${res.error.code}`);
    for (const m of res.data.messages) this.take(m);
    for (const id of [...this.outbox.keys()]) await this.trySend(id);
  }

  transcript(conversationId: string): Array<[number, string]> {
    return [...this.received.values()]
      .filter((m) => m.conversationId === conversationId)
      .sort((a, b) => a.seq - b.seq)
      .map((m) => [m.seq, m.text]);
  }
}
