/**
 * `npm run --silent bench:profile [-- --customers 10000 --orders 100000 --requests 2000]`
 *
 * Latency of the console's profile column: `GET /api/conversations/:id/profile` (customer,
 * RFM, value class, last orders and ranked offers) on the seeded demo shop, measured one request
 * at a time against chats of random signed-in customers. Baseline in the same run, interleaved
 * request by request: `GET /healthz`, the cheapest request through the same server and database.
 * Prints one JSON line: {"customers","orders","requests","profile":{p50Ms…},"baseline":{…},
 * "target":{"p95Ms":20,"met":…}}. Progress goes to stderr.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'hdr-histogram-js';
import { MongoClient } from 'mongodb';
import { signShopCustomer } from '../server/auth/shop-identity';
import { projectRoot } from '../server/config';
import type { ConversationView } from '../shared/schemas/conversation';
import {
  connectVisitor,
  loginStaff,
  request,
  type ClientSocket,
} from '../test/helpers/chat-clients';
import { launcherBinary, startTestDatabase } from '../test/helpers/ferretdb';
import { startTestRedis } from '../test/helpers/redis-server';
import { startServerProcess } from '../test/helpers/server-process';
import { waitFor } from '../test/helpers/wait';

const { values: args } = parseArgs({
  options: {
    customers: { type: 'string', default: '10000' },
    orders: { type: 'string', default: '100000' },
    requests: { type: 'string', default: '2000' },
    chats: { type: 'string', default: '200' },
  },
  strict: false,
});
const customers = Number(args.customers);
const orders = Number(args.orders);
const requests = Number(args.requests);
const chats = Number(args.chats);
const TARGET_P95_MS = 20;
const SHOP_SECRET = 'bench-profile-shop-identity-secret-0123456789';

const log = (line: string) => process.stderr.write(`[bench:profile] ${line}\n`);
const cleanups: Array<() => Promise<unknown>> = [];

async function main() {
  const built = spawnSync('go', ['build', '-o', launcherBinary, '.'], {
    cwd: path.join(projectRoot, 'server', 'embedded-mongo'),
    encoding: 'utf8',
  });
  if (built.status !== 0) throw new Error(`cannot build the FerretDB launcher: ${built.stderr}`);
  const [db, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  cleanups.push(
    () => db.remove(),
    () => redis.stop(),
  );

  log(`seeding ${customers} customers / ${orders} orders and building the statistics…`);
  const started = Date.now();
  const server = await startServerProcess({
    env: {
      MONGODB_URI: db.uri,
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: String(customers),
      DEMO_ORDERS: String(orders),
      SHOP_IDENTITY_SECRET: SHOP_SECRET,
      LOG_LEVEL: 'info',
    },
  });
  cleanups.push(() => server.remove());
  await waitFor(() => server.logs.find((l) => l.msg === 'customer profile statistics ready'), {
    timeoutMs: 600_000,
    intervalMs: 500,
    what: 'the profile statistics',
  });
  log(`ready after ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // Chats of random signed-in customers, each from a product page, as agents see them.
  const mongo = new MongoClient(db.uri);
  await mongo.connect();
  const sample = await mongo
    .db()
    .collection<{ customerId: string }>('customers')
    .aggregate<{ customerId: string }>([{ $sample: { size: chats } }])
    .toArray()
    .catch(async () =>
      // FerretDB v1 has no $sample: every n-th customer instead.
      (
        await mongo
          .db()
          .collection<{ customerId: string }>('customers')
          .find({}, { projection: { customerId: 1 } })
          .toArray()
      ).filter((_, i, all) => i % Math.max(1, Math.floor(all.length / chats)) === 0),
    );
  const skus = (await mongo.db().collection<{ sku: string }>('products').find({}).toArray()).map(
    (p) => p.sku,
  );
  await mongo.close();

  const conversationIds: string[] = [];
  const sockets: ClientSocket[] = [];
  cleanups.push(async () => sockets.forEach((s) => s.close()));
  for (const [i, { customerId }] of sample.slice(0, chats).entries()) {
    const res = await fetch(`${server.url}/api/visitor/session`, {
      method: 'POST',
      // As if each shopper came through the proxy from their own address: sessions are rate
      // limited per address (30 a minute), and the server trusts X-Forwarded-For from loopback.
      headers: {
        'content-type': 'application/json',
        'x-forwarded-for': `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`,
      },
      body: JSON.stringify({ shopCustomerToken: signShopCustomer(SHOP_SECRET, customerId) }),
    });
    const { visitorToken } = (await res.json()) as { visitorToken: string };
    const socket = await connectVisitor(server.url, visitorToken);
    sockets.push(socket);
    const opened = await request<{ conversation: ConversationView }>(socket, 'conversation:open', {
      locale: i % 2 ? 'en' : 'zh-CN',
      context: { sku: skus[i % skus.length] },
    });
    if (!opened.ok) throw new Error(`open failed: ${JSON.stringify(opened.error)}`);
    conversationIds.push(opened.data.conversation.id);
  }
  log(`${conversationIds.length} chats open`);

  const cookie = await loginStaff(server.url, 'supervisor1');
  const profileHistogram = build();
  const baselineHistogram = build();
  const timed = async (url: string, headers: Record<string, string>) => {
    const t0 = performance.now();
    const res = await fetch(url, { headers });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${url}: ${res.status}`);
    return performance.now() - t0;
  };
  const warmup = Math.min(200, requests);
  for (let i = 0; i < warmup + requests; i++) {
    const id = conversationIds[i % conversationIds.length]!;
    const profileMs = await timed(`${server.url}/api/conversations/${id}/profile`, { cookie });
    const baselineMs = await timed(`${server.url}/healthz`, {});
    if (i < warmup) continue;
    profileHistogram.recordValue(Math.round(profileMs * 1000));
    baselineHistogram.recordValue(Math.round(baselineMs * 1000));
    if ((i - warmup + 1) % 500 === 0) log(`${i - warmup + 1}/${requests} requests`);
  }

  const summary = (h: ReturnType<typeof build>) => ({
    p50Ms: h.getValueAtPercentile(50) / 1000,
    p95Ms: h.getValueAtPercentile(95) / 1000,
    p99Ms: h.getValueAtPercentile(99) / 1000,
    maxMs: h.maxValue / 1000,
  });
  const profile = summary(profileHistogram);
  const result = {
    customers,
    orders,
    chats: conversationIds.length,
    requests,
    profile,
    baseline: { endpoint: 'GET /healthz', ...summary(baselineHistogram) },
    target: { p95Ms: TARGET_P95_MS, met: profile.p95Ms <= TARGET_P95_MS },
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

try {
  await main();
} catch (error) {
  log(`failed: ${(error as Error).stack ?? String(error)}`);
  process.exitCode = 1;
} finally {
  for (const fn of cleanups.reverse()) await fn().catch(() => undefined);
}
