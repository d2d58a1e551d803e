import type { Ack } from '../../../shared/events';
import type { MessageView } from '../../../shared/schemas/chat';
import type { ChatSocketLike } from '../chat/chat-socket';

type Listener = (...args: never[]) => void;
type Handler = (payload: unknown) => Ack<unknown> | Promise<Ack<unknown>> | 'no-answer';

/**
 * A Socket.IO client stand-in: `handle` decides how the "server" answers each acknowledged
 * event, `calls` records what was emitted in order, `push` delivers a server event.
 */
export class FakeChatSocket implements ChatSocketLike {
  connected = false;
  readonly calls: Array<{ event: string; payload: unknown }> = [];
  readonly volatileCalls: Array<{ event: string; payload: unknown }> = [];
  private readonly listeners = new Map<string, Listener[]>();
  private readonly handlers = new Map<string, Handler>();
  private pending: Array<(error: Error) => void> = [];

  handle(event: string, handler: Handler): this {
    this.handlers.set(event, handler);
    return this;
  }

  on(event: string, listener: Listener): this {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }

  push(event: string, ...args: unknown[]): void {
    for (const listener of this.listeners.get(event) ?? [])
      (listener as (...a: unknown[]) => void)(...args);
  }

  timeout(ms: number) {
    return {
      emitWithAck: (event: string, payload: unknown): Promise<unknown> => {
        this.calls.push({ event, payload });
        const handler = this.handlers.get(event);
        if (!handler) return Promise.reject(new Error(`no handler for ${event}`));
        return new Promise((resolve, reject) => {
          this.pending.push(reject);
          setTimeout(() => reject(new Error('operation has timed out')), ms);
          Promise.resolve()
            .then(() => handler(payload))
            .then((answer) => {
              if (answer !== 'no-answer') resolve(answer);
            }, reject);
        });
      },
    };
  }

  get volatile() {
    return {
      emit: (event: string, payload: unknown) => this.volatileCalls.push({ event, payload }),
    };
  }

  connect(): this {
    this.connected = true;
    this.push('connect');
    return this;
  }

  /** The link drops: unanswered acks fail as Socket.IO fails them. */
  drop(): void {
    this.connected = false;
    const pending = this.pending;
    this.pending = [];
    for (const reject of pending) reject(new Error('socket has been disconnected'));
    this.push('disconnect', 'transport close');
  }

  disconnect(): this {
    this.drop();
    return this;
  }

  eventsNamed(event: string): unknown[] {
    return this.calls.filter((call) => call.event === event).map((call) => call.payload);
  }
}

let clock = Date.parse('2025-03-01T10:00:00Z');

export function messageView(
  conversationId: string,
  seq: number,
  overrides: Partial<MessageView> = {},
): MessageView {
  return {
    id: overrides.id ?? `00000000-0000-7000-8000-${String(seq).padStart(12, '0')}`,
    conversationId,
    seq,
    author: { kind: 'shopper', id: 'v1', name: 'Shopper' },
    text: `message ${seq}`,
    createdAt: new Date((clock += 1000)).toISOString(),
    ...overrides,
  };
}
