import { randomUUID } from 'node:crypto';
import { connect as tcpConnect } from 'node:net';
import { Redis } from 'ioredis';
import { SignJWT, UnsecuredJWT, decodeJwt } from 'jose';
import { MongoClient } from 'mongodb';
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../shared/events';
import type { ConversationView } from '../../shared/schemas/conversation';
import {
  connectStaff,
  connectVisitor,
  loginStaff,
  request,
  type ClientSocket,
} from '../helpers/chat-clients';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import {
  FUZZ_EVENTS,
  authorizationProbes,
  badPayloads,
  eventSchemas,
  fc,
  forgedToken,
  isValidFor,
  payloadBytes,
  preview,
  sneakyString,
  toWire,
  type FuzzCase,
  type FuzzEvent,
  type FuzzIds,
} from '../helpers/fuzz-payloads';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { sleep, waitFor } from '../helpers/wait';

/*
 * Property-based fuzz of every socket event (fast-check): at least 1,000 bad payloads per event,
 * sent from every role, each must be answered with an error code from the allowed set (never
 * E_INTERNAL, never silence), and afterwards the database, the routing state in Redis and every
 * socket's inbox prove that nothing changed. Plus forged handshakes and oversize frames.
 *
 * Rate limits are respected, not dodged: the client paces itself under each actor's allowance
 * (visitors 40 / 10 s, staff 600 / 10 s) and the per-address one (400 / 10 s), with the visitor
 * pool spread over several loopback addresses as many shoppers would be (visitor sessions, limited
 * per IP, come through the trusted loopback proxy with X-Forwarded-For). E_RATE_LIMITED stays an
 * allowed answer and is counted in the summary. Set FUZZ_SEED to replay a run.
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20_261_123);
const BAD_PER_EVENT = 1000;
const SESSION_SECRET = 'socket-fuzz-session-secret-0123456789abcdef';
const SHOP_SECRET = 'socket-fuzz-shop-identity-secret-0123456789';
const POOL_SIZE = 48;
const POOL_ADDRESSES = 8;
const ACK_TIMEOUT_MS = 10_000;
const UNREGISTERED_TIMEOUT_MS = 2_000;

/** Probes with a valid shape per event (authorization rather than validation). */
const PROBES: Record<FuzzEvent, number> = {
  'conversation:open': 80,
  'conversation:claim': 120,
  'conversation:transfer': 120,
  'conversation:close': 120,
  'conversation:rate': 80,
  'conversation:list': 60,
  'message:send': 200,
  'message:resync': 150,
  'message:read': 150,
  'agent:status': 0, // any valid status is a real change
  typing: 200,
  'offer:send': 120,
  'offer:respond': 120,
  'monitor:watch': 80,
  'monitor:unwatch': 40,
  'monitor:whisper': 80,
  'monitor:takeover': 80,
};

type Code = 'E_VALIDATION' | 'E_NOT_FOUND' | 'E_FORBIDDEN' | 'E_RATE_LIMITED';
type Role = 'shopper' | 'agent' | 'supervisor' | 'admin' | 'trainer';
const ACKED_EVENTS = FUZZ_EVENTS.filter((e) => e !== 'typing');

// ---------------------------------------------------------------------------------------------
// Client-side pacing: a rolling window per actor and per address, a little under the server's
// fixed windows so that latency jitter never tips a request over.

class RateWindow {
  private times: number[] = [];
  constructor(
    readonly cap: number,
    readonly ms = 11_000,
  ) {}
  waitMs(now: number): number {
    while (this.times.length && this.times[0]! <= now - this.ms) this.times.shift();
    return this.times.length < this.cap ? 0 : this.times[0]! + this.ms - now + 1;
  }
  take(now: number): void {
    this.times.push(now);
  }
}

/** Waits until every window has room and takes it; gives up (false) once `wanted` turns false. */
async function acquire(
  windows: RateWindow[],
  wanted: () => boolean = () => true,
): Promise<boolean> {
  for (;;) {
    if (!wanted()) return false;
    const now = Date.now();
    const wait = Math.max(0, ...windows.map((w) => w.waitMs(now)));
    if (wait === 0) {
      for (const w of windows) w.take(now);
      return true;
    }
    await sleep(Math.min(wait, 200));
  }
}

const addressWindows = new Map<string, RateWindow>();
const addressWindow = (address: string) => {
  let w = addressWindows.get(address);
  if (!w) addressWindows.set(address, (w = new RateWindow(380)));
  return w;
};

// ---------------------------------------------------------------------------------------------
// Senders and everything they receive

interface Sender {
  name: string;
  /** Pinned work goes to a group: one sender, or the whole visitor pool. */
  group: string;
  role: Role;
  socket: ClientSocket;
  windows: RateWindow[];
  /** Conversations this actor may read and write. */
  sees: Set<string> | 'all';
  /** Conversations whose room the socket is in (typing is relayed there). */
  rooms: Set<string>;
  /** Conversations the actor holds in routing (a claim of them is a separate test). */
  holds: Set<string>;
}

interface Received {
  socket: string;
  event: string;
  arg: unknown;
  phase: Phase;
}
type Phase = 'setup' | 'fuzz' | 'after';
let phase: Phase = 'setup';
const received: Received[] = [];
const disconnects: Array<{ socket: string; reason: string; phase: Phase }> = [];
const allSockets: ClientSocket[] = [];

function watch(name: string, socket: ClientSocket): ClientSocket {
  allSockets.push(socket);
  socket.onAny((event: string, arg: unknown) => received.push({ socket: name, event, arg, phase }));
  socket.on('disconnect', (reason) => disconnects.push({ socket: name, reason, phase }));
  return socket;
}

/** Emits without pacing; resolves with the ack, or 'no-ack' when none came in time. */
async function ask(
  sender: Sender,
  event: string,
  payload: unknown,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<Ack<unknown> | 'no-ack'> {
  try {
    return await request(sender.socket, event, payload, timeoutMs);
  } catch {
    return 'no-ack';
  }
}

/** Waits for the sender's allowance, then emits. */
async function send(
  sender: Sender,
  event: string,
  payload: unknown,
  timeoutMs = ACK_TIMEOUT_MS,
): Promise<Ack<unknown> | 'no-ack'> {
  await acquire(sender.windows);
  return ask(sender, event, payload, timeoutMs);
}

// ---------------------------------------------------------------------------------------------
// The world

let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
let mongo: MongoClient;
let redisClient: Redis;
const cookies = new Map<string, string>();
const senders = new Map<string, Sender>();
const pool: Sender[] = [];
let ids: FuzzIds;
let A: string;
let B: string;
const secretKey = new TextEncoder().encode(SESSION_SECRET);

const sender = (name: string) => {
  const s = senders.get(name);
  if (!s) throw new Error(`no sender ${name}`);
  return s;
};

let visitorSessions = 0;
/** A visitor token; the session endpoint allows 30 per minute per address, so spread them. */
async function newVisitorToken(): Promise<string> {
  const n = visitorSessions++;
  const res = await fetch(`${server.url}/api/visitor/session`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      // The app trusts a proxy on loopback: each block of 10 sessions comes from its own address.
      'x-forwarded-for': `198.51.100.${1 + Math.floor(n / 10)}`,
    },
    body: '{}',
  });
  if (res.status !== 200) throw new Error(`visitor session: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { visitorToken: string }).visitorToken;
}

type ClientOptions = Partial<ManagerOptions & SocketOptions> & { localAddress?: string };

function connectRaw(options: ClientOptions): Promise<ClientSocket> {
  const socket: ClientSocket = io(server.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...options,
  });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

function canBind(localAddress: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = tcpConnect({ host: '127.0.0.1', port: server.port, localAddress });
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}

async function addStaff(
  username: string,
  role: Role,
  sees: Set<string> | 'all' = new Set(),
): Promise<Sender> {
  const socket = watch(username, await connectStaff(server.url, cookies.get(username)!));
  const s: Sender = {
    name: username,
    group: username,
    role,
    socket,
    windows: [new RateWindow(560)],
    sees,
    rooms: new Set(),
    holds: new Set(),
  };
  senders.set(username, s);
  // The ack comes after the agent was announced to routing (agent-presence awaits it).
  if (role === 'agent') {
    const ack = await send(s, 'agent:status', { status: 'online' });
    if (ack === 'no-ack' || !ack.ok) throw new Error(`${username} not online: ${preview(ack)}`);
  }
  return s;
}

async function addShopper(name: string, token: string): Promise<Sender> {
  const socket = watch(name, await connectVisitor(server.url, token));
  const s: Sender = {
    name,
    group: name,
    role: 'shopper',
    socket,
    windows: [new RateWindow(36), addressWindow('127.0.0.1')],
    sees: new Set(),
    rooms: new Set(),
    holds: new Set(),
  };
  senders.set(name, s);
  return s;
}

async function openConversation(shopper: Sender, locale: 'zh-CN' | 'en'): Promise<string> {
  const ack = await send(shopper, 'conversation:open', { locale, context: { sku: 'HUM-001' } });
  if (ack === 'no-ack' || !ack.ok) throw new Error(`open failed: ${preview(ack)}`);
  const id = (ack.data as { conversation: ConversationView }).conversation.id;
  shopper.sees = new Set([id]);
  shopper.rooms.add(id);
  return id;
}

async function say(s: Sender, conversationId: string, text: string): Promise<void> {
  const ack = await send(s, 'message:send', {
    conversationId,
    clientMessageId: randomUUID(),
    text,
  });
  if (ack === 'no-ack' || !ack.ok) throw new Error(`send failed: ${preview(ack)}`);
}

const conversationDoc = (id: string) =>
  mongo
    .db()
    .collection<{ _id: string; assigneeId?: string | null; lastSeq?: number }>('conversations')
    .findOne({ _id: id });

/** Everything the fuzz must not change: counts, both conversations, both transcripts. */
async function databaseState() {
  const db = mongo.db();
  const names = (await db.listCollections().toArray()).map((c) => c.name).sort();
  const counts: Record<string, number> = {};
  for (const name of names) counts[name] = await db.collection(name).countDocuments();
  const conversations = await db.collection('conversations').find().sort({ _id: 1 }).toArray();
  const transcript = (conversationId: string) =>
    db.collection('messages').find({ conversationId }).sort({ seq: 1 }).toArray();
  return JSON.parse(
    JSON.stringify({ counts, conversations, A: await transcript(A), B: await transcript(B) }),
  ) as {
    counts: Record<string, number>;
    conversations: unknown[];
    A: Array<{ seq: number; text: string }>;
    B: unknown[];
  };
}

/** Routing as Redis holds it: queues, assignments, agents, grace. */
async function routingState(): Promise<Record<string, unknown>> {
  const keys = (await redisClient.keys('sd:route:*')).sort();
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const type = await redisClient.type(key);
    if (type === 'string') out[key] = await redisClient.get(key);
    else if (type === 'hash') {
      const h = await redisClient.hgetall(key);
      out[key] = Object.fromEntries(Object.entries(h).sort(([a], [b]) => a.localeCompare(b)));
    } else if (type === 'set') out[key] = (await redisClient.smembers(key)).sort();
    else if (type === 'zset') out[key] = await redisClient.zrange(key, 0, -1, 'WITHSCORES');
    else out[key] = `<${type}>`;
  }
  return out;
}

/** Routing without bookkeeping that a refused request may touch harmlessly (timestamps, counters). */
function routingMeaning(state: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(state)) {
    if (key.endsWith(':seq')) continue;
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const { at: _at, last: _last, ...rest } = value as Record<string, unknown>;
      out[key] = rest;
    } else if (key.includes(':queue-age:') || key.includes(':queue:')) {
      // scores carry the enqueue time; members are what matters
      out[key] = (value as string[]).filter((_, i) => i % 2 === 0);
    } else out[key] = value;
  }
  return out;
}

let baseline: { db: Awaited<ReturnType<typeof databaseState>>; routing: Record<string, unknown> };

beforeAll(async () => {
  [database, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  server = await startServerProcess({
    env: {
      MONGODB_URI: database.uri,
      REDIS_URL: redis.url,
      SESSION_SECRET,
      SHOP_IDENTITY_SECRET: SHOP_SECRET,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '20',
      DEMO_ORDERS: '60',
    },
  });
  mongo = await new MongoClient(database.uri).connect();
  redisClient = new Redis(redis.url);

  const staff = ['agent1', 'agent2', 'agent3', 'agent4', 'supervisor1', 'admin1', 'trainer1'];
  await Promise.all(staff.map(async (u) => cookies.set(u, await loginStaff(server.url, u))));

  // A: shopperA with agent1. B: shopperB with agent2 (least-busy routing picks the idle agent).
  const agent1 = await addStaff('agent1', 'agent');
  const shopperA = await addShopper('shopperA', await newVisitorToken());
  A = await openConversation(shopperA, 'zh-CN');
  await waitFor(async () => (await conversationDoc(A))?.assigneeId === 'agent1', {
    what: 'A to be assigned to agent1',
  });
  agent1.sees = new Set([A]);
  agent1.rooms.add(A);
  agent1.holds.add(A);

  const agent2 = await addStaff('agent2', 'agent');
  const shopperB = await addShopper('shopperB', await newVisitorToken());
  B = await openConversation(shopperB, 'zh-CN');
  await waitFor(async () => (await conversationDoc(B))?.assigneeId === 'agent2', {
    what: 'B to be assigned to agent2',
  });
  agent2.sees = new Set([B]);
  agent2.rooms.add(B);
  agent2.holds.add(B);
  ids = { own: A, foreign: B };

  await say(shopperA, A, '这个加湿器有滤芯吗？');
  await say(shopperA, A, 'And does it ship to Shanghai?');
  await say(agent1, A, '有的，套餐里包含一片原装滤芯。');
  await say(shopperB, B, 'Where is my order?');
  await say(agent2, B, 'Let me check that for you.');
  // The conversation summary is updated after the acknowledgement.
  await waitFor(
    async () =>
      (await conversationDoc(A))?.lastSeq === 3 && (await conversationDoc(B))?.lastSeq === 2,
    { what: 'conversation summaries' },
  );

  await addStaff('agent3', 'agent');
  await addStaff('agent4', 'agent');
  await addStaff('supervisor1', 'supervisor', 'all');
  await addStaff('admin1', 'admin', 'all');
  await addStaff('trainer1', 'trainer');

  // Linux routes all of 127/8 to loopback; where only 127.0.0.1 exists, the pool shares it.
  const addresses = (await canBind('127.0.0.11'))
    ? Array.from({ length: POOL_ADDRESSES }, (_, i) => `127.0.0.${11 + i}`)
    : ['127.0.0.1'];
  const tokens: string[] = [];
  for (let i = 0; i < POOL_SIZE; i++) tokens.push(await newVisitorToken());
  await Promise.all(
    tokens.map(async (token, i) => {
      const address = addresses[i % addresses.length]!;
      const name = `pool${String(i).padStart(2, '0')}@${address}`;
      const socket = watch(
        name,
        await connectRaw({ auth: { visitorToken: token }, localAddress: address }),
      );
      const s: Sender = {
        name,
        group: 'pool',
        role: 'shopper',
        socket,
        windows: [new RateWindow(36), addressWindow(address)],
        sees: new Set(),
        rooms: new Set(),
        holds: new Set(),
      };
      pool.push(s);
      senders.set(name, s);
    }),
  );

  await sleep(300); // let presence announcements and drains settle
  expect((await databaseState()).A.map((m) => m.seq)).toEqual([1, 2, 3]);
}, 120_000);

afterAll(async () => {
  for (const s of allSockets) s.close();
  redisClient?.disconnect();
  await mongo?.close();
  await server?.remove();
  await redis?.stop();
  await database?.remove();
});

// ---------------------------------------------------------------------------------------------
// What the server must answer

/**
 * The error codes allowed for `payload` (as it arrives) from `s`, [] for typing that must be
 * dropped silently, or null when the payload is in fact a legitimate request (not sent).
 */
function expectedCodes(event: FuzzEvent, s: Sender, payload: unknown): Code[] | null {
  const wire = toWire(payload);
  // agent:status exists for agents only; its silence for others is a test of its own.
  if (event === 'agent:status' && s.role !== 'agent') return null;
  if (!eventSchemas[event].safeParse(wire).success)
    return event === 'typing' ? [] : ['E_VALIDATION'];

  const p = wire as { conversationId?: string; conversations?: Array<{ conversationId: string }> };
  const staff = s.role !== 'shopper';
  const trainer = s.role === 'trainer';
  const sees = (id: string) => s.sees === 'all' || s.sees.has(id);
  const id = p.conversationId ?? '';
  switch (event) {
    case 'conversation:open':
      return staff ? ['E_FORBIDDEN'] : null;
    case 'conversation:list':
      return !staff || trainer ? ['E_FORBIDDEN'] : null;
    case 'agent:status':
      return null;
    case 'typing':
      return s.rooms.has(id) ? null : [];
    case 'conversation:claim':
      if (!staff || trainer) return ['E_FORBIDDEN'];
      // Nothing is queued: a claim finds the chat taken or not waiting.
      return s.holds.has(id) ? null : ['E_VALIDATION', 'E_NOT_FOUND'];
    case 'conversation:transfer':
    case 'conversation:close':
      if (!staff || trainer) return ['E_FORBIDDEN'];
      return sees(id) ? null : ['E_NOT_FOUND'];
    case 'message:send':
    case 'message:read':
      if (trainer) return ['E_FORBIDDEN'];
      return sees(id) ? null : ['E_NOT_FOUND'];
    case 'message:resync': {
      const list = p.conversations ?? [];
      if (!list.length) return null;
      if (trainer) return ['E_FORBIDDEN'];
      return list.every((c) => sees(c.conversationId)) ? null : ['E_NOT_FOUND'];
    }
    case 'offer:send':
      if (!staff || trainer) return ['E_FORBIDDEN'];
      return sees(id) ? null : ['E_NOT_FOUND'];
    case 'conversation:rate':
      if (staff) return ['E_FORBIDDEN'];
      // Their own chat: a rating is legitimate (not sent); the open ones refuse it anyway.
      return sees(id) ? null : ['E_NOT_FOUND'];
    case 'offer:respond':
      if (staff) return ['E_FORBIDDEN'];
      // No offer was ever sent in the fuzzed chats, so even their own shopper finds none.
      return ['E_NOT_FOUND'];
    case 'monitor:watch':
    case 'monitor:whisper':
    case 'monitor:takeover':
      if (s.role !== 'supervisor' && s.role !== 'admin') return ['E_FORBIDDEN'];
      // At A or B it would really watch, whisper or take over: a test of its own.
      return id === A || id === B ? null : ['E_NOT_FOUND'];
    case 'monitor:unwatch':
      return s.role === 'supervisor' || s.role === 'admin' ? null : ['E_FORBIDDEN'];
  }
}

// ---------------------------------------------------------------------------------------------
// Handshake

async function handshake(options: ClientOptions): Promise<string> {
  try {
    const socket = await connectRaw({ timeout: 5000, ...options });
    socket.close();
    return 'connected';
  } catch (error) {
    const e = error as Error & { data?: { code?: string } };
    return e.data?.code ?? e.message;
  }
}

async function inBatches<T, R>(items: T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size)
    out.push(...(await Promise.all(items.slice(i, i + size).map(fn))));
  return out;
}

describe('the handshake', () => {
  it('refuses forged, expired and garbage visitor tokens and staff cookies with E_UNAUTHENTICATED', async () => {
    const now = Math.floor(Date.now() / 1000);
    const wrongKey = new TextEncoder().encode('not-the-server-secret-0123456789abcdef');
    const jwt = (
      claims: Record<string, unknown>,
      {
        key = secretKey,
        alg = 'HS256',
        iss = 'scriptdesk',
        exp = now + 3600,
        iat = now,
      }: { key?: Uint8Array; alg?: string; iss?: string; exp?: number; iat?: number } = {},
    ) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg })
        .setIssuer(iss)
        .setIssuedAt(iat)
        .setExpirationTime(exp)
        .sign(key);

    const realVisitor = await newVisitorToken();
    const [h, p, sig] = realVisitor.split('.') as [string, string, string];
    const claims = decodeJwt(realVisitor);
    const swapped = Buffer.from(JSON.stringify({ ...claims, sub: randomUUID() })).toString(
      'base64url',
    );
    const agent1Claims = decodeJwt(decodeURIComponent(cookies.get('agent1')!.split('=')[1]!));

    const visitorTokens: Array<[string, unknown]> = [
      ['wrong key', await jwt({ kind: 'visitor', sub: randomUUID() }, { key: wrongKey })],
      [
        'expired',
        await jwt({ kind: 'visitor', sub: randomUUID() }, { exp: now - 60, iat: now - 3600 }),
      ],
      [
        'staff claims in a visitor token',
        await jwt({ kind: 'staff', sub: 'admin1', role: 'admin', sid: agent1Claims.sid }),
      ],
      ['no subject', await jwt({ kind: 'visitor' })],
      ['wrong issuer', await jwt({ kind: 'visitor', sub: randomUUID() }, { iss: 'evil' })],
      ['HS512', await jwt({ kind: 'visitor', sub: randomUUID() }, { alg: 'HS512' })],
      [
        'alg none',
        new UnsecuredJWT({ kind: 'visitor', sub: randomUUID() })
          .setIssuer('scriptdesk')
          .setExpirationTime('1h')
          .encode(),
      ],
      ['payload swapped, signature kept', `${h}.${swapped}.${sig}`],
      ['truncated signature', `${h}.${p}.${sig.slice(0, -2)}`],
      ['60 KB', 'e'.repeat(60_000)],
      ['empty', ''],
      ['number', 12345],
      ['operator', { $ne: null }],
      ['array', [realVisitor]],
      ['null', null],
      ...fc
        .sample(fc.oneof(forgedToken, sneakyString), { numRuns: 50, seed: SEED })
        .map((t, i): [string, unknown] => [`sampled #${i}`, t]),
    ];

    const revokedCookie = await loginStaff(server.url, 'agent4');
    const logout = await fetch(`${server.url}/api/auth/logout`, {
      method: 'POST',
      headers: { cookie: revokedCookie },
    });
    expect(logout.status).toBe(204);
    const staffCookies: Array<[string, string]> = [
      [
        'wrong key',
        `sd_session=${await jwt({ kind: 'staff', sub: 'admin1', role: 'admin', sid: randomUUID() }, { key: wrongKey })}`,
      ],
      [
        'unknown session id',
        `sd_session=${await jwt({ kind: 'staff', sub: 'admin1', role: 'admin', sid: randomUUID() })}`,
      ],
      [
        "another user's session id",
        `sd_session=${await jwt({ kind: 'staff', sub: 'admin1', role: 'admin', name: 'x', sid: agent1Claims.sid, iatMs: Date.now() })}`,
      ],
      [
        'expired',
        `sd_session=${await jwt({ ...agent1Claims }, { exp: now - 60, iat: now - 3600 })}`,
      ],
      ['visitor token as cookie', `sd_session=${realVisitor}`],
      ['revoked by logout', revokedCookie],
      ['valid token, wrong cookie name', cookies.get('agent1')!.replace('sd_session=', 'session=')],
      [
        'alg none',
        `sd_session=${new UnsecuredJWT({ kind: 'staff', sub: 'admin1', role: 'admin', sid: agent1Claims.sid }).setIssuer('scriptdesk').encode()}`,
      ],
      ...fc
        .sample(fc.oneof(forgedToken, sneakyString), { numRuns: 30, seed: SEED + 1 })
        .map((t, i): [string, string] => [`sampled #${i}`, `sd_session=${encodeURIComponent(t)}`]),
    ];

    const outcomes = [
      ...(await inBatches(visitorTokens, 10, async ([what, token]) => ({
        what: `visitor token: ${what}`,
        result: await handshake({ auth: { visitorToken: token } }),
      }))),
      ...(await inBatches(staffCookies, 10, async ([what, cookie]) => ({
        what: `staff cookie: ${what}`,
        result: await handshake({ extraHeaders: { cookie } }),
      }))),
      {
        what: 'forged visitor token next to a valid staff cookie',
        result: await handshake({
          auth: { visitorToken: 'forged.token.value' },
          extraHeaders: { cookie: cookies.get('admin1')! },
        }),
      },
      { what: 'nothing at all', result: await handshake({}) },
    ];
    expect(outcomes.filter((o) => o.result !== 'E_UNAUTHENTICATED')).toEqual([]);

    // The same ways in with the real credentials do work, so the refusals above mean something.
    expect(await handshake({ auth: { visitorToken: realVisitor } })).toBe('connected');
    expect(await handshake({ extraHeaders: { cookie: cookies.get('agent1')! } })).toBe('connected');
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

// ---------------------------------------------------------------------------------------------
// Events every role may send get an answer, whatever the arguments

describe('every acknowledged event answers', () => {
  it('agent:status answers non-agents with an error instead of silence', async () => {
    const names = ['shopperA', 'pool00', 'supervisor1', 'admin1', 'trainer1'];
    const acks = await Promise.all(
      names.map(async (name) => {
        const s = name === 'pool00' ? pool[0]! : sender(name);
        return {
          name,
          ack: await send(s, 'agent:status', { status: 'away' }, UNREGISTERED_TIMEOUT_MS),
        };
      }),
    );
    expect(
      acks.filter((a) => a.ack === 'no-ack').map((a) => a.name),
      'no acknowledgement within 2 s for agent:status from',
    ).toEqual([]);
    for (const { ack } of acks)
      expect(ack).toMatchObject({ ok: false, error: { code: 'E_FORBIDDEN' } });
  });

  it('an emit without a payload, or with extra arguments, still gets an acknowledgement', async () => {
    const agent = sender('agent3');
    const shapes = [
      ['no payload', []],
      ['payload + extra argument', ['not-a-payload', { extra: true }]],
    ] as const;
    const results = await Promise.all(
      ACKED_EVENTS.flatMap((event) =>
        shapes.map(async ([shape, args]) => {
          await acquire(agent.windows);
          const ack = await (
            agent.socket.timeout(UNREGISTERED_TIMEOUT_MS) as unknown as {
              emitWithAck: (e: string, ...a: unknown[]) => Promise<Ack<unknown>>;
            }
          )
            .emitWithAck(event, ...args)
            .catch(() => 'no-ack' as const);
          return {
            what: `${event} (${shape})`,
            ack,
            okAllowed: event === 'conversation:list' && shape === 'no payload',
          };
        }),
      ),
    );
    expect(
      results.filter((r) => r.ack === 'no-ack').map((r) => r.what),
      'emits that never got an answer',
    ).toEqual([]);
    for (const r of results)
      if (!r.okAllowed)
        expect(r.ack, r.what).toMatchObject({ ok: false, error: { code: 'E_VALIDATION' } });
  });
});

// ---------------------------------------------------------------------------------------------
// The fuzz

interface Outcome {
  event: FuzzEvent;
  kind: string;
  sender: string;
  role: Role;
  payload: unknown;
  bytes: number;
  allowed: Code[];
  ack: Ack<unknown> | 'no-ack';
}

const outcomes: Outcome[] = [];
const unregistered = new Set<FuzzEvent>();
const skippedAsLegitimate: Partial<Record<FuzzEvent, number>> = {};
const typingBytes: number[] = [];
let fuzzLogStart = 0;
let fuzzMs = 0;

/** A small deterministic PRNG for picking senders. */
function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Weights for pinning a probe: the owners have a tiny allowance, the pool and staff a large one. */
const GROUP_WEIGHTS: Record<string, number> = {
  shopperA: 1,
  shopperB: 1,
  pool: 10,
  agent1: 4,
  agent2: 3,
  agent3: 3,
  agent4: 3,
  supervisor1: 2,
  admin1: 2,
  trainer1: 2,
};

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

async function runFuzz(): Promise<void> {
  const random = prng(SEED);
  const representative = (group: string) => (group === 'pool' ? pool[0]! : sender(group));

  // An event nobody registered never answers: found once, reported, and skipped.
  await Promise.all(
    ACKED_EVENTS.map(async (event) => {
      const ack = await send(sender('agent3'), event, 'probe', UNREGISTERED_TIMEOUT_MS);
      if (ack === 'no-ack') unregistered.add(event);
    }),
  );

  const pinned = new Map<string, FuzzCase[]>();
  const anyone: FuzzCase[] = [];
  const agentsOnly: FuzzCase[] = [];
  const typing: Array<{ c: FuzzCase; group: string }> = [];

  FUZZ_EVENTS.forEach((event, i) => {
    if (unregistered.has(event)) return;
    const invalid = fc.sample(
      badPayloads(event, ids).filter((c) => !isValidFor(event, c.payload)),
      { numRuns: BAD_PER_EVENT, seed: SEED + 100 * (i + 1) },
    );
    const probes = PROBES[event]
      ? fc.sample(
          authorizationProbes(event, ids).filter((c) => isValidFor(event, c.payload)),
          { numRuns: PROBES[event], seed: SEED + 100 * (i + 1) + 1 },
        )
      : [];
    const pickGroup = (c: FuzzCase): string | null => {
      const groups = Object.keys(GROUP_WEIGHTS).filter(
        (g) => expectedCodes(event, representative(g), c.payload) !== null,
      );
      const total = groups.reduce((n, g) => n + GROUP_WEIGHTS[g]!, 0);
      let r = random() * total;
      for (const g of groups) if ((r -= GROUP_WEIGHTS[g]!) < 0) return g;
      return groups.at(-1) ?? null;
    };
    if (event === 'typing') {
      for (const c of [...invalid, ...probes]) {
        const group = pickGroup(c);
        if (group) typing.push({ c, group });
        else skippedAsLegitimate[event] = (skippedAsLegitimate[event] ?? 0) + 1;
      }
      return;
    }
    (event === 'agent:status' ? agentsOnly : anyone).push(...invalid);
    for (const c of probes) {
      const group = pickGroup(c);
      if (!group) {
        skippedAsLegitimate[event] = (skippedAsLegitimate[event] ?? 0) + 1;
        continue;
      }
      if (!pinned.has(group)) pinned.set(group, []);
      pinned.get(group)!.push(c);
    }
  });
  // And always some of the plainest trespasses: each shopper and agent at the other's chat.
  const trespass = (group: string, event: FuzzEvent, payload: unknown) => {
    if (!pinned.has(group)) pinned.set(group, []);
    pinned.get(group)!.push({ event, payload, kind: 'valid shape, the other side’s conversation' });
  };
  for (let i = 0; i < 8; i++) {
    for (const [shopper, agent, theirs] of [
      ['shopperA', 'agent1', B],
      ['shopperB', 'agent2', A],
    ] as const) {
      const text = `not your conversation #${i}`;
      trespass(shopper, 'message:send', {
        conversationId: theirs,
        clientMessageId: randomUUID(),
        text,
      });
      trespass(shopper, 'message:read', { conversationId: theirs, seq: i + 1 });
      trespass(shopper, 'message:resync', {
        conversations: [{ conversationId: theirs, lastSeq: i }],
      });
      trespass(agent, 'message:send', {
        conversationId: theirs,
        clientMessageId: randomUUID(),
        text,
      });
      trespass(agent, 'message:read', { conversationId: theirs, seq: i + 1 });
      trespass(agent, 'message:resync', {
        conversations: [{ conversationId: theirs, lastSeq: i }],
      });
      trespass(agent, 'conversation:close', { conversationId: theirs, disposition: 'purchased' });
      trespass(agent, 'conversation:transfer', { conversationId: theirs, to: { skill: 'en' } });
    }
  }
  shuffle(anyone, random);
  shuffle(agentsOnly, random);

  baseline = { db: await databaseState(), routing: await routingState() };
  phase = 'fuzz';
  fuzzLogStart = server.logs.length;
  const started = Date.now();

  const next = (s: Sender): FuzzCase | undefined => {
    const mine = pinned.get(s.group);
    if (mine?.length) return mine.shift();
    if (s.role === 'agent' && agentsOnly.length) return agentsOnly.shift();
    return anyone.shift();
  };
  const hasWork = (s: Sender) =>
    Boolean(pinned.get(s.group)?.length) ||
    (s.role === 'agent' && agentsOnly.length > 0) ||
    anyone.length > 0;
  const worker = async (s: Sender) => {
    const inFlight = new Set<Promise<void>>();
    for (;;) {
      while (inFlight.size >= 16) await Promise.race(inFlight);
      // Take work only with allowance in hand, so no sender sits on cases it cannot send yet.
      if (!(await acquire(s.windows, () => hasWork(s)))) break;
      const c = next(s);
      if (!c) break;
      const allowed = expectedCodes(c.event, s, c.payload);
      if (allowed === null) throw new Error(`${s.name} cannot send ${preview(c.payload)}`);
      const task = ask(s, c.event, c.payload).then((ack) => {
        outcomes.push({
          event: c.event,
          kind: c.kind,
          sender: s.name,
          role: s.role,
          payload: c.payload,
          bytes: payloadBytes(c.payload),
          allowed,
          ack,
        });
      });
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
    }
    await Promise.all(inFlight);
  };

  // Typing is unacknowledged and not rate limited: all of it goes out at once.
  const typingSenders = new Set<Sender>();
  for (const { c, group } of typing) {
    const s = group === 'pool' ? pool[Math.floor(random() * pool.length)]! : sender(group);
    typingSenders.add(s);
    s.socket.emit('typing', c.payload);
    typingBytes.push(payloadBytes(c.payload));
  }

  // Events from one socket are handled in order: an answer to a later one means the typing
  // before it was handled too.
  await Promise.all([...typingSenders].map((s) => send(s, 'message:read', 'flush')));

  await Promise.all([...senders.values()].map(worker));
  await sleep(500); // time for any (wrong) relay or delivery to arrive
  fuzzMs = Date.now() - started;
  phase = 'after';
}

const isAllowed = (o: Outcome) =>
  o.ack !== 'no-ack' &&
  o.ack.ok === false &&
  (o.allowed.includes(o.ack.error.code as Code) || o.ack.error.code === 'E_RATE_LIMITED') &&
  typeof o.ack.error.message === 'string' &&
  o.ack.error.message.length > 0;

const describeOutcome = (o: Outcome) =>
  `${o.sender} (${o.role}) ${o.kind}: ${preview(o.payload, 120)} → ${
    o.ack === 'no-ack' ? 'no ack' : preview(o.ack, 160)
  } (allowed ${o.allowed.join('|')})`;

describe('1,000+ bad payloads per socket event', () => {
  beforeAll(runFuzz, 180_000);

  afterAll(() => {
    const rows = FUZZ_EVENTS.map((event) => {
      const mine = outcomes.filter((o) => o.event === event);
      const codes: Record<string, number> = {};
      for (const o of mine) {
        const code = o.ack === 'no-ack' ? 'no-ack' : o.ack.ok ? 'ok' : o.ack.error.code;
        codes[code] = (codes[code] ?? 0) + 1;
      }
      const roles: Record<string, number> = {};
      for (const o of mine) roles[o.role] = (roles[o.role] ?? 0) + 1;
      const bytes = event === 'typing' ? typingBytes : mine.map((o) => o.bytes);
      return {
        event,
        sent: bytes.length,
        unregistered: unregistered.has(event),
        skippedAsLegitimate: skippedAsLegitimate[event] ?? 0,
        over4KB: bytes.filter((b) => b > 4096).length,
        maxBytes: Math.max(0, ...bytes),
        codes: JSON.stringify(codes),
        roles: JSON.stringify(roles),
      };
    });
    console.log(
      `socket fuzz (seed ${SEED}): ${outcomes.length} acknowledged payloads in ${fuzzMs} ms`,
    );
    console.table(rows);
  });

  it.for(ACKED_EVENTS)('%s: every bad payload gets an allowed error code', (event, ctx) => {
    if (unregistered.has(event)) {
      console.warn(`${event} is not registered on the server: no ack within 2 s; skipped`);
      ctx.skip();
    }
    const mine = outcomes.filter((o) => o.event === event);
    const answered = mine.filter(
      (o) => o.ack !== 'no-ack' && !(!o.ack.ok && o.ack.error.code === 'E_RATE_LIMITED'),
    );
    expect(answered.length, 'payloads that reached validation').toBeGreaterThanOrEqual(
      BAD_PER_EVENT,
    );
    expect(
      mine
        .filter((o) => o.ack !== 'no-ack' && !o.ack.ok && o.ack.error.code === 'E_INTERNAL')
        .map(describeOutcome),
    ).toEqual([]);
    expect(
      mine
        .filter((o) => !isAllowed(o))
        .slice(0, 10)
        .map(describeOutcome),
    ).toEqual([]);
    // Validation is exercised from both sides of the counter, not only the role check.
    const roles = [...new Set(mine.map((o) => o.role))];
    if (event !== 'agent:status') expect(roles).toContain('shopper');
    expect(roles.some((r) => r !== 'shopper')).toBe(true);
  });

  it('typing: bad and foreign payloads are dropped and relayed to nobody', () => {
    expect(typingBytes.length).toBeGreaterThanOrEqual(BAD_PER_EVENT);
    expect(received.filter((r) => r.phase === 'fuzz' && r.event === 'typing')).toEqual([]);
  });

  it('a foreign conversation id is never found, never written', () => {
    const foreign = outcomes.filter((o) => o.kind.startsWith('valid shape'));
    expect(foreign.length).toBeGreaterThan(1000);
    const trespasses = outcomes.filter((o) => o.kind.startsWith('valid shape, the other side'));
    expect(trespasses.length).toBe(8 * 2 * 8);
    for (const o of trespasses)
      expect(o.ack, describeOutcome(o)).toMatchObject({
        ok: false,
        error: { code: 'E_NOT_FOUND' },
      });
    const byOwners = foreign.filter((o) => o.sender === 'shopperA' || o.sender === 'shopperB');
    expect(byOwners.length).toBeGreaterThanOrEqual(48);
  });

  it('changes nothing: messages, conversations, transcripts of A and B, routing', async () => {
    const after = await databaseState();
    expect(after.counts).toEqual(baseline.db.counts);
    expect(after.A).toEqual(baseline.db.A);
    expect(after.B).toEqual(baseline.db.B);
    expect(after.conversations).toEqual(baseline.db.conversations);
    expect(await routingState()).toEqual(baseline.routing);
  });

  it('delivers nothing to anybody while the fuzz runs, and drops no connection', () => {
    const stray = received.filter(
      (r) =>
        r.phase === 'fuzz' &&
        ['message:new', 'typing', 'read', 'conversation:updated'].includes(r.event),
    );
    expect(stray.map((r) => `${r.socket} got ${r.event}: ${preview(r.arg, 100)}`)).toEqual([]);
    expect(disconnects.filter((d) => d.phase === 'fuzz')).toEqual([]);
  });

  it('stays up and healthy: /healthz, no errors logged, a legit message still goes through', async () => {
    expect(server.child.exitCode).toBeNull();
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    const errors = server.logs.slice(fuzzLogStart).filter((l) => l.level >= 50);
    expect(errors.map((l) => `${l.msg} ${preview(l, 300)}`)).toEqual([]);

    // A strict schema rejects any key it does not know, inherited ones included: had a
    // `__proto__` payload polluted Object.prototype on the server, this valid message would
    // now fail with "Unrecognized key". It goes through, so ({}).polluted is still undefined.
    const mark = received.length;
    const id = randomUUID();
    const ack = await send(sender('shopperA'), 'message:send', {
      conversationId: A,
      clientMessageId: id,
      text: 'Still there?',
    });
    expect(ack).toMatchObject({ ok: true, data: { duplicate: false, message: { seq: 4 } } });
    await waitFor(
      () => received.slice(mark).some((r) => r.socket === 'agent1' && r.event === 'message:new'),
      {
        what: 'agent1 to receive the message',
      },
    );
    await sleep(300);
    const deliveries = received.slice(mark).filter((r) => r.event === 'message:new');
    expect(deliveries.map((r) => r.socket).sort()).toEqual(['agent1', 'shopperA']);
    for (const d of deliveries) expect(d.arg).toMatchObject({ id, conversationId: A });

    const list = await send(sender('agent1'), 'conversation:list', {});
    expect(list).toMatchObject({ ok: true });
    if (list !== 'no-ack' && list.ok)
      expect((list.data as { mine: ConversationView[] }).mine.map((c) => c.id)).toEqual([A]);
  });
});

// ---------------------------------------------------------------------------------------------
// Frames over the limit

/** Sends one oversize frame and reports how the connection ended. */
async function sendOversize(options: ClientOptions, payload: unknown) {
  const socket = await connectRaw(options);
  const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
  let acked = false;
  socket.emit('message:send', payload, () => (acked = true));
  const reason = await Promise.race([gone, sleep(5000).then(() => 'still connected')]);
  socket.close();
  return { reason, acked };
}

async function expectServerServing(before: Awaited<ReturnType<typeof databaseState>>) {
  expect(server.child.exitCode, 'the server process exited').toBeNull();
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  for (const name of ['shopperA', 'shopperB', 'agent1', 'agent2'])
    expect(sender(name).socket.connected, `${name} still connected`).toBe(true);
  expect(await databaseState()).toEqual(before);
  expect(
    await send(sender('shopperA'), 'message:resync', {
      conversations: [{ conversationId: A, lastSeq: 3 }],
    }),
  ).toMatchObject({ ok: true, data: { messages: [{ seq: 4 }] } });
}

describe('frames over 64 KB', () => {
  it('disconnect only the sender and store nothing; the server stays up', async () => {
    const before = await databaseState();
    const token = await newVisitorToken();
    const cases: Array<[string, unknown]> = [
      [
        'text frame',
        { conversationId: A, clientMessageId: randomUUID(), text: 'x'.repeat(70_000) },
      ],
      [
        'binary attachment',
        { conversationId: A, clientMessageId: randomUUID(), text: new Uint8Array(100_000) },
      ],
    ];
    for (const [what, payload] of cases) {
      const { reason, acked } = await sendOversize({ auth: { visitorToken: token } }, payload);
      expect(reason, what).toMatch(/transport (close|error)/);
      expect(acked, what).toBe(false);
    }
    await expectServerServing(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Valid-looking requests that are still wrong

describe('requests that must be refused without side effects', () => {
  it('transfer to an agent that does not exist is refused and changes neither database nor routing', async () => {
    const db = await databaseState();
    const routing = await routingState();
    const ack = await send(sender('agent1'), 'conversation:transfer', {
      conversationId: A,
      to: { agentId: 'no-such-agent' },
      note: 'fuzz',
    });
    expect(ack).toMatchObject({ ok: false });
    if (ack !== 'no-ack' && !ack.ok)
      expect(['E_VALIDATION', 'E_NOT_FOUND']).toContain(ack.error.code);
    expect(await databaseState()).toEqual(db);
    expect(routingMeaning(await routingState())).toEqual(routingMeaning(routing));
  });

  it('a refused transfer, racing with routing elsewhere, never drops the chat from routing', async () => {
    // The transfer releases and requeues the chat before it learns the target cannot take it;
    // a drain triggered meanwhile by another agent must not be able to lose it.
    const db = await databaseState();
    let lost: Record<string, unknown> | undefined;
    for (let i = 0; i < 100 && !lost; i++) {
      const [ack] = await Promise.all([
        send(sender('agent1'), 'conversation:transfer', {
          conversationId: A,
          to: { agentId: 'no-such-agent' },
        }),
        ...Array.from({ length: 4 }, () =>
          send(sender('agent3'), 'agent:status', { status: 'online' }),
        ),
      ]);
      expect(ack).toMatchObject({ ok: false, error: { code: 'E_VALIDATION' } });
      const chat = await redisClient.hgetall(`sd:route:chat:${A}`);
      const held = await redisClient.smembers('sd:route:agent-chats:agent1');
      if (chat.agent !== 'agent1' || !held.includes(A))
        lost = { attempt: i + 1, chat, agent1Holds: held };
    }
    expect(lost, 'routing lost the assignment that the database still has').toBeUndefined();
    expect(await databaseState()).toEqual(db);
  });

  it('claiming a chat one already holds is refused and leaves routing untouched', async () => {
    const routing = await routingState();
    const db = await databaseState();
    const ack = await send(sender('agent2'), 'conversation:claim', { conversationId: B });
    expect(ack).toMatchObject({ ok: false, error: { code: 'E_VALIDATION' } });
    expect(await databaseState()).toEqual(db);
    const after = await routingState();
    expect(after['sd:route:agent-chats:agent2'], 'agent2 still holds B in routing').toEqual(
      routing['sd:route:agent-chats:agent2'],
    );
    expect(routingMeaning(after)).toEqual(routingMeaning(routing));
  });

  it('conversation:open refuses a script URL as the shopper’s page', async () => {
    const shopper = await addShopper('shopperC', await newVisitorToken());
    const before = (await databaseState()).counts.conversations;
    const ack = await send(shopper, 'conversation:open', {
      locale: 'en',
      context: { pageUrl: 'javascript:alert(document.cookie)' },
    });
    expect(ack).toMatchObject({ ok: false, error: { code: 'E_VALIDATION' } });
    expect((await databaseState()).counts.conversations).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------
// HTTP long-polling, socket.io-client's default first transport (last: it may end the server)

describe('clients on HTTP long-polling', () => {
  it('are answered, and the server stays up', async () => {
    const before = await databaseState();
    const socket = await connectRaw({
      auth: { visitorToken: await newVisitorToken() },
      transports: ['polling'],
    });
    const answers: unknown[] = [];
    for (let i = 0; i < 3 && socket.connected; i++) {
      answers.push(
        await (
          socket.timeout(3000) as unknown as {
            emitWithAck: (e: string, p: unknown) => Promise<unknown>;
          }
        )
          .emitWithAck('message:read', { conversationId: B, seq: 1 })
          .catch((e: Error) => e.message),
      );
      await sleep(200);
    }
    socket.close();
    await sleep(300);
    const errors = server.logs.filter((l) => l.level >= 50).map((l) => preview(l, 300));
    expect({ exitCode: server.child.exitCode, errors }).toEqual({ exitCode: null, errors: [] });
    expect(answers).toEqual(
      Array.from({ length: 3 }, () =>
        expect.objectContaining({
          ok: false,
          error: expect.objectContaining({ code: 'E_NOT_FOUND' }),
        }),
      ),
    );
    await expectServerServing(before);
  });

  it('an oversize polling request disconnects only that client', async () => {
    expect(server.child.exitCode, 'the server is already down').toBeNull();
    const before = await databaseState();
    const { reason, acked } = await sendOversize(
      { extraHeaders: { cookie: cookies.get('supervisor1')! }, transports: ['polling'] },
      { conversationId: A, clientMessageId: randomUUID(), text: 'x'.repeat(70_000) },
    );
    expect(reason).toMatch(/transport (close|error)/);
    expect(acked).toBe(false);
    await sleep(300);
    await expectServerServing(before);
  });
});
