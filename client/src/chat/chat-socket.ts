import type { Ack, AckFn, ClientToServerEvents } from '../../../shared/events';

/**
 * The part of a Socket.IO client socket the chat uses. The real one fits it as is; tests pass
 * a small stub. Payloads are the server's (typed in shared/events.ts), read as `unknown` here.
 */
export interface ChatSocketLike {
  readonly connected: boolean;
  on(event: string, listener: (...args: never[]) => void): unknown;
  timeout(ms: number): { emitWithAck(event: string, payload: unknown): Promise<unknown> };
  readonly volatile: { emit(event: string, payload: unknown): unknown };
  connect(): unknown;
  disconnect(): unknown;
}

/** Codes the client makes up itself when no answer came; the server's are in shared/errors.ts. */
export const ClientErrorCode = {
  /** No ack within the time limit: the message may or may not have been stored. */
  Timeout: 'E_TIMEOUT',
  /** The link was down when sending, or dropped before the ack. */
  Disconnected: 'E_DISCONNECTED',
  BadResponse: 'E_BAD_RESPONSE',
} as const;

const retryableCodes = new Set<string>([
  ClientErrorCode.Timeout,
  ClientErrorCode.Disconnected,
  'E_UNAVAILABLE',
  'E_RATE_LIMITED',
  'E_INTERNAL',
]);

/** Whether sending the same thing again later can succeed (the server dedupes by id). */
export function isRetryableCode(code: string): boolean {
  return retryableCodes.has(code);
}

export class ChatRequestError extends Error {
  constructor(
    readonly code: string,
    detail?: string,
  ) {
    super(detail ? `${code}: ${detail}` : code);
    this.name = 'ChatRequestError';
  }
}

export function errorCodeOf(error: unknown): string {
  return error instanceof ChatRequestError ? error.code : ClientErrorCode.BadResponse;
}

export type AckedEvent = {
  [E in keyof ClientToServerEvents]: Parameters<ClientToServerEvents[E]>[1] extends AckFn<infer _T>
    ? E
    : never;
}[keyof ClientToServerEvents];

export type AckData<E extends AckedEvent> =
  Parameters<ClientToServerEvents[E]>[1] extends AckFn<infer T> ? T : never;

export const DEFAULT_ACK_TIMEOUT_MS = 10_000;

/** Emits an acknowledged event; resolves with `data` or throws a ChatRequestError with a code. */
export async function requestAck<E extends AckedEvent>(
  socket: ChatSocketLike,
  event: E,
  payload: unknown,
  timeoutMs = DEFAULT_ACK_TIMEOUT_MS,
): Promise<AckData<E>> {
  // Emitting while offline would sit in Socket.IO's buffer and go out on reconnect, ahead of
  // the resync: refuse instead, the outbox sends it again in order.
  if (!socket.connected) throw new ChatRequestError(ClientErrorCode.Disconnected);
  let answer: unknown;
  try {
    answer = await socket.timeout(timeoutMs).emitWithAck(event, payload);
  } catch (error) {
    const message = error instanceof Error ? error.message : '';
    throw new ChatRequestError(
      /disconnect/i.test(message) ? ClientErrorCode.Disconnected : ClientErrorCode.Timeout,
    );
  }
  const ack = answer as Ack<AckData<E>> | null;
  if (ack?.ok === true) return ack.data;
  if (ack?.ok === false && typeof ack.error?.code === 'string')
    throw new ChatRequestError(ack.error.code, ack.error.message);
  throw new ChatRequestError(ClientErrorCode.BadResponse);
}
