import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { RequestHandler } from 'express';

export interface Metrics {
  registry: Registry;
  httpRequests: Histogram<'method' | 'route' | 'status'>;
  errors: Counter<'code'>;
  messageBatches: Histogram<'size'>;
  middleware: RequestHandler;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'scriptdesk_' });
  const httpRequests = new Histogram({
    name: 'scriptdesk_http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  const errors = new Counter({
    name: 'scriptdesk_errors_total',
    help: 'Errors returned to clients, by error code',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const messageBatches = new Histogram({
    name: 'scriptdesk_message_batch_seconds',
    help: 'Time to store one group-committed batch of chat messages, by batch size (capped at 100)',
    labelNames: ['size'] as const,
    buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
    registers: [registry],
  });
  const middleware: RequestHandler = (req, res, next) => {
    const end = httpRequests.startTimer();
    res.on('finish', () => {
      // The matched route pattern, never the raw URL, keeps label cardinality bounded.
      const route = (req.route as { path?: string } | undefined)?.path;
      end({
        method: req.method,
        route: route ? req.baseUrl + route : 'unmatched',
        status: res.statusCode,
      });
    });
    next();
  };
  return { registry, httpRequests, errors, messageBatches, middleware };
}
