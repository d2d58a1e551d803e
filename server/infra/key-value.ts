import type { RedisState } from './redis';

/** Short-lived shared state (sessions, tokens): Redis when present, else this process. */
export interface KeyValueStore {
  set(key: string, value: string, ttlSeconds: number): Promise<void>;
  get(key: string): Promise<string | null>;
  del(key: string): Promise<void>;
}

export function createKeyValueStore(redis: RedisState, prefix = 'sd:'): KeyValueStore {
  const client = redis.client;
  if (client) {
    return {
      async set(key, value, ttlSeconds) {
        await client.set(prefix + key, value, 'EX', ttlSeconds);
      },
      get: (key) => client.get(prefix + key),
      async del(key) {
        await client.del(prefix + key);
      },
    };
  }
  const entries = new Map<string, { value: string; expiresAt: number }>();
  return {
    async set(key, value, ttlSeconds) {
      entries.set(key, { value, expiresAt: Date.now() + ttlSeconds * 1000 });
    },
    async get(key) {
      const entry = entries.get(key);
      if (!entry) return null;
      if (entry.expiresAt <= Date.now()) {
        entries.delete(key);
        return null;
      }
      return entry.value;
    },
    async del(key) {
      entries.delete(key);
    },
  };
}
