/*
 * The supervisors' live monitor: figures over the queue and the agents, and how a wait reads.
 * Pure: the server computes the snapshot's stats with it, the client ticks waits with it.
 */

export interface MonitorStatsInput {
  queue: ReadonlyArray<{ waitingMs: number }>;
  agents: ReadonlyArray<{
    role: string;
    status: 'online' | 'away' | 'offline';
    load: number;
    capacity: number;
  }>;
}

export interface MonitorFigures {
  /** Chats waiting in the queue. */
  queued: number;
  /** The longest wait among them (0 when none waits). */
  longestWaitMs: number;
  /** Agents (role agent) taking chats, and those stepped away. */
  online: number;
  away: number;
  /** Chats held by agents, including those kept through a grace period. */
  totalLoad: number;
  /** Chat slots of the agents who are online or away (offline agents take no chats). */
  totalCapacity: number;
}

/** Supervisors who took a chat over hold it too, but are not counted as the team's agents. */
export function monitorFigures({ queue, agents }: MonitorStatsInput): MonitorFigures {
  const team = agents.filter((a) => a.role === 'agent');
  const available = team.filter((a) => a.status !== 'offline');
  return {
    queued: queue.length,
    longestWaitMs: queue.reduce((longest, chat) => Math.max(longest, chat.waitingMs), 0),
    online: team.filter((a) => a.status === 'online').length,
    away: team.filter((a) => a.status === 'away').length,
    totalLoad: team.reduce((sum, a) => sum + a.load, 0),
    totalCapacity: available.reduce((sum, a) => sum + a.capacity, 0),
  };
}

/** How long since `sinceIso` at `now` (ms), never negative (clocks of two machines differ). */
export function elapsedMs(sinceIso: string, now: number): number {
  const since = Date.parse(sinceIso);
  return Number.isFinite(since) ? Math.max(0, now - since) : 0;
}

/** A wait as a clock: "0:07", "12:05", "1:02:03" (whole seconds, rounded down). */
export function formatWait(ms: number): string {
  const total = Math.floor(Math.max(0, ms) / 1000);
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  const ss = String(seconds).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${ss}` : `${minutes}:${ss}`;
}

/** Share of the capacity in use, 0..100 (0 when there is no capacity). */
export function loadPercent(load: number, capacity: number): number {
  if (capacity <= 0) return load > 0 ? 100 : 0;
  return Math.min(100, Math.round((load / capacity) * 100));
}
