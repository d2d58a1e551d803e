import path from 'node:path';
import cookieParser from 'cookie-parser';
import cors from 'cors';
import express, { type Express } from 'express';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { authRouter } from './auth/auth-routes';
import type { SessionTokens } from './auth/session-tokens';
import { staffAdminRouter } from './auth/staff-admin-routes';
import helmet from 'helmet';
import { projectRoot, type Config } from './config';
import { catalogRouter } from './customers/catalog-routes';
import type { RecordedOrder } from './customers/orders/order-documents';
import { orderIntakeRouter } from './customers/orders/order-intake-routes';
import { demoShopRouter } from './customers/profile/demo-shop-routes';
import { profileRouter } from './customers/profile/profile-routes';
import { createProfileService, type ProfileService } from './customers/profile/profile-service';
import { healthRouter } from './health/health-routes';
import { clientAssetsRouter } from './http/client-assets';
import { apiNotFound, errorHandler } from './http/errors';
import type { Logger } from './infra/logger';
import type { Metrics } from './infra/metrics';
import type { Database } from './infra/mongo';
import type { RedisState } from './infra/redis';
import { bundleRouter } from './offers/bundle-routes';
import { dashboardRouter } from './outcomes/dashboard-routes';
import type { RollupCache } from './outcomes/rollup-cache';
import { outreachDashboardRouter } from './outreach/outreach-dashboard-routes';
import { orderEventRouter } from './outreach/order-event-routes';
import { outreachOptOutRouter } from './outreach/outreach-opt-out-routes';
import { outreachRulesRouter } from './outreach/outreach-rules-routes';
import type { RecordedOrderEvent } from './outreach/record-order-event';
import { monitorRouter } from './monitor/monitor-routes';
import type { MonitorService } from './monitor/monitor-service';
import { IMPORT_PATH, scriptImportBody, scriptRouter } from './scripts/script-routes';
import { createScriptStore, type ScriptStore } from './scripts/script-store';
import { objectionPhrasesRouter } from './scripts/objection-phrases-routes';
import { outcomeRouter } from './outcomes/outcome-routes';
import type { OutcomeService } from './outcomes/outcome-service';
import { qualityRouter } from './quality/quality-routes';
import { worklistRouter } from './outreach/worklist-routes';
import type { OutreachDelivery } from './outreach/delivery-service';
import type { WorklistService } from './outreach/worklist-service';
import { reviewRouter } from './reviews/review-routes';
import { ruleMiningRouter } from './offers/rule-mining/rule-mining-routes';
import {
  createRuleMiningScheduler,
  type RuleMiningScheduler,
} from './offers/rule-mining/rule-mining-scheduler';

export interface AppDeps {
  config: Config;
  logger: Logger;
  metrics: Metrics;
  database: Database;
  redis: RedisState;
  tokens: SessionTokens;
  shopIdentitySecret: string;
  /** The shop backend's Bearer key for /api/shop (see auth/shop-api-key.ts). */
  shopApiKey: string;
  /** Called after the shop backend recorded an order or a refund. */
  onOrderRecorded?: (order: RecordedOrder) => void;
  /** Called after the shop backend's order event was stored (POST /api/shop/order-events). */
  onOrderEvent?: (recorded: RecordedOrderEvent) => void;
  limiters: { login: RateLimiterAbstract; visitorSession: RateLimiterAbstract };
  /** Customer profiles beside chats; built lazily on the first request when not given. */
  profiles?: ProfileService;
  /** Called after a supervisor creates, changes or deletes a bundle. */
  onBundlesChanged?: () => void;
  /** Cross-sell rule mining; without one, rules are mined on demand only (nothing scheduled). */
  ruleMining?: RuleMiningScheduler;
  /** The script library; without one, it is loaded from the database on first use. */
  scripts?: ScriptStore;
  /** The dashboards' rollups in memory; without it every dashboard request reads the database. */
  rollups?: RollupCache;
  /** Closed chats' outcome records (GET/PATCH /api/outcomes/:id); no routes without one. */
  outcomes?: OutcomeService;
  /** The supervisors' live monitor (GET /api/monitor); needs the node's routing. */
  monitor?: MonitorService;
  /** The agents' outbound worklist and its delivery (/api/outreach/tasks); no routes without one. */
  outreach?: { worklist: WorklistService; delivery: OutreachDelivery };
}

export const clientDistDir = path.join(projectRoot, 'client', 'dist');

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: { 'img-src': ["'self'", 'data:'], 'connect-src': ["'self'", 'ws:', 'wss:'] },
      },
    }),
  );
  app.use(deps.metrics.middleware);
  // A library import is larger than the 64 kB every other body gets: editors only.
  app.use(IMPORT_PATH, ...scriptImportBody(deps.tokens));
  app.use(express.json({ limit: '64kb' }));
  app.use(cookieParser());
  // Shops that embed /widget.js on their own site start visitor sessions from there.
  app.use('/api/visitor', cors({ origin: deps.config.publicOrigins, methods: ['POST'] }));
  app.use('/api/products', cors({ origin: deps.config.publicOrigins, methods: ['GET'] }));

  app.use(healthRouter({ ...deps, version: deps.config.version }));
  app.use(
    authRouter({
      tokens: deps.tokens,
      shopIdentitySecret: deps.shopIdentitySecret,
      secureCookies: deps.config.env === 'production',
      loginLimiter: deps.limiters.login,
      visitorLimiter: deps.limiters.visitorSession,
    }),
  );
  app.use(staffAdminRouter(deps.tokens));
  app.use(catalogRouter());
  app.use(
    orderIntakeRouter({
      apiKey: deps.shopApiKey,
      onOrderRecorded: deps.onOrderRecorded,
      logger: deps.logger,
    }),
  );
  app.use(bundleRouter({ tokens: deps.tokens, onBundlesChanged: deps.onBundlesChanged }));
  app.use(dashboardRouter({ tokens: deps.tokens, rollups: deps.rollups }));
  app.use(outreachDashboardRouter({ tokens: deps.tokens }));
  app.use(
    scriptRouter({
      tokens: deps.tokens,
      store: deps.scripts ?? createScriptStore({ logger: deps.logger }),
    }),
  );
  const profiles = deps.profiles ?? createProfileService({ logger: deps.logger });
  app.use(profileRouter({ tokens: deps.tokens, profiles }));
  app.use(
    orderEventRouter({
      apiKey: deps.shopApiKey,
      onOrderEvent: deps.onOrderEvent,
      logger: deps.logger,
    }),
  );
  app.use(outreachOptOutRouter({ tokens: deps.tokens, apiKey: deps.shopApiKey }));
  app.use(
    outreachRulesRouter({
      tokens: deps.tokens,
      segmentOf: (customerId) => profiles.segmentOf(customerId),
    }),
  );
  app.use(objectionPhrasesRouter({ tokens: deps.tokens }));
  if (deps.outcomes) app.use(outcomeRouter({ tokens: deps.tokens, outcomes: deps.outcomes }));
  app.use(qualityRouter({ tokens: deps.tokens }));
  app.use(reviewRouter({ tokens: deps.tokens }));
  if (deps.monitor) app.use(monitorRouter({ tokens: deps.tokens, monitor: deps.monitor }));
  if (deps.outreach) app.use(worklistRouter({ tokens: deps.tokens, ...deps.outreach }));
  app.use(
    demoShopRouter({
      enabled: deps.config.env !== 'production',
      shopIdentitySecret: deps.shopIdentitySecret,
      profiles,
    }),
  );
  app.use(
    ruleMiningRouter({
      tokens: deps.tokens,
      scheduler:
        deps.ruleMining ??
        createRuleMiningScheduler({
          intervalMs: deps.config.ruleMiningIntervalMinutes * 60_000,
          logger: deps.logger,
        }),
    }),
  );
  app.use('/api', apiNotFound);
  app.use(clientAssetsRouter(clientDistDir));
  app.use(errorHandler(deps.logger, deps.metrics));
  return app;
}
