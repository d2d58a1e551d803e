import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://')
    .optional(),
  DATA_DIR: z.string().min(1).default('.data'),
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, 'must start with redis:// or rediss://')
    .default('redis://127.0.0.1:6379'),
  REDIS_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(2000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SEED_ON_START: booleanFlag.default(true),
  DEMO_CUSTOMERS: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
  DEMO_ORDERS: z.coerce.number().int().min(1).max(10_000_000).default(100_000),
  SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SHOP_IDENTITY_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  SHOP_API_KEY: z.string().min(32, 'must be at least 32 characters').optional(),
  SESSION_TTL_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(8 * 60),
  ROUTING_STRATEGY: z.enum(['least-busy', 'round-robin']).default('least-busy'),
  AGENT_GRACE_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  REOPEN_WINDOW_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(24 * 60),
  ATTRIBUTION_WINDOW_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 30)
    .default(24),
  RULE_MINING_INTERVAL_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24 * 60)
    .default(360),
  DASHBOARD_RELOAD_MINUTES: z.coerce.number().min(0.05).max(1440).default(10),
  OUTREACH_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(86_400).default(60),
  OUTREACH_WEBHOOK_URL: z.url({ protocol: /^https?$/ }).optional(),
  OUTREACH_WEBHOOK_SECRET: z.string().min(16, 'must be at least 16 characters').optional(),
  PUBLIC_ORIGINS: z
    .string()
    .default('')
    .transform((s) =>
      s
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean),
    ),
});

export type Config = {
  env: 'development' | 'production' | 'test';
  port: number;
  host: string;
  mongodbUri: string | undefined;
  dataDir: string;
  redisUrl: string;
  redisConnectTimeoutMs: number;
  logLevel: z.infer<typeof envSchema>['LOG_LEVEL'];
  seedOnStart: boolean;
  demoCustomers: number;
  demoOrders: number;
  publicOrigins: string[];
  /** Unset outside production: a random one is kept in DATA_DIR (see auth/secrets.ts). */
  sessionSecret: string | undefined;
  shopIdentitySecret: string | undefined;
  /** The shop backend's key for /api/shop; unset outside production: see auth/shop-api-key.ts. */
  shopApiKey: string | undefined;
  sessionTtlMinutes: number;
  routingStrategy: 'least-busy' | 'round-robin';
  agentGraceSeconds: number;
  reopenWindowMinutes: number;
  /** Cross-sell rules are mined again from the paid orders this often. */
  ruleMiningIntervalMinutes: number;
  /** Outreach tasks are planned from the order events this often (and right after each event). */
  outreachIntervalSeconds: number;
  /** An order paid this many hours after a chat closed counts as that chat's sale. */
  attributionWindowHours: number;
  /** How often a node reads the dashboards' rollups again (for other nodes' changes). */
  dashboardReloadMinutes: number;
  /** Every outreach sent is POSTed here (the shop's own SMS or marketplace messaging). */
  outreachWebhookUrl: string | undefined;
  /** Signs that POST (X-ScriptDesk-Signature: sha256=HMAC of the body). */
  outreachWebhookSecret: string | undefined;
  version: string;
};

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `${issue.path.join('.')}: ${issue.message}`)
      .join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}. See .env.example.`);
  }
  const e = parsed.data;
  if (e.NODE_ENV === 'production' && (!e.SESSION_SECRET || !e.SHOP_IDENTITY_SECRET)) {
    throw new ConfigError(
      'Invalid configuration: SESSION_SECRET and SHOP_IDENTITY_SECRET must be set in production (32+ random characters, the same on every node). See .env.example.',
    );
  }
  if (e.NODE_ENV === 'production' && !e.SHOP_API_KEY) {
    throw new ConfigError(
      'Invalid configuration: SHOP_API_KEY must be set in production (32+ random characters; the shop backend sends it as a Bearer token).',
    );
  }
  return {
    env: e.NODE_ENV,
    port: e.PORT,
    host: e.HOST,
    mongodbUri: e.MONGODB_URI,
    dataDir: path.resolve(projectRoot, e.DATA_DIR),
    redisUrl: e.REDIS_URL,
    redisConnectTimeoutMs: e.REDIS_CONNECT_TIMEOUT_MS,
    logLevel: e.LOG_LEVEL,
    seedOnStart: e.SEED_ON_START,
    demoCustomers: e.DEMO_CUSTOMERS,
    demoOrders: e.DEMO_ORDERS,
    publicOrigins: e.PUBLIC_ORIGINS,
    sessionSecret: e.SESSION_SECRET,
    shopIdentitySecret: e.SHOP_IDENTITY_SECRET,
    shopApiKey: e.SHOP_API_KEY,
    sessionTtlMinutes: e.SESSION_TTL_MINUTES,
    routingStrategy: e.ROUTING_STRATEGY,
    agentGraceSeconds: e.AGENT_GRACE_SECONDS,
    reopenWindowMinutes: e.REOPEN_WINDOW_MINUTES,
    ruleMiningIntervalMinutes: e.RULE_MINING_INTERVAL_MINUTES,
    outreachIntervalSeconds: e.OUTREACH_INTERVAL_SECONDS,
    attributionWindowHours: e.ATTRIBUTION_WINDOW_HOURS,
    dashboardReloadMinutes: e.DASHBOARD_RELOAD_MINUTES,
    outreachWebhookUrl: e.OUTREACH_WEBHOOK_URL,
    outreachWebhookSecret: e.OUTREACH_WEBHOOK_SECRET,
    version: packageVersion(),
  };
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
    version?: string;
  };
  return pkg.version ?? '0.0.0';
}
