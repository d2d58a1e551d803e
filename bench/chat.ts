/**
 * `npm run bench:chat -- --pairs 200 --messages 50`
 *
 * Measures, with the same shopper/agent pairs and the same message schedule, from a separate
 * load process (bench/chat-load.ts):
 *   relay — a bare Socket.IO relay (bench/relay-server.ts: no auth, no database, no Redis);
 *   chat  — the full product (server/main.ts with its own Redis and FerretDB: auth, validation,
 *           rate limits, routing, durable write, ack, fan-out through the Redis adapter).
 * Prints exactly one JSON object on stdout; progress and details go to stderr.
 * See bench/README.md.
 */
import { fork, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import argon2 from 'argon2';
import { MongoClient } from 'mongodb';
import { projectRoot } from '../server/config';
import { launcherBinary, startTestDatabase, type TestDatabase } from '../test/helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../test/helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../test/helpers/server-process';
import { waitFor } from '../test/helpers/wait';
import {
  log,
  round,
  sleep,
  type Direction,
  type LoadConfig,
  type LoadMessage,
  type LoadResult,
  type RelayMessage,
  type Scenario,
} from './chat-shared';
import { summariseProfile } from './cpu-profile';

const benchDir = path.join(projectRoot, 'bench');

const { values: args } = parseArgs({
  args: process.argv.slice(2),
  options: {
    pairs: { type: 'string', default: '200' },
    messages: { type: 'string' },
    /** 1,000 concurrent chats held: shorthand for --pairs N with a hold and a check round. */
    concurrent: { type: 'string' },
    agents: { type: 'string', default: '20' },
    capacity: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2' },
    direction: { type: 'string', default: 'alternate' },
    hold: { type: 'string' },
    only: { type: 'string' },
    profile: { type: 'boolean', default: false },
    'details-file': { type: 'string' },
    check: { type: 'boolean', default: false },
    'ack-timeout': { type: 'string', default: '30000' },
    'drain-timeout': { type: 'string', default: '15000' },
    'setup-concurrency': { type: 'string', default: '50' },
  },
  strict: true,
});

const int = (name: string, value: string | undefined, min: number, max: number): number => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${name} must be an integer from ${min} to ${max} (got ${value})`);
  return n;
};

const concurrent = args.concurrent !== undefined;
const pairs = int('pairs', args.concurrent ?? args.pairs, 1, 20_000);
const messages = int('messages', args.messages ?? (concurrent ? '4' : '50'), 1, 10_000);
const agentCount = int('agents', args.agents, 1, 1000);
const capacity = int('capacity', args.capacity, 1, 50);
const warmup = int('warmup', args.warmup, 0, 100);
const holdSeconds = int('hold', args.hold ?? (concurrent ? '30' : '0'), 0, 3600);
const direction = args.direction as Direction;
if (direction !== 'alternate' && direction !== 'shopper')
  throw new Error('--direction must be alternate or shopper');
const only = args.only as Scenario | undefined;
if (only !== undefined && only !== 'relay' && only !== 'chat')
  throw new Error('--only must be relay or chat');
const runs: Scenario[] = only ? [only] : ['relay', 'chat'];
if (runs.includes('chat') && agentCount * capacity < pairs)
  throw new Error(`${agentCount} agents × capacity ${capacity} cannot hold ${pairs} chats`);

// ---------------------------------------------------------------------------------------------
// Processes we start, stopped in reverse order whatever happens.

const cleanups: Array<() => Promise<unknown>> = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length) {
      const fn = cleanups.pop()!;
      await fn().catch((err: unknown) => log(`cleanup: ${String(err)}`));
    }
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping everything`);
    void cleanup().then(() => process.exit(130));
  });
}

function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

// ---------------------------------------------------------------------------------------------
// CPU accounting from /proc: how busy each process was during the measured phase.

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

function cpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields after the name start at 3 (state); utime and stime are fields 14 and 15.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return null;
  }
}

/** Our own child processes by name (redis-server, embedded-mongo), to watch their CPU. */
function childProcesses(): Map<string, number> {
  const found = new Map<string, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === process.pid && (name === 'redis-server' || name === 'embedded-mongo'))
        found.set(name === 'redis-server' ? 'redis' : 'ferretdb', Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

interface CpuWindow {
  wallSeconds: number;
  /** Per process: share of one core used during the measured phase, in percent. */
  percentOfCore: Record<string, number>;
}

// ---------------------------------------------------------------------------------------------
// Servers

async function startRelay(): Promise<{ url: string; pid: number }> {
  const child = fork(path.join(benchDir, 'relay-server.ts'), [], {
    cwd: projectRoot,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  cleanups.push(() => killChild(child));
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: RelayMessage) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`relay server exited (${code})`)));
  });
  return { url: `http://127.0.0.1:${port}`, pid: child.pid ?? -1 };
}

const AGENT_PASSWORD = 'bench-agent-password';

async function createAgents(uri: string): Promise<LoadConfig['agents']> {
  const passwordHash = await argon2.hash(AGENT_PASSWORD);
  const now = new Date();
  const accounts = Array.from({ length: agentCount }, (_, i) => ({
    username: `bench-agent-${String(i + 1).padStart(3, '0')}`,
    displayName: `Bench agent ${i + 1}`,
    role: 'agent',
    passwordHash,
    skills: ['zh-CN'],
    maxConcurrentChats: capacity,
    active: true,
    createdAt: now,
    updatedAt: now,
  }));
  const client = new MongoClient(uri);
  try {
    await client.connect();
    await client.db().collection('staff_accounts').insertMany(accounts);
  } finally {
    await client.close();
  }
  return accounts.map((a) => ({ username: a.username, password: AGENT_PASSWORD }));
}

async function databaseCounts(uri: string) {
  const client = new MongoClient(uri);
  try {
    await client.connect();
    const db = client.db();
    const stored = await db.collection('messages').countDocuments();
    const byStatus = await db
      .collection('conversations')
      .aggregate<{ _id: string; n: number }>([{ $group: { _id: '$status', n: { $sum: 1 } } }])
      .toArray();
    // The conversation summary (lastSeq, status) is updated after each message, unawaited.
    const perConversation = await db
      .collection('messages')
      .aggregate<{ _id: string; n: number }>([
        { $group: { _id: '$conversationId', n: { $sum: 1 } } },
      ])
      .toArray();
    const counted = new Map(perConversation.map((c) => [c._id, c.n]));
    const summaries = await db
      .collection<{ _id: string; lastSeq?: number }>('conversations')
      .find({}, { projection: { lastSeq: 1 } })
      .toArray();
    const staleSummaries = summaries.filter((c) => (c.lastSeq ?? 0) !== (counted.get(c._id) ?? 0));
    return {
      stored,
      conversations: Object.fromEntries(byStatus.map((s) => [s._id, s.n])),
      staleSummaries: staleSummaries.length,
    };
  } finally {
    await client.close();
  }
}

async function startProduct(profileDir: string | undefined) {
  log('building the embedded FerretDB launcher (no-op when up to date)');
  const build = spawnSync('go', ['build', '-o', launcherBinary, '.'], {
    cwd: path.join(projectRoot, 'server', 'embedded-mongo'),
    encoding: 'utf8',
  });
  if (build.status !== 0)
    throw new Error(`cannot build the FerretDB launcher: ${build.stderr || build.error?.message}`);

  const redis: TestRedis = await startTestRedis();
  cleanups.push(() => redis.stop());
  const db: TestDatabase = await startTestDatabase();
  cleanups.push(() => db.remove());
  const agents = await createAgents(db.uri);
  log(`redis ${redis.url}, FerretDB ${db.uri}, ${agents.length} agents × capacity ${capacity}`);

  const server: ServerProcess = await startServerProcess({
    env: {
      MONGODB_URI: db.uri,
      REDIS_URL: redis.url,
      SEED_ON_START: 'false',
      LOG_LEVEL: 'info',
      ...(profileDir
        ? {
            NODE_OPTIONS: `--import ${path.join(benchDir, 'profile-hook.mjs')}`,
            BENCH_PROFILE_DIR: profileDir,
          }
        : {}),
    },
  });
  cleanups.push(() => server.remove());
  log(`product server ${server.url} (pid ${server.pid})`);
  return { server, db, agents };
}

/** The server's warnings and errors, counted by message, with the first of each kind. */
function reportServerProblems(server: ServerProcess): void {
  const problems = server.logs.filter((l) => l.level >= 40);
  if (!problems.length) return;
  const byMsg = new Map<string, number>();
  for (const l of problems) {
    const key = `${l.msg}: ${String((l.err as { message?: string } | undefined)?.message ?? '').replace(/^(\[[^\]]*\] )+/, '')}`;
    if (!byMsg.has(key)) log(`server: ${JSON.stringify(l).slice(0, 1500)}`);
    byMsg.set(key, (byMsg.get(key) ?? 0) + 1);
  }
  log(`server warnings/errors: ${JSON.stringify(Object.fromEntries(byMsg))}`);
}

// ---------------------------------------------------------------------------------------------
// Load

async function runLoad(
  loadConfig: LoadConfig,
  watch: Map<string, number>,
  onPhase: (phase: 'measure-start' | 'measure-end') => void = () => undefined,
): Promise<{ result: LoadResult; cpu: CpuWindow }> {
  const child = fork(path.join(benchDir, 'chat-load.ts'), [JSON.stringify(loadConfig)], {
    cwd: projectRoot,
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  cleanups.push(() => killChild(child));
  const pids = new Map(watch);
  pids.set('load', child.pid ?? -1);
  let startCpu = new Map<string, number>();
  let startWall = 0;
  let cpu: CpuWindow = { wallSeconds: 0, percentOfCore: {} };
  const sample = () =>
    new Map([...pids].map(([name, pid]) => [name, cpuSeconds(pid) ?? Number.NaN]));

  const result = await new Promise<LoadResult>((resolve, reject) => {
    child.on('message', (m: LoadMessage) => {
      if (m.type === 'phase' && m.phase === 'measure-start') {
        startCpu = sample();
        startWall = performance.now();
        onPhase(m.phase);
      } else if (m.type === 'phase' && m.phase === 'measure-end') {
        onPhase(m.phase);
        const wallSeconds = (performance.now() - startWall) / 1000;
        const end = sample();
        cpu = {
          wallSeconds: round(wallSeconds, 2),
          percentOfCore: Object.fromEntries(
            [...end].map(([name, s]) => [
              name,
              round((100 * (s - (startCpu.get(name) ?? Number.NaN))) / wallSeconds, 0),
            ]),
          ),
        };
      } else if (m.type === 'result') resolve(m.result);
      else if (m.type === 'error') reject(new Error(`load process: ${m.message}`));
    });
    child.once('exit', (code) => reject(new Error(`load process exited (${code})`)));
  });
  return { result, cpu };
}

function loadConfigFor(scenario: Scenario, url: string, agents: LoadConfig['agents']): LoadConfig {
  return {
    scenario,
    url,
    pairs,
    messages,
    warmup,
    direction,
    agents,
    ackTimeoutMs: int('ack-timeout', args['ack-timeout'], 100, 600_000),
    drainTimeoutMs: int('drain-timeout', args['drain-timeout'], 100, 600_000),
    holdSeconds: scenario === 'chat' ? holdSeconds : 0,
    setupConcurrency: int('setup-concurrency', args['setup-concurrency'], 1, 10_000),
  };
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  log(
    `pairs ${pairs}, messages ${messages} per pair (+${warmup} warm-up), direction ${direction}, ` +
      `${agentCount} agent sockets, ${os.cpus().length} CPUs, Node ${process.version}`,
  );
  const details: Record<string, unknown> = {
    pairs,
    messages,
    warmup,
    direction,
    agentCount,
    capacity,
    cpus: os.cpus().length,
    loadAverageAtStart: os.loadavg().map((l) => round(l, 2)),
  };
  const results: Partial<Record<Scenario, LoadResult>> = {};

  if (runs.includes('relay')) {
    const relay = await startRelay();
    log(`relay server ${relay.url} (pid ${relay.pid})`);
    // Same number of agent sockets as the product run, without accounts.
    const agents = Array.from({ length: agentCount }, (_, i) => ({
      username: `relay-agent-${i}`,
      password: '',
    }));
    const run = await runLoad(
      loadConfigFor('relay', relay.url, agents),
      new Map([['relay server', relay.pid]]),
    );
    results.relay = run.result;
    details.relay = { ...run.result, cpu: run.cpu };
    await cleanups.pop()?.(); // the relay's load process (already gone)
    await cleanups.pop()?.(); // the relay server: idle from here on, stop it anyway
  }

  if (runs.includes('chat')) {
    const profileDir = args.profile
      ? mkdtempSync(path.join(os.tmpdir(), 'scriptdesk-bench-profile-'))
      : undefined;
    const { server, db, agents } = await startProduct(profileDir);
    const watch = new Map([['server', server.pid], ...childProcesses()]);
    // With --profile, the server's profiler runs exactly over the measured phase.
    const run = await runLoad(loadConfigFor('chat', server.url, agents), watch, () => {
      if (profileDir) process.kill(server.pid, 'SIGUSR2');
    }).finally(() => reportServerProblems(server));
    results.chat = run.result;
    const counts = await databaseCounts(db.uri);
    details.chat = { ...run.result, cpu: run.cpu, database: counts };
    log(
      `database: ${counts.stored} messages stored for ${run.result.acked} acknowledged; conversations ${JSON.stringify(counts.conversations)}, ${counts.staleSummaries} with a lastSeq that is not their message count`,
    );
    // Every acknowledged message must be stored; one whose ack timed out may be stored too.
    if (
      counts.stored < run.result.acked ||
      counts.stored > run.result.acked + run.result.ackTimeouts
    )
      log('WARNING: the stored messages do not match the acknowledged ones');
    if (profileDir) {
      const file = path.join(profileDir, `server-${server.pid}.cpuprofile`);
      await waitFor(() => existsSync(file), { timeoutMs: 30_000, what: 'the CPU profile' });
      await sleep(200); // written in one call, but let it finish
      log(`server CPU profile (${file}):\n${summariseProfile(file, projectRoot)}`);
    }
  }

  details.loadAverageAtEnd = os.loadavg().map((l) => round(l, 2));
  log(
    `load average at start ${JSON.stringify(details.loadAverageAtStart)}, at end ${JSON.stringify(details.loadAverageAtEnd)} (other work on this machine skews the figures)`,
  );
  for (const [name, d] of Object.entries(details))
    if (typeof d === 'object') log(`${name} details: ${JSON.stringify(d)}`);

  const relay = results.relay;
  const chat = results.chat;
  const output = {
    pairs,
    messages,
    relay: relay
      ? { msgPerSec: relay.msgPerSec, p50Ms: relay.latency.p50Ms, p99Ms: relay.latency.p99Ms }
      : null,
    chat: chat
      ? {
          msgPerSec: chat.msgPerSec,
          p50Ms: chat.latency.p50Ms,
          p99Ms: chat.latency.p99Ms,
          lost: chat.lost,
          duplicated: chat.duplicated,
          ...(concurrent ? { held: chat.held } : {}),
        }
      : null,
    ratio: relay && chat && relay.msgPerSec > 0 ? round(chat.msgPerSec / relay.msgPerSec, 3) : null,
    ...(concurrent ? { holdSeconds } : {}),
  };

  const verdicts: string[] = [];
  let met = true;
  if (relay && chat) {
    const ratioOk = chat.msgPerSec >= 0.5 * relay.msgPerSec;
    const p99Ok = chat.latency.p99Ms <= 2 * relay.latency.p99Ms;
    met &&= ratioOk && p99Ok;
    verdicts.push(`ratio ${output.ratio} ${ratioOk ? '≥' : '<'} 0.5`);
    verdicts.push(
      `chat p99 ${chat.latency.p99Ms} ms ${p99Ok ? '≤' : '>'} 2 × relay p99 (${round(2 * relay.latency.p99Ms)} ms)`,
    );
  }
  if (chat) {
    const clean = chat.lost === 0 && chat.duplicated === 0 && chat.misrouted === 0;
    met &&= clean;
    verdicts.push(`lost ${chat.lost}, duplicated ${chat.duplicated}, misrouted ${chat.misrouted}`);
    if (chat.held !== null) {
      met &&= chat.held === pairs;
      verdicts.push(`${chat.held}/${pairs} chats held through ${holdSeconds} s`);
    }
  }
  log(`${met ? 'targets met' : 'targets NOT met'}: ${verdicts.join('; ')}`);

  if (args['details-file'])
    writeFileSync(args['details-file'], JSON.stringify({ output, details }, null, 2));
  process.stdout.write(`${JSON.stringify(output)}\n`);
  if (args.check && !met) process.exitCode = 1;
}

main()
  .catch((error: unknown) => {
    log(`failed: ${(error as Error).stack ?? String(error)}`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await cleanup();
    // Nothing of ours may keep running; exit even if a handle is left open.
    process.exit();
  });
