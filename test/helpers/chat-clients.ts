import { io, type Socket } from 'socket.io-client';
import type { Ack, ClientToServerEvents, ServerToClientEvents } from '../../shared/events';

export type ClientSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export async function loginStaff(
  baseUrl: string,
  username: string,
  password = `demo-${username}`,
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (res.status !== 200)
    throw new Error(`login ${username} failed: ${res.status} ${await res.text()}`);
  const cookie = res.headers.get('set-cookie')?.split(';')[0];
  if (!cookie) throw new Error('no session cookie');
  return cookie;
}

export async function visitorToken(
  baseUrl: string,
  body: Record<string, string> = {},
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/visitor/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 200)
    throw new Error(`visitor session failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { visitorToken: string }).visitorToken;
}

export function connectStaff(baseUrl: string, cookie: string): Promise<ClientSocket> {
  return connected(
    io(baseUrl, {
      transports: ['websocket'],
      extraHeaders: { cookie },
      reconnection: true,
      forceNew: true,
    }),
  );
}

export function connectVisitor(baseUrl: string, token: string): Promise<ClientSocket> {
  return connected(
    io(baseUrl, { transports: ['websocket'], auth: { visitorToken: token }, forceNew: true }),
  );
}

function connected(socket: ClientSocket): Promise<ClientSocket> {
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

/** Emits an acknowledged event and resolves with the server's `{ ok, data | error }`. */
export function request<T = unknown>(
  socket: ClientSocket,
  event: string,
  payload: unknown,
  timeoutMs = 10_000,
): Promise<Ack<T>> {
  return (
    socket.timeout(timeoutMs) as unknown as {
      emitWithAck: (e: string, p: unknown) => Promise<Ack<T>>;
    }
  ).emitWithAck(event, payload);
}

/** Collects every `event` the socket receives, for later assertions. */
export function collect<T>(socket: ClientSocket, event: keyof ServerToClientEvents): T[] {
  const items: T[] = [];
  (socket as unknown as { on: (e: string, fn: (x: T) => void) => void }).on(event, (x: T) =>
    items.push(x),
  );
  return items;
}
