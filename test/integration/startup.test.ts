import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { findFreePort } from '../helpers/ports';
import { startServerProcess } from '../helpers/server-process';
import { isProcessAlive, waitFor } from '../helpers/wait';

interface Health {
  status: string;
  mongo: { ok: boolean; kind: string };
  redis: { ok: boolean; mode: string };
  version: string;
}

const getHealth = async (url: string) => {
  const res = await fetch(`${url}/healthz`);
  return { status: res.status, body: (await res.json()) as Health };
};

/** Process ids of embedded FerretDB launchers using this data folder. */
function launchersFor(dataDir: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', `embedded-mongo .*${dataDir}`], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

let redis: TestRedis;
beforeAll(async () => {
  redis = await startTestRedis();
});
afterAll(async () => {
  await redis.stop();
});

describe('startup with the embedded FerretDB', () => {
  it('starts FerretDB itself, reports healthy, and leaves nothing behind after SIGTERM', async () => {
    const server = await startServerProcess({ env: { REDIS_URL: redis.url } });
    try {
      const { status, body } = await getHealth(server.url);
      expect(status).toBe(200);
      expect(body).toMatchObject({
        status: 'ok',
        mongo: { ok: true, kind: 'ferretdb-embedded' },
        redis: { ok: true, mode: 'redis' },
      });
      expect(body.version).toMatch(/^\d+\.\d+\.\d+/);
      expect(launchersFor(server.dataDir)).toHaveLength(1);

      const metrics = await (await fetch(`${server.url}/metrics`)).text();
      expect(metrics).toMatch(/# TYPE scriptdesk_http_request_duration_seconds histogram/);
      expect(metrics).toMatch(/scriptdesk_process_cpu_seconds_total/);

      expect(await server.stop('SIGTERM')).toBe(0);
      await waitFor(() => launchersFor(server.dataDir).length === 0, { what: 'FerretDB to stop' });
    } finally {
      await server.remove();
    }
  });

  it('does not orphan FerretDB when the Node process is killed with SIGKILL', async () => {
    const server = await startServerProcess({ env: { REDIS_URL: redis.url } });
    try {
      const [launcherPid] = launchersFor(server.dataDir);
      expect(launcherPid).toBeGreaterThan(0);
      await server.stop('SIGKILL');
      await waitFor(() => !isProcessAlive(launcherPid!), {
        timeoutMs: 5000,
        what: 'the orphaned FerretDB to exit',
      });
    } finally {
      await server.remove();
    }
  });

  it('keeps data in its folder across restarts', async () => {
    const first = await startServerProcess({
      env: { REDIS_URL: redis.url, SEED_ON_START: 'true', DEMO_CUSTOMERS: '10', DEMO_ORDERS: '30' },
    });
    const dataDir = first.dataDir;
    try {
      await first.stop();
      const second = await startServerProcess({
        dataDir,
        env: { REDIS_URL: redis.url, SEED_ON_START: 'false' },
      });
      const { products } = (await (await fetch(`${second.url}/api/products`)).json()) as {
        products: unknown[];
      };
      expect(products).toHaveLength(64);
      await second.stop();
    } finally {
      await first.remove();
    }
  });

  it('fails with one clear line when Go is missing and MONGODB_URI is unset', async () => {
    const server = await startServerProcess({
      env: { PATH: '/nonexistent', REDIS_URL: redis.url },
      waitUntilListening: false,
    });
    try {
      expect(await server.exited).toBe(1);
      const lines = server.stderr().trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/Go is not installed.*MONGODB_URI/);
    } finally {
      await server.remove();
    }
  });

  it('rejects invalid configuration with a sentence naming the variable', async () => {
    const server = await startServerProcess({ env: { PORT: 'eighty' }, waitUntilListening: false });
    try {
      expect(await server.exited).toBe(1);
      expect(server.stderr()).toMatch(/Invalid configuration: PORT/);
    } finally {
      await server.remove();
    }
  });
});

describe('startup with an external MongoDB-compatible server', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await startTestDatabase();
  });
  afterAll(async () => {
    await database.remove();
  });

  it('spawns nothing, reports "external", and goes degraded (503) while the database is down', async () => {
    const server = await startServerProcess({
      env: { MONGODB_URI: database.uri, REDIS_URL: redis.url },
    });
    try {
      expect(launchersFor(server.dataDir)).toHaveLength(0);
      expect(server.logs.some((l) => l.msg === 'embedded FerretDB started')).toBe(false);
      expect((await getHealth(server.url)).body.mongo).toEqual({ ok: true, kind: 'external' });

      await database.kill();
      const down = await waitFor(
        async () => {
          const h = await getHealth(server.url);
          return h.status === 503 ? h : undefined;
        },
        { what: 'health to report the database down' },
      );
      expect(down.body).toMatchObject({ status: 'degraded', mongo: { ok: false } });

      await database.start();
      await waitFor(async () => (await getHealth(server.url)).status === 200, {
        timeoutMs: 30_000,
        what: 'health to recover',
      });
    } finally {
      await server.remove();
    }
  });
});

describe('Redis', () => {
  it('runs as a single node and says so when Redis is unreachable', async () => {
    const closedPort = await findFreePort();
    const server = await startServerProcess({
      env: { REDIS_URL: `redis://127.0.0.1:${closedPort}`, REDIS_CONNECT_TIMEOUT_MS: '500' },
    });
    try {
      const { status, body } = await getHealth(server.url);
      expect(status).toBe(200);
      expect(body.redis.mode).toBe('single-node');
      expect(server.logs.some((l) => /single node/.test(l.msg) && l.level === 40)).toBe(true);
    } finally {
      await server.remove();
    }
  });

  it('reports degraded while Redis is down and recovers after a restart', async () => {
    const ownRedis = await startTestRedis();
    const server = await startServerProcess({ env: { REDIS_URL: ownRedis.url } });
    try {
      await ownRedis.stop();
      const degraded = await waitFor(
        async () => {
          const h = await getHealth(server.url);
          return h.body.status === 'degraded' ? h : undefined;
        },
        { what: 'degraded health' },
      );
      expect(degraded.status).toBe(200);
      expect(degraded.body.redis).toEqual({ ok: false, mode: 'redis' });
      await ownRedis.restart();
      await waitFor(async () => (await getHealth(server.url)).body.status === 'ok', {
        what: 'health to recover after the Redis restart',
      });
    } finally {
      await server.remove();
      await ownRedis.stop();
    }
  });
});
