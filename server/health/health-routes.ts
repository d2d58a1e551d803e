import { Router } from 'express';
import type { Database } from '../infra/mongo';
import type { Metrics } from '../infra/metrics';
import type { RedisState } from '../infra/redis';

export interface HealthReport {
  status: 'ok' | 'degraded';
  mongo: { ok: boolean; kind: Database['kind'] };
  redis: { ok: boolean; mode: RedisState['mode'] };
  version: string;
}

export async function checkHealth(deps: {
  database: Database;
  redis: RedisState;
  version: string;
}): Promise<HealthReport> {
  const [mongoOk, redisOk] = await Promise.all([deps.database.ping(), deps.redis.ping()]);
  return {
    status: mongoOk && redisOk ? 'ok' : 'degraded',
    mongo: { ok: mongoOk, kind: deps.database.kind },
    redis: { ok: redisOk, mode: deps.redis.mode },
    version: deps.version,
  };
}

export function healthRouter(deps: {
  database: Database;
  redis: RedisState;
  metrics: Metrics;
  version: string;
}): Router {
  const router = Router();
  router.get('/healthz', async (_req, res) => {
    const report = await checkHealth(deps);
    // Only a database outage makes the node unfit for traffic; a Redis outage degrades it.
    res.status(report.mongo.ok ? 200 : 503).json(report);
  });
  router.get('/metrics', async (_req, res) => {
    res.type(deps.metrics.registry.contentType).send(await deps.metrics.registry.metrics());
  });
  return router;
}
