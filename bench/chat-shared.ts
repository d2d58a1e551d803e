/**
 * Types and small helpers shared by the chat benchmark's orchestrator (bench/chat.ts), its load
 * process (bench/chat-load.ts) and the bare relay server (bench/relay-server.ts).
 */

export type Scenario = 'relay' | 'chat';
export type Direction = 'alternate' | 'shopper';

/** What the orchestrator asks one load process to do (passed as JSON in argv[2]). */
export interface LoadConfig {
  scenario: Scenario;
  url: string;
  pairs: number;
  /** Measured messages per pair. */
  messages: number;
  /** Unmeasured messages per pair sent first (same schedule, warms the JIT and caches). */
  warmup: number;
  direction: Direction;
  /** Agent accounts to log in (chat) or just how many agent sockets to open (relay). */
  agents: Array<{ username: string; password: string }>;
  ackTimeoutMs: number;
  /** How long to wait, after the last ack, for deliveries still under way. */
  drainTimeoutMs: number;
  /** Keep every chat open this long after the measured phase, then check each one still works. */
  holdSeconds: number;
  /** How many shoppers are being set up (session, connect, open, routed) at once. */
  setupConcurrency: number;
}

export interface Latency {
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  p999Ms: number;
  maxMs: number;
}

export interface LoadResult {
  scenario: Scenario;
  pairs: number;
  messages: number;
  setupMs: number;
  /** From the first measured send to the last measured receipt. */
  durationMs: number;
  msgPerSec: number;
  /** Send → receipt by the other side. */
  latency: Latency;
  /** Send → the sender's own acknowledgement. */
  ack: Latency;
  /** Every message the benchmark tried to send (warm-up, measured and hold check). */
  sent: number;
  acked: number;
  /** Refused by the server, by error code. */
  nacked: Record<string, number>;
  ackTimeouts: number;
  /** Sends repeated (same clientMessageId) after a timeout or a retryable refusal. */
  retries: number;
  /** Messages abandoned after the last retry. */
  gaveUp: number;
  /** Conversation opens repeated after a retryable refusal. */
  openRetries: number;
  delivered: number;
  /** Sent but never received by the other side (includes refused and unacknowledged sends). */
  lost: number;
  /** Of `lost`: acknowledged by the server, yet never delivered. */
  ackedButLost: number;
  duplicated: number;
  /** Delivered to a socket that is neither side of the pair. */
  misrouted: number;
  disconnects: number;
  /** Pairs served by each agent socket. */
  chatsPerAgent: { min: number; max: number };
  /** Only with holdSeconds > 0: pairs that still delivered both ways after the hold. */
  held: number | null;
  /** Chats that were moved away from their agent (requeued/reassigned) while running. */
  reassigned: number;
}

/** Messages from a load process to the orchestrator (over the IPC channel). */
export type LoadMessage =
  | { type: 'phase'; phase: 'measure-start' | 'measure-end' }
  | { type: 'result'; result: LoadResult }
  | { type: 'error'; message: string };

/** Messages from the relay server to the orchestrator. */
export type RelayMessage = { type: 'listening'; port: number };

/**
 * A distinct loopback source address for shopper `i` (127.10.x.y): real shoppers come from
 * different addresses, and the product limits events per address as well as per visitor.
 */
export function shopperAddress(i: number): string {
  const block = Math.floor(i / 250);
  if (block > 255 * 200) throw new Error('too many shoppers for the loopback address plan');
  return `127.${10 + Math.floor(block / 256)}.${block % 256}.${(i % 250) + 1}`;
}

export const log = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 23)}] ${line}\n`);
};

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const round = (value: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
