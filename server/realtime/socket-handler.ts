import type { Socket } from 'socket.io';
import type { z } from 'zod';
import { ErrorCode, type ApiError } from '../../shared/errors';
import type { Ack } from '../../shared/events';
import { AppError } from '../errors';
import { StoreUnavailableError } from '../conversations/message-store';
import type { Logger } from '../infra/logger';
import type { Actor } from './actor';

/** Resolves false when this actor (or its address) has used up its event allowance. */
export type EventGate = (actor: Actor, address: string) => Promise<boolean>;

export interface HandlerContext {
  socket: Socket;
  actor: Actor;
}

/**
 * The one way to register an acknowledged event: parse the payload with its schema, apply the
 * actor's rate limit, run the handler, and always answer `{ ok, data }` or `{ ok, error }`.
 * Authorization lives in the services, whose queries include the actor.
 */
export function registerHandler<S extends z.ZodType, T>(
  ctx: HandlerContext,
  deps: { logger: Logger; gate: EventGate },
  event: string,
  schema: S,
  handler: (input: z.infer<S>, ctx: HandlerContext) => Promise<T>,
): void {
  ctx.socket.on(event, async (...args: unknown[]) => {
    // Socket.IO passes the acknowledgement last, whatever came before it (nothing, or extras).
    const ack = args.at(-1);
    if (typeof ack !== 'function') return;
    const reply = ack as (response: Ack<T>) => void;
    if (!(await deps.gate(ctx.actor, ctx.socket.handshake.address))) {
      return reply(fail(ErrorCode.RateLimited, 'Too many requests; slow down and retry.'));
    }
    if (args.length !== 2) {
      return reply(fail(ErrorCode.Validation, `Invalid ${event}: send exactly one payload.`));
    }
    const payload = args[0];
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      return reply(
        fail(
          ErrorCode.Validation,
          `Invalid ${event}: ${issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'bad payload'}`,
        ),
      );
    }
    try {
      reply({ ok: true, data: await handler(parsed.data, ctx) });
    } catch (error) {
      reply({ ok: false, error: toApiError(error, deps.logger, event) });
    }
  });
}

function fail(code: ErrorCode, message: string): { ok: false; error: ApiError } {
  return { ok: false, error: { code, message } };
}

function toApiError(error: unknown, logger: Logger, event: string): ApiError {
  if (error instanceof AppError) return { code: error.code, message: error.message };
  if (error instanceof StoreUnavailableError || isDatabaseDown(error)) {
    return {
      code: ErrorCode.Unavailable,
      message: 'The database is unavailable; your message is kept and will be retried.',
    };
  }
  logger.error({ err: error, event }, 'socket handler failed');
  return { code: ErrorCode.Internal, message: 'Something went wrong on our side.' };
}

function isDatabaseDown(error: unknown): boolean {
  const name = (error as { name?: string }).name ?? '';
  return /^Mongo(NotConnected|ServerSelection|Network|Topology)/.test(name);
}
