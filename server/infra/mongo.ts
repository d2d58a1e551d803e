import mongoose, { type Connection } from 'mongoose';
import type { Config } from '../config';
import { startEmbeddedMongo, type EmbeddedMongo } from '../embedded-mongo/spawn';
import type { Logger } from './logger';

export type DatabaseKind = 'ferretdb-embedded' | 'external';

export interface Database {
  connection: Connection;
  kind: DatabaseKind;
  /** Answers within `timeoutMs` whether the database responds to `ping`. */
  ping(timeoutMs?: number): Promise<boolean>;
  stop(): Promise<void>;
}

// Queries built from user input must never smuggle operators such as `$ne` in.
mongoose.set('sanitizeFilter', true);
mongoose.set('strictQuery', true);
// Fail fast instead of queueing writes while disconnected: callers report a retryable error.
mongoose.set('bufferCommands', false);
// Indexes are created explicitly once connected (see createModelIndexes).
mongoose.set('autoIndex', false);

/**
 * Connects the default Mongoose connection. Without MONGODB_URI an embedded FerretDB is
 * built, started and stopped together with this process.
 */
export async function startDatabase(config: Config, logger: Logger): Promise<Database> {
  let embedded: EmbeddedMongo | undefined;
  let uri = config.mongodbUri;
  const kind: DatabaseKind = uri ? 'external' : 'ferretdb-embedded';
  if (!uri) {
    embedded = await startEmbeddedMongo({ dataDir: config.dataDir, logger });
    uri = embedded.uri;
  }

  try {
    await connectWithRetry(uri, logger);
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  logger.info({ kind }, 'database connected');
  await createModelIndexes(logger);

  const connection = mongoose.connection;
  return {
    connection,
    kind,
    ping: (timeoutMs = 1000) => pingDatabase(connection, timeoutMs),
    async stop() {
      await mongoose.disconnect();
      await embedded?.stop();
    },
  };
}

/**
 * Creates every registered model's indexes and waits for them. Mongoose's automatic index
 * build cannot run before the connection exists while command buffering is off, and the
 * unique indexes are part of the delivery guarantees, so they are made here, explicitly.
 */
export async function createModelIndexes(logger: Logger): Promise<void> {
  const started = Date.now();
  await Promise.all(Object.values(mongoose.models).map((model) => model.createIndexes()));
  logger.debug(
    { ms: Date.now() - started, models: Object.keys(mongoose.models).length },
    'indexes ready',
  );
}

async function connectWithRetry(uri: string, logger: Logger, attempts = 20): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await mongoose.connect(uri, { serverSelectionTimeoutMS: 5000 });
      await mongoose.connection.db?.admin().command({ ping: 1 });
      return;
    } catch (error) {
      if (attempt >= attempts) throw error;
      logger.debug({ attempt, err: error }, 'database not ready yet');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

async function pingDatabase(connection: Connection, timeoutMs: number): Promise<boolean> {
  const db = connection.db;
  if (!db || connection.readyState !== mongoose.ConnectionStates.connected) return false;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([
      db
        .admin()
        .command({ ping: 1 })
        .then(() => true)
        .catch(() => false),
      timeout,
    ]);
  } finally {
    clearTimeout(timer);
  }
}
