import { ensureClientBuilt } from './cli/build-client';
import { ConfigError, loadConfig } from './config';
import { seedDemoShop } from './customers/demo-shop/seed-demo-shop';
import { EmbeddedMongoError } from './embedded-mongo/spawn';
import { createLogger } from './infra/logger';
import { startDatabase } from './infra/mongo';
import { connectRedis } from './infra/redis';
import { startServer, type RunningServer } from './start-server';

async function main(): Promise<void> {
  const config = loadConfig();
  const logger = createLogger(config);
  const startedAt = Date.now();

  if (config.env !== 'test') await ensureClientBuilt((line) => logger.info(line));
  const database = await startDatabase(config, logger);
  const redis = await connectRedis(config, logger);

  let server: RunningServer | undefined = undefined;
  let stopping = false;
  const shutdown = async (reason: string, exitCode: number) => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'shutting down');
    await server?.close().catch(() => undefined);
    await redis.stop();
    await database.stop();
    logger.info('stopped');
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void shutdown('SIGINT', 0));
  process.once('SIGTERM', () => void shutdown('SIGTERM', 0));
  // A promise some library forgot to handle (typically a Redis reconnect) must not take every
  // chat on this node down with it; it is logged loudly instead.
  process.on('unhandledRejection', (reason) => {
    logger.error({ err: reason }, 'unhandled promise rejection');
  });
  process.on('uncaughtException', (err) => {
    logger.fatal({ err }, 'uncaught exception');
    void shutdown('uncaughtException', 1);
  });

  if (config.seedOnStart) {
    let lastLogged = -1;
    const result = await seedDemoShop({
      customers: config.demoCustomers,
      orders: config.demoOrders,
      onProgress: ({ step, done, total }) => {
        const percent = total ? Math.floor((done / total) * 10) * 10 : 100;
        if (percent === lastLogged && done !== total) return;
        lastLogged = percent;
        logger.info({ step, done, total }, `seeding the demo shop: ${step} ${percent}%`);
      },
    });
    logger.info({ skipped: result.skipped, counts: result.counts }, 'demo shop ready');
  }

  server = await startServer({ config, logger, database, redis });
  const address = server.http.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  logger.info(
    {
      port,
      url: `http://localhost:${port}`,
      startupMs: Date.now() - startedAt,
      mongo: database.kind,
      redis: redis.mode,
    },
    'ScriptDesk is listening',
  );
}

main().catch((error: unknown) => {
  // Startup failures end with one line saying what to fix, not a stack trace.
  const known = error instanceof ConfigError || error instanceof EmbeddedMongoError;
  process.stderr.write(
    `ScriptDesk cannot start: ${known ? (error as Error).message : ((error as Error).stack ?? String(error))}\n`,
  );
  process.exit(1);
});
