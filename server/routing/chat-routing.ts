import { ErrorCode } from '../../shared/errors';
import { AppError } from '../errors';

export type AgentStatus = 'online' | 'away' | 'offline';
export type AssignStrategy = 'least-busy' | 'round-robin';

export interface AgentState {
  agentId: string;
  /** Queues this agent serves, e.g. a language or a product line. */
  skills: string[];
  /** Most chats the agent holds at once. */
  capacity: number;
  status: AgentStatus;
}

/** An agent as routing sees them now, for the supervisors' live monitor. */
export interface AgentSnapshot extends AgentState {
  /** Chats held, including those kept through a grace period. */
  load: number;
  /** Disconnected, their chats kept until the grace period ends. */
  inGrace: boolean;
}

export interface QueuedChat {
  conversationId: string;
  skill: string;
  /** Higher goes first; see `RoutingPriority`. Integer in 0..MAX_PRIORITY. */
  priority: number;
  /** Epoch milliseconds; among equal priorities the oldest goes first. */
  enqueuedAt: number;
}

export interface Assignment {
  conversationId: string;
  agentId: string;
}

/** An assigned chat as routing remembers it: skill and priority are needed to requeue it after a grace period. */
export interface AssignedChat extends Assignment {
  skill: string;
  priority: number;
}

/** A chat whose agent's grace period ran out, back in the queue. */
export interface RequeuedChat extends QueuedChat {
  previousAgentId: string;
}

export interface QueueStats {
  skill: string;
  length: number;
  oldestEnqueuedAt: number;
  oldestWaitMs: number;
}

export interface RoutingState {
  queued: QueuedChat[];
  assignments: AssignedChat[];
  agents: AgentState[];
}

export type EnqueueResult = 'queued' | 'already-queued' | 'assigned';

export type ClaimResult =
  | { ok: true }
  | {
      ok: false;
      reason: 'not-queued' | 'taken' | 'agent-unavailable' | 'lacks-skill' | 'at-capacity';
    };

export const RoutingPriority = { normal: 0, vip: 10, returningFromGrace: 20 } as const;

export interface RoutingOptions {
  /** Chats requeued after a grace period get at least this priority. Default 20. */
  graceReturnPriority?: number;
}

/**
 * Queues, agent presence/capacity and assignment. Two implementations behave the same:
 * `createRedisRouting` (shared by every node) and `createMemoryRouting` (single-node mode).
 * Every call that changes state is one atomic step.
 */
export interface ChatRouting {
  /** Creates or replaces an agent's skills, capacity and status; the agent's chats stay theirs. */
  setAgent(agent: AgentState): Promise<void>;
  /** False when the agent is unknown. */
  setAgentStatus(agentId: string, status: AgentStatus): Promise<boolean>;
  /** Chats the agent holds now, including those held through a grace period. */
  agentLoad(agentId: string): Promise<number>;
  /** Conversation ids the agent holds, sorted. */
  assignmentsOf(agentId: string): Promise<string[]>;
  /** Every known agent with status, capacity, skills and load, sorted by id. */
  listAgents(): Promise<AgentSnapshot[]>;

  /** Idempotent: a chat already queued or assigned is left as it is. */
  enqueue(chat: QueuedChat): Promise<EnqueueResult>;
  /** Takes a still-queued chat out of the queue (the shopper left). False when it was not queued. */
  dequeue(conversationId: string): Promise<boolean>;
  /**
   * Gives the best queued chat (highest priority, then oldest, then smallest id) that some
   * online agent with free capacity can serve to the agent the strategy picks:
   * least-busy = fewest chats, then least recently assigned; round-robin = least recently assigned.
   */
  assignNext(strategy: AssignStrategy): Promise<Assignment | null>;
  /** An agent (online or away) picks a specific queued chat. Claiming one's own chat again succeeds. */
  claim(conversationId: string, agentId: string): Promise<ClaimResult>;
  /**
   * Hands a chat `fromAgentId` holds straight to `toAgentId` (online or away, with the skill and a
   * free slot), in one step: it is never in the queue in between, so no other agent can take it.
   * 'taken' when `fromAgentId` does not hold it; moving to oneself succeeds and changes nothing.
   */
  move(conversationId: string, fromAgentId: string, toAgentId: string): Promise<ClaimResult>;
  /** The chat closed or moved on: the agent's load drops. False when the agent did not hold it. */
  release(conversationId: string, agentId: string): Promise<boolean>;

  /** Per skill with waiting chats, sorted by skill. */
  queueSnapshot(now: number): Promise<QueueStats[]>;
  /** Queued chats in assignment order, of one skill or all. */
  listQueue(skill: string | undefined, limit: number): Promise<QueuedChat[]>;

  /**
   * The agent's connection dropped: they go offline and keep their chats until `now + graceMs`
   * (an earlier pending deadline is kept). Returns the chats held.
   */
  agentDisconnected(agentId: string, graceMs: number, now: number): Promise<string[]>;
  /** Ends the grace period and sets the agent's status. Returns the chats they still hold. */
  agentReconnected(agentId: string, status?: AgentStatus): Promise<string[]>;
  /**
   * Requeues the chats of agents whose grace ran out by `now`, with at least the grace-return
   * priority and enqueued at the deadline; the caller persists the returned requeues.
   */
  expireGrace(now: number): Promise<RequeuedChat[]>;

  /** True when the shared state is missing (Redis lost it or never had it); memory: never. */
  needsRebuild(): Promise<boolean>;
  /**
   * Replaces the whole routing state with `state` (from MongoDB, the source of truth). With
   * `onlyIfMissing`, does nothing unless `needsRebuild()`; returns whether it replaced the state.
   * Grace periods are not restored: call `agentDisconnected` again for agents still away.
   */
  rebuild(state: RoutingState, options?: { onlyIfMissing?: boolean }): Promise<boolean>;
}

/** Thrown by the Redis implementation while its state is missing, until `rebuild` runs. Retryable. */
export class RoutingUnavailableError extends AppError {
  constructor() {
    super(ErrorCode.Unavailable, 'Chat routing is being restored; retry shortly.');
  }
}
