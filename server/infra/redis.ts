import { Redis } from 'ioredis';
import type { Config } from '../config';
import type { Logger } from './logger';

export type RedisMode = 'redis' | 'single-node';

export interface RedisState {
  mode: RedisMode;
  /** Null in single-node mode: callers use their in-process equivalents. */
  client: Redis | null;
  ping(timeoutMs?: number): Promise<boolean>;
  /** A second connection for blocking reads or subscriptions (adapter, queues). */
  duplicate(): Redis | null;
  stop(): Promise<void>;
}

/**
 * Connects to Redis once at startup. If it cannot be reached, the node runs alone with
 * in-process equivalents; switching modes later would split state, so the choice is final
 * until restart. A Redis that goes away after startup is retried by ioredis.
 */
export async function connectRedis(config: Config, logger: Logger): Promise<RedisState> {
  const client = new Redis(config.redisUrl, {
    lazyConnect: true,
    connectTimeout: config.redisConnectTimeoutMs,
    maxRetriesPerRequest: 2,
    retryStrategy: (times) => Math.min(times * 200, 2000),
  });
  client.on('error', (err) => logger.debug({ err: err.message }, 'redis connection error'));

  try {
    await withTimeout(client.connect(), config.redisConnectTimeoutMs);
    await client.ping();
  } catch (error) {
    client.disconnect();
    logger.warn(
      { redisUrl: redactUrl(config.redisUrl), reason: (error as Error).message },
      'Redis unreachable: running as a single node with in-process queues and presence (no scale-out)',
    );
    return {
      mode: 'single-node',
      client: null,
      ping: () => Promise.resolve(true),
      duplicate: () => null,
      stop: () => Promise.resolve(),
    };
  }

  logger.info({ redisUrl: redactUrl(config.redisUrl) }, 'redis connected');
  const extra: Redis[] = [];
  return {
    mode: 'redis',
    client,
    ping: (timeoutMs = 1000) =>
      withTimeout(client.ping(), timeoutMs).then(
        (r) => r === 'PONG',
        () => false,
      ),
    duplicate() {
      // Connecting eagerly: libraries given a lazy client call connect() themselves and leave the
      // promise unhandled, which rejects if Redis goes away at that moment.
      const copy = client.duplicate({ lazyConnect: false });
      copy.on('error', (err) => logger.debug({ err: err.message }, 'redis connection error'));
      extra.push(copy);
      return copy;
    },
    async stop() {
      for (const c of [...extra, client]) c.disconnect();
    },
  };
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

function redactUrl(url: string): string {
  return url.replace(/\/\/([^@/]*)@/, '//***@');
}
