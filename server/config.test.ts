import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, projectRoot } from './config';

describe('loadConfig', () => {
  it('gives working defaults for a fresh machine', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      mongodbUri: undefined,
      redisUrl: 'redis://127.0.0.1:6379',
      seedOnStart: true,
      demoCustomers: 10_000,
      demoOrders: 100_000,
      dataDir: path.join(projectRoot, '.data'),
    });
  });

  it('parses and coerces the documented variables', () => {
    const config = loadConfig({
      PORT: '3317',
      MONGODB_URI: 'mongodb://db:27017/x',
      SEED_ON_START: 'false',
      PUBLIC_ORIGINS: 'https://a.example, https://b.example',
    });
    expect(config.port).toBe(3317);
    expect(config.mongodbUri).toBe('mongodb://db:27017/x');
    expect(config.seedOnStart).toBe(false);
    expect(config.publicOrigins).toEqual(['https://a.example', 'https://b.example']);
  });

  it.each([
    [{ PORT: '70000' }, /PORT/],
    [{ MONGODB_URI: 'postgres://x' }, /MONGODB_URI: must start with mongodb/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL/],
    [{ LOG_LEVEL: 'loud' }, /LOG_LEVEL/],
  ])('rejects %o with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });
});
