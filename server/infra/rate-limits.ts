import {
  RateLimiterMemory,
  RateLimiterRedis,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { RedisState } from './redis';

export interface LimitSpec {
  keyPrefix: string;
  points: number;
  durationSeconds: number;
  blockSeconds?: number;
}

/** A limiter shared by all nodes through Redis, or per process in single-node mode. */
export function createRateLimiter(redis: RedisState, spec: LimitSpec): RateLimiterAbstract {
  const options = {
    keyPrefix: `sd:rl:${spec.keyPrefix}`,
    points: spec.points,
    duration: spec.durationSeconds,
    blockDuration: spec.blockSeconds ?? 0,
  };
  if (redis.client) {
    // If Redis blinks, fall back to a local limit rather than letting everything through.
    return new RateLimiterRedis({
      ...options,
      storeClient: redis.client,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  }
  return new RateLimiterMemory(options);
}

/** Resolves true when the key may go ahead, false when it is over its limit. */
export async function consume(limiter: RateLimiterAbstract, key: string): Promise<boolean> {
  try {
    await limiter.consume(key);
    return true;
  } catch (rejection) {
    if (rejection instanceof Error) throw rejection;
    return false;
  }
}
