import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { parse as parseCookie } from 'cookie';
import { Server, type Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/events';
import { SESSION_COOKIE } from '../auth/staff-guard';
import type { SessionTokens } from '../auth/session-tokens';
import type { Logger } from '../infra/logger';
import type { RedisState } from '../infra/redis';
import type { Actor } from './actor';

export type ChatServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  { actor: Actor }
>;
export type ChatSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  { actor: Actor }
>;

/** Largest frame a client may send; a chat message is at most 4,000 characters. */
export const MAX_FRAME_BYTES = 64 * 1024;

export function createSocketServer(
  httpServer: HttpServer,
  deps: {
    tokens: SessionTokens;
    redis: RedisState;
    logger: Logger;
    /** Other sites allowed to open chat connections (shops embedding /widget.js). */
    publicOrigins: string[];
  },
): ChatServer {
  const adapterClient = deps.redis.duplicate();
  const io: ChatServer = new Server(httpServer, {
    maxHttpBufferSize: MAX_FRAME_BYTES,
    // Delivery is ours (sequence numbers + resync from the database), not the transport's.
    connectionStateRecovery: undefined,
    cors: {
      origin: (origin, cb) => cb(null, !origin || deps.publicOrigins.includes(origin)),
      credentials: true,
    },
    allowRequest: (req, cb) => {
      const origin = req.headers.origin;
      // Browsers always send Origin on WebSocket upgrades: refusing foreign ones stops
      // cross-site WebSocket hijacking with a staff member's cookie.
      cb(
        null,
        !origin || isSameOrigin(origin, req.headers.host) || deps.publicOrigins.includes(origin),
      );
    },
    ...(adapterClient ? { adapter: createAdapter(adapterClient) } : {}),
  });

  io.use(async (socket, next) => {
    const actor = await authenticate(socket, deps.tokens);
    if (!actor)
      return next(
        Object.assign(new Error('E_UNAUTHENTICATED'), { data: { code: 'E_UNAUTHENTICATED' } }),
      );
    socket.data.actor = actor;
    next();
  });
  return io;
}

async function authenticate(socket: Socket, tokens: SessionTokens): Promise<Actor | null> {
  const auth = socket.handshake.auth as { visitorToken?: unknown } | undefined;
  if (typeof auth?.visitorToken === 'string') return tokens.verifyVisitor(auth.visitorToken);
  const cookieHeader = socket.handshake.headers.cookie;
  if (!cookieHeader) return null;
  return tokens.verifyStaff(parseCookie(cookieHeader)[SESSION_COOKIE]);
}

function isSameOrigin(origin: string, host: string | undefined): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
