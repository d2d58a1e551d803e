import { createServer, type Server as HttpServer } from 'node:http';
import { createApp } from './app';
import { loadSecrets } from './auth/secrets';
import { loadShopApiKey } from './auth/shop-api-key';
import { createSessionTokens } from './auth/session-tokens';
import { StaffAccount } from './auth/staff-account-model';
import type { Config } from './config';
import { createAssignment } from './conversations/assignment';
import { registerConversationHandlers } from './conversations/conversation-handlers';
import { registerOfferHandlers } from './offers/offer-handlers';
import { createConversationService } from './conversations/conversation-service';
import { createMessageStore } from './conversations/message-store';
import { createProfileService } from './customers/profile/profile-service';
import { shopperForChat } from './customers/shopper-identity';
import { createKeyValueStore } from './infra/key-value';
import type { Logger } from './infra/logger';
import { createMetrics } from './infra/metrics';
import type { Database } from './infra/mongo';
import { consume, createRateLimiter } from './infra/rate-limits';
import type { RedisState } from './infra/redis';
import {
  createRedisMiningLock,
  createRuleMiningScheduler,
} from './offers/rule-mining/rule-mining-scheduler';
import { registerAgentPresence } from './realtime/agent-presence';
import { registerMonitorHandlers } from './monitor/monitor-handlers';
import { createMonitorNotifier } from './monitor/monitor-notifier';
import { createMonitorService } from './monitor/monitor-service';
import { createScriptStore } from './scripts/script-store';
import { readObjectionPhrases } from './scripts/objection-phrases-file';
import { compileObjectionDetector, detectObjections } from '../shared/domain/objections';
import { createOutcomeService } from './outcomes/outcome-service';
import { attributeOrderEvent, attributeRecordedOrder } from './outreach/attribution';
import { registerOutcomeHandlers } from './outcomes/outcome-handlers';
import { applyOutcomeChange } from './outcomes/outcome-rollups';
import { createValueRouting } from './outcomes/value-routing';
import { createRollupCache } from './outcomes/rollup-cache';
import { evaluateClosedConversation } from './quality/evaluate-closed-conversation';
import { createSocketServer, type ChatServer } from './realtime/socket-server';
import { createOutreachDelivery } from './outreach/delivery-service';
import { createOutreachWebhook } from './outreach/delivery-webhook';
import { createWorklistService } from './outreach/worklist-service';
import { createOutreachScheduler, OUTREACH_LOCK_KEY } from './outreach/outreach-scheduler';
import { createMemoryRouting } from './routing/memory-routing';
import { createRedisRouting } from './routing/redis-routing';
import { keepRoutingRebuilt } from './routing/routing-recovery';
import { loadRoutingState } from './conversations/routing-state';
import { actorKey, isStaff } from './realtime/actor';
import type { EventGate } from './realtime/socket-handler';

export interface RunningServer {
  http: HttpServer;
  io: ChatServer;
  close(): Promise<void>;
}

/** Builds every service of one node and binds HTTP and Socket.IO to `config.port`. */
export async function startServer(deps: {
  config: Config;
  logger: Logger;
  database: Database;
  redis: RedisState;
}): Promise<RunningServer> {
  const { config, logger, database, redis } = deps;
  const secrets = loadSecrets(config);
  const shopApiKey = loadShopApiKey(config);
  if (shopApiKey.file) {
    logger.info({ file: shopApiKey.file }, 'the shop API key for /api/shop is kept in this file');
  }
  const tokens = createSessionTokens({
    key: secrets.session,
    store: createKeyValueStore(redis),
    staffTtlMinutes: config.sessionTtlMinutes,
  });
  const metrics = createMetrics();
  const profiles = createProfileService({ logger });
  // The script library, in memory on every node; seeded from scripts-library/ on first start.
  const scripts = createScriptStore({ logger });
  const objectionDetector = compileObjectionDetector(readObjectionPhrases());
  const rollups = createRollupCache({ reloadMs: config.dashboardReloadMinutes * 60_000, logger });
  // Every closed chat's outcome record; the dashboards' rollups follow each change.
  const outcomes = createOutcomeService({
    segmentOf: (customerId) => profiles.segmentOf(customerId),
    objectionsOf: (text) => detectObjections(objectionDetector, text).categories,
    attributionWindowMs: config.attributionWindowHours * 3_600_000,
    evaluateQuality: (conversation, messages) =>
      evaluateClosedConversation(conversation._id, conversation.locale, {
        closedAt: conversation.closedAt ?? undefined,
        messages,
      }),
    onChange: applyOutcomeChange,
    logger,
  });
  // Cross-sell rules mined from the paid orders on a schedule, one node at a time (Redis lock).
  const ruleMining = createRuleMiningScheduler({
    intervalMs: config.ruleMiningIntervalMinutes * 60_000,
    logger,
    lock: redis.client ? createRedisMiningLock(redis.client) : null,
  });
  // New rules reach the offers with a rebuilt snapshot. After a start-up run it is left be: the
  // snapshot built at start mined the same orders itself, or takes the rules at its next
  // 15-minute rebuild, rather than scanning every order a third time while the node starts.
  ruleMining.onRulesStored((run) => {
    if (run.trigger === 'startup') return;
    profiles.refresh();
  });
  // Outreach tasks planned from the shop's order events by the rules, one node at a time.
  const outreachScheduler = createOutreachScheduler({
    intervalMs: config.outreachIntervalSeconds * 1000,
    logger,
    segmentOf: (customerId) => profiles.segmentOf(customerId),
    lock: redis.client ? createRedisMiningLock(redis.client, OUTREACH_LOCK_KEY) : null,
  });
  const limiters = {
    login: createRateLimiter(redis, {
      keyPrefix: 'login',
      points: 5,
      durationSeconds: 60,
      blockSeconds: 60,
    }),
    visitorSession: createRateLimiter(redis, {
      keyPrefix: 'visitor',
      points: 30,
      durationSeconds: 60,
    }),
    // A shopper types a few messages a minute; an agent serves up to 50 chats at once.
    visitorEvents: createRateLimiter(redis, {
      keyPrefix: 'ev-visitor',
      points: 40,
      durationSeconds: 10,
    }),
    addressEvents: createRateLimiter(redis, {
      keyPrefix: 'ev-address',
      points: 400,
      durationSeconds: 10,
    }),
    staffEvents: createRateLimiter(redis, {
      keyPrefix: 'ev-staff',
      points: 600,
      durationSeconds: 10,
    }),
  };
  const eventGate: EventGate = async (actor, address) =>
    isStaff(actor)
      ? consume(limiters.staffEvents, actorKey(actor))
      : (await consume(limiters.visitorEvents, actorKey(actor))) &&
        consume(limiters.addressEvents, address);

  const routing = redis.client ? createRedisRouting(redis.client) : createMemoryRouting();
  // The outbound worklist; its delivery needs the chat server, attached once that exists.
  const outreachWorklist = createWorklistService({ profiles });
  const outreachDelivery = createOutreachDelivery({
    worklist: outreachWorklist,
    webhook: createOutreachWebhook({
      url: config.outreachWebhookUrl,
      secret: config.outreachWebhookSecret,
      logger,
    }),
    logger,
    scriptVersionExists: scripts.versionExists,
  });
  // Express must be the server's request listener before Socket.IO attaches: Socket.IO then
  // answers its own long-polling requests and hands every other request to Express. (A second
  // 'request' listener would answer polling requests twice and crash the process.)
  const http = createServer(
    createApp({
      config,
      logger,
      metrics,
      database,
      redis,
      tokens,
      shopIdentitySecret: secrets.shopIdentity,
      shopApiKey: shopApiKey.key,
      limiters,
      profiles,
      ruleMining,
      scripts,
      // Offers use a changed bundle at once (a node rebuilds its own statistics; others within
      // their 15-minute rebuild).
      onBundlesChanged: () => profiles.refresh(),
      onOrderRecorded: (order) => {
        profiles.noteOrder(order);
        outcomes
          .noteOrder(order)
          .catch((err: unknown) =>
            logger.warn({ err, orderId: order.orderId }, 'order not linked'),
          );
        // A payment or a new order after outreach is credited to it (outreach/attribution.ts).
        attributeRecordedOrder(order).catch((err: unknown) =>
          logger.warn({ err, orderId: order.orderId }, 'order not attributed to outreach'),
        );
      },
      outcomes,
      rollups,
      monitor: createMonitorService({ routing }),
      outreach: { worklist: outreachWorklist, delivery: outreachDelivery },
      onOrderEvent: (recorded) => {
        // The rules plan from it at once (outreach/outreach-scheduler.ts).
        outreachScheduler.noteOrderEvent();
        // A 'paid' event is credited to the reminder for that order, if any (outreach/attribution.ts).
        attributeOrderEvent(recorded.event, recorded.order).catch((err: unknown) =>
          logger.warn({ err, orderId: recorded.event.orderId }, 'order not attributed to outreach'),
        );
      },
    }),
  );
  const io = createSocketServer(http, {
    tokens,
    redis,
    logger,
    publicOrigins: config.publicOrigins,
  });
  const monitorNotifier = createMonitorNotifier(io);

  const conversations = createConversationService({
    reopenWindowMs: config.reopenWindowMinutes * 60_000,
    onSummaryError: (err) => logger.warn({ err }, 'conversation summary not updated'),
  });
  const messages = createMessageStore({
    onBatch: (size, ms) =>
      metrics.messageBatches.observe({ size: String(Math.min(size, 100)) }, ms / 1000),
  });
  const staffName = async (username: string) =>
    (await StaffAccount.findOne({ username }, { displayName: 1 }).lean())?.displayName ?? username;
  const assignment = createAssignment({
    io,
    routing,
    conversations,
    logger,
    strategy: config.routingStrategy,
    agentName: staffName,
    onChanged: monitorNotifier.changed,
    preferredAgent: createValueRouting({
      routing,
      segmentOf: (customerId) => profiles.segmentOf(customerId),
      logger,
      rollups,
    }),
  });

  outreachDelivery.attach({ io, messages, conversations, assignment });

  const agentProfile = async (username: string) => {
    const account = await StaffAccount.findOne({ username, active: true }).lean();
    return account ? { skills: account.skills ?? [], capacity: account.maxConcurrentChats } : null;
  };

  io.on('connection', (socket) => {
    registerConversationHandlers(socket, {
      io,
      logger,
      conversations,
      messages,
      eventGate,
      onQueued: assignment.enqueue,
      onClaim: assignment.claim,
      onClosed: assignment.closed,
      onTransfer: assignment.transfer,
      shopperProfile: shopperForChat,
      scriptVersionExists: scripts.versionExists,
      recordOutcome: (conversation, details) => outcomes.recordClose(conversation, details),
      beforeOpen: outreachDelivery.adoptPending,
    });
    registerOutcomeHandlers(socket, { logger, conversations, outcomes, eventGate });
    registerOfferHandlers(socket, { io, logger, conversations, messages, eventGate });
    registerMonitorHandlers(socket, {
      io,
      logger,
      eventGate,
      conversations,
      messages,
      assignment,
      routing,
    });
    registerAgentPresence(socket, {
      io,
      routing,
      assignment,
      logger,
      eventGate,
      graceMs: config.agentGraceSeconds * 1000,
      agentProfile,
      onChanged: monitorNotifier.changed,
    }).catch((err: unknown) => logger.warn({ err }, 'agent presence not registered'));
  });
  // After Redis lost its data, the routing state is rebuilt from MongoDB and each node
  // re-announces the agents connected to it.
  const stopRecovery = redis.client
    ? keepRoutingRebuilt(redis.client, routing, {
        loadState: () => loadRoutingState(StaffAccount),
        afterRestored: async () => {
          for (const socket of await io.local.fetchSockets()) {
            const actor = socket.data.actor;
            if (!isStaff(actor) || actor.role !== 'agent') continue;
            const profile = await agentProfile(actor.username);
            if (profile)
              await routing.setAgent({ agentId: actor.username, ...profile, status: 'online' });
          }
          await assignment.drain();
        },
        onError: (err) => logger.warn({ err }, 'routing state not restored yet'),
      })
    : () => undefined;
  const graceTimer = setInterval(() => {
    assignment.expireGrace().catch((err: unknown) => logger.debug({ err }, 'grace expiry skipped'));
  }, 2000);

  await new Promise<void>((resolve) => http.listen(config.port, config.host, resolve));
  // Shop-wide RFM statistics and cross-sell rules, off the request path: a profile asked for
  // before they are ready waits for this same build.
  profiles
    .warm()
    .catch((err: unknown) => logger.warn({ err }, 'customer profile statistics not built'));
  ruleMining.start();
  outreachScheduler.start();
  scripts.start().catch((err: unknown) => logger.warn({ err }, 'script library not loaded'));

  return {
    http,
    io,
    async close() {
      clearInterval(graceTimer);
      monitorNotifier.stop();
      scripts.stop();
      rollups.stop();
      await ruleMining.stop();
      await outreachScheduler.stop();
      stopRecovery();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      http.closeAllConnections();
      await conversations.flushSummaries();
    },
  };
}
