/**
 * The load process of the chat benchmark: a separate Node process from the server it measures.
 * It sets up `pairs` shopper/agent pairs (relay: joins rooms; chat: visitor sessions, logins,
 * `conversation:open` and routing), then runs the same message schedule against either server:
 * every pair at once, each pair sending its messages one after another, the next one as soon as
 * the previous one is acknowledged, alternately from the shopper and from the agent (or from the
 * shopper only). Latency is the time from the send to `message:new` at the other side.
 *
 * Started by bench/chat.ts with `fork`; config as JSON in argv[2], results over IPC.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import * as hdr from 'hdr-histogram-js';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { loginStaff } from '../test/helpers/chat-clients';
import {
  log,
  round,
  shopperAddress,
  sleep,
  type Latency,
  type LoadConfig,
  type LoadMessage,
  type LoadResult,
} from './chat-shared';

const config = JSON.parse(process.argv[2] ?? '{}') as LoadConfig;
const tag = `[${config.scenario}]`;

interface Pair {
  index: number;
  conversationId: string;
  shopper: Socket;
  agent: Socket;
  agentIndex: number;
}

interface SentMessage {
  sender: Socket;
  receiver: Socket;
  sentAt: number;
  measured: boolean;
  acked: boolean;
  deliveries: number;
}

interface AckShape {
  ok: boolean;
  data?: unknown;
  error?: { code?: string; message?: string };
}

const sockets: Socket[] = [];
const sent = new Map<string, SentMessage>();
const latency = hdr.build({ numberOfSignificantValueDigits: 3 });
const ackLatency = hdr.build({ numberOfSignificantValueDigits: 3 });
const nacked: Record<string, number> = {};
let acked = 0;
let retries = 0;
const openRetries = 0;
let gaveUp = 0;
const MAX_RETRIES = 3;
const RETRY_DELAY_MS = 500;
const RETRYABLE = new Set(['timeout', 'E_UNAVAILABLE', 'E_INTERNAL', 'E_RATE_LIMITED']);
let ackTimeouts = 0;
let delivered = 0;
let duplicated = 0;
let misrouted = 0;
let disconnects = 0;
let measuredDelivered = 0;
let lastMeasuredReceipt = 0;
let measuring = false;

const texts = [
  '您好，这款加湿器的滤芯多久需要更换一次？',
  '有的，原装滤芯建议每三个月更换，套餐里送一片。',
  '今天下单的话什么时候能发货？',
  '下午四点前付款当天发货，一般两到三天送达。',
];

function emitWithAck(socket: Socket, event: string, payload: unknown): Promise<AckShape> {
  return socket.timeout(config.ackTimeoutMs).emitWithAck(event, payload) as Promise<AckShape>;
}

function connect(options: Partial<ManagerOptions & SocketOptions>, localAddress?: string) {
  // `localAddress` is handed to the WebSocket by engine.io-client in Node, but is not typed.
  const extra = localAddress ? { localAddress } : {};
  const socket = io(config.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    ...extra,
    ...options,
  });
  sockets.push(socket);
  return new Promise<Socket>((resolve, reject) => {
    socket.once('connect', () => {
      socket.on('disconnect', (reason) => {
        if (reason === 'io client disconnect') return; // we closed it at the end
        disconnects += 1;
        log(`${tag} a socket disconnected: ${reason}`);
      });
      socket.on('message:new', (m: { id?: unknown }) => onReceipt(socket, m));
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      socket.close();
      reject(err);
    });
  });
}

function onReceipt(socket: Socket, m: { id?: unknown }): void {
  const now = performance.now();
  const record = typeof m?.id === 'string' ? sent.get(m.id) : undefined;
  if (!record) return void (misrouted += 1);
  if (socket === record.sender) return; // the sender's own copy of the room broadcast
  if (socket !== record.receiver) return void (misrouted += 1);
  record.deliveries += 1;
  if (record.deliveries > 1) return void (duplicated += 1);
  delivered += 1;
  if (record.measured && measuring) {
    latency.recordValue(Math.max(1, Math.round((now - record.sentAt) * 1000)));
    measuredDelivered += 1;
    lastMeasuredReceipt = now;
  }
}

/** POST /api/visitor/session from the shopper's own source address. */
function visitorSession(localAddress: string): Promise<string> {
  const url = new URL('/api/visitor/session', config.url);
  const body = '{}';
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        localAddress,
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          if (res.statusCode !== 200)
            return reject(new Error(`visitor session: ${res.statusCode} ${text}`));
          resolve((JSON.parse(text) as { visitorToken: string }).visitorToken);
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

async function pool<T>(count: number, concurrency: number, fn: (i: number) => Promise<T>) {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      results[i] = await fn(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
  return results;
}

// ---------------------------------------------------------------------------------------------
// Setup

async function setupRelay(): Promise<Pair[]> {
  const agents = await Promise.all(config.agents.map(() => connect({})));
  return pool(config.pairs, config.setupConcurrency, async (index) => {
    const agentIndex = index % agents.length;
    const agent = agents[agentIndex]!;
    const shopper = await connect({}, shopperAddress(index));
    const conversationId = randomUUID();
    for (const s of [shopper, agent]) {
      const ack = await emitWithAck(s, 'relay:join', { room: conversationId });
      if (!ack.ok) throw new Error('relay:join refused');
    }
    return { index, conversationId, shopper, agent, agentIndex };
  });
}

interface ConversationViewLite {
  id: string;
  status: string;
  assignee: { id: string } | null;
}

const assignedTo = new Map<string, number>();
const assignmentWaiters = new Map<string, (agentIndex: number) => void>();
const reassigned = new Set<string>();

async function setupChat(): Promise<Pair[]> {
  const byUsername = new Map(config.agents.map((a, i) => [a.username, i]));
  const agents: Socket[] = [];
  for (const account of config.agents) {
    const cookie = await loginStaff(config.url, account.username, account.password);
    agents.push(await connect({ extraHeaders: { cookie } }));
  }
  const onUpdated = (view: ConversationViewLite) => {
    const previous = assignedTo.get(view.id);
    const agentIndex = view.assignee ? byUsername.get(view.assignee.id) : undefined;
    if (previous !== undefined && (agentIndex !== previous || view.status === 'queued'))
      reassigned.add(view.id);
    if (agentIndex === undefined || previous !== undefined) return;
    assignedTo.set(view.id, agentIndex);
    assignmentWaiters.get(view.id)?.(agentIndex);
  };
  for (const agent of agents) agent.on('conversation:updated', onUpdated);
  // Agents are announced to routing right after they connect; give that a moment.
  await sleep(500);
  log(`${tag} ${agents.length} agents online`);

  let opened = 0;
  return pool(config.pairs, config.setupConcurrency, async (index) => {
    const address = shopperAddress(index);
    const token = await visitorSession(address);
    const shopper = await connect({ auth: { visitorToken: token } }, address);
    shopper.on('conversation:updated', (view: ConversationViewLite) => {
      const expected = assignedTo.get(view.id);
      if (
        expected !== undefined &&
        (view.status === 'queued' || view.status === 'closed' || !view.assignee)
      )
        reassigned.add(view.id);
    });
    const ack = await emitWithAck(shopper, 'conversation:open', { locale: 'zh-CN' });
    if (!ack.ok) throw new Error(`conversation:open refused: ${JSON.stringify(ack.error)}`);
    const conversationId = (ack.data as { conversation: { id: string } }).conversation.id;
    const agentIndex = await waitForAssignment(conversationId);
    if (++opened % 100 === 0 || opened === config.pairs)
      log(`${tag} ${opened}/${config.pairs} chats open and routed`);
    return { index, conversationId, shopper, agent: agents[agentIndex]!, agentIndex };
  });
}

function waitForAssignment(conversationId: string): Promise<number> {
  const known = assignedTo.get(conversationId);
  if (known !== undefined) return Promise.resolve(known);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      assignmentWaiters.delete(conversationId);
      reject(new Error(`chat ${conversationId} was not routed to an agent within 30 s`));
    }, 30_000);
    assignmentWaiters.set(conversationId, (agentIndex) => {
      clearTimeout(timer);
      assignmentWaiters.delete(conversationId);
      resolve(agentIndex);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Messages

/**
 * Sends one message as the real clients do: on a timeout or a retryable refusal it is sent again
 * with the same `clientMessageId` (the server de-duplicates), up to `MAX_RETRIES` times.
 * Latencies count from the first attempt.
 */
async function sendOne(pair: Pair, fromShopper: boolean, k: number, measured: boolean) {
  const sender = fromShopper ? pair.shopper : pair.agent;
  const receiver = fromShopper ? pair.agent : pair.shopper;
  const id = randomUUID();
  const record: SentMessage = {
    sender,
    receiver,
    sentAt: performance.now(),
    measured,
    acked: false,
    deliveries: 0,
  };
  sent.set(id, record);
  const payload = {
    conversationId: pair.conversationId,
    clientMessageId: id,
    text: `${texts[k % texts.length]!} #${k}`,
  };
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0) {
      retries += 1;
      await sleep(RETRY_DELAY_MS * attempt);
    }
    let code: string;
    try {
      const ack = await emitWithAck(sender, 'message:send', payload);
      if (ack.ok) {
        record.acked = true;
        acked += 1;
        if (measured && measuring)
          ackLatency.recordValue(
            Math.max(1, Math.round((performance.now() - record.sentAt) * 1000)),
          );
        return;
      }
      code = ack.error?.code ?? 'unknown';
      nacked[code] = (nacked[code] ?? 0) + 1;
    } catch {
      code = 'timeout';
      ackTimeouts += 1;
    }
    if (!RETRYABLE.has(code) || attempt >= MAX_RETRIES || !sender.connected) {
      gaveUp += 1;
      return;
    }
  }
}

async function runRound(pairs: Pair[], count: number, measured: boolean, offset = 0) {
  await Promise.all(
    pairs.map(async (pair) => {
      for (let k = 0; k < count; k++) {
        const fromShopper = config.direction === 'shopper' || (k + offset) % 2 === 0;
        await sendOne(pair, fromShopper, k + offset, measured);
      }
    }),
  );
}

/** Waits until every acknowledged message has reached the other side, or the time is up. */
async function drain(): Promise<void> {
  const deadline = Date.now() + config.drainTimeoutMs;
  const outstanding = () => [...sent.values()].filter((s) => s.acked && !s.deliveries).length;
  while (outstanding() > 0 && Date.now() < deadline) await sleep(20);
}

function summary(h: hdr.Histogram): Latency {
  const at = (p: number) => round(h.getValueAtPercentile(p) / 1000, 2);
  return {
    p50Ms: at(50),
    p90Ms: at(90),
    p99Ms: at(99),
    p999Ms: at(99.9),
    maxMs: round(h.maxValue / 1000, 2),
  };
}

const report = (message: LoadMessage) =>
  new Promise<void>((resolve) => {
    if (!process.send) return resolve();
    process.send(message, () => resolve());
  });

async function main(): Promise<LoadResult> {
  const setupStarted = performance.now();
  log(`${tag} setting up ${config.pairs} pairs on ${config.agents.length} agent sockets`);
  const pairs = config.scenario === 'relay' ? await setupRelay() : await setupChat();
  const setupMs = performance.now() - setupStarted;
  const perAgent = new Map<number, number>();
  for (const p of pairs) perAgent.set(p.agentIndex, (perAgent.get(p.agentIndex) ?? 0) + 1);
  log(
    `${tag} setup done in ${(setupMs / 1000).toFixed(1)} s; chats per agent ${Math.min(...perAgent.values())}–${Math.max(...perAgent.values())}`,
  );

  if (config.warmup > 0) {
    await runRound(pairs, config.warmup, false);
    await drain();
  }
  const offset = config.warmup;

  await report({ type: 'phase', phase: 'measure-start' });
  measuring = true;
  const started = performance.now();
  lastMeasuredReceipt = started;
  log(`${tag} sending ${config.pairs} × ${config.messages} messages`);
  await runRound(pairs, config.messages, true, offset);
  await drain();
  measuring = false;
  await report({ type: 'phase', phase: 'measure-end' });
  const durationMs = lastMeasuredReceipt - started;
  log(`${tag} measured phase took ${(durationMs / 1000).toFixed(2)} s`);

  let held: number | null = null;
  if (config.holdSeconds > 0) {
    log(`${tag} holding ${pairs.length} chats open for ${config.holdSeconds} s`);
    for (let left = config.holdSeconds; left > 0; left -= 10) {
      await sleep(Math.min(10, left) * 1000);
      const connected = sockets.filter((s) => s.connected).length;
      log(`${tag} … ${connected}/${sockets.length} sockets connected`);
    }
    // Then every chat must still work both ways.
    const before = new Set(sent.keys());
    await Promise.all(
      pairs.map(async (pair) => {
        await sendOne(pair, true, 0, false);
        await sendOne(pair, false, 1, false);
      }),
    );
    await drain();
    const checks = [...sent.entries()].filter(([id]) => !before.has(id)).map(([, s]) => s);
    held = pairs.filter(
      (pair) =>
        pair.shopper.connected &&
        pair.agent.connected &&
        !reassigned.has(pair.conversationId) &&
        checks.filter(
          (s) =>
            s.deliveries > 0 &&
            ((s.sender === pair.shopper && s.receiver === pair.agent) ||
              (s.sender === pair.agent && s.receiver === pair.shopper)),
        ).length === 2,
    ).length;
    log(`${tag} ${held}/${pairs.length} chats held and working after the hold`);
  }

  const all = [...sent.values()];
  const lost = all.filter((s) => s.deliveries === 0);
  return {
    scenario: config.scenario,
    pairs: config.pairs,
    messages: config.messages,
    setupMs: Math.round(setupMs),
    durationMs: round(durationMs, 1),
    msgPerSec: durationMs > 0 ? round((measuredDelivered / durationMs) * 1000, 1) : 0,
    latency: summary(latency),
    ack: summary(ackLatency),
    sent: all.length,
    acked,
    nacked,
    ackTimeouts,
    retries,
    gaveUp,
    openRetries,
    delivered,
    lost: lost.length,
    ackedButLost: lost.filter((s) => s.acked).length,
    duplicated,
    misrouted,
    disconnects,
    chatsPerAgent: { min: Math.min(...perAgent.values()), max: Math.max(...perAgent.values()) },
    held,
    reassigned: reassigned.size,
  };
}

main()
  .then(async (result) => {
    for (const s of sockets) s.close();
    await report({ type: 'result', result });
    process.exit(0);
  })
  .catch(async (error: unknown) => {
    log(`${tag} failed: ${(error as Error).stack ?? String(error)}`);
    for (const s of sockets) s.close();
    await report({ type: 'error', message: (error as Error).message ?? String(error) });
    process.exit(1);
  });
