import { trusted } from 'mongoose';
import {
  accumulateCounters,
  countersFrom,
  emptyCounters,
  funnelFrom,
  kpisFrom,
  MIN_SCRIPT_SAMPLE,
  objectionCountsFrom,
  scriptEffects,
  type OutcomeCounters,
} from '../../shared/domain/kpis';
import { formatDay, parseDay } from '../../shared/domain/utc-day';
import { ErrorCode } from '../../shared/errors';
import type { Dashboard, DashboardQuery } from '../../shared/schemas/dashboard';
import { AppError } from '../errors';
import {
  OutcomeDaily,
  ScriptDaily,
  type OutcomeDailyDoc,
  type ScriptDailyDoc,
} from './rollup-models';

/** The longest range one dashboard request may cover, both ends included. */
export const MAX_RANGE_DAYS = 366;

/** Every day from `from` to `to` (both 'YYYY-MM-DD', UTC), or a 400 for a bad range. */
export function daysOfRange(from: string, to: string): string[] {
  const first = parseDay(from);
  const last = parseDay(to);
  if (first === null || last === null) {
    throw new AppError(ErrorCode.Validation, 'Invalid input: from and to must be real dates.');
  }
  if (first > last) {
    throw new AppError(ErrorCode.Validation, 'Invalid input: from must not be after to.');
  }
  if (last - first + 1 > MAX_RANGE_DAYS) {
    throw new AppError(
      ErrorCode.Validation,
      `Invalid input: the range may cover at most ${MAX_RANGE_DAYS} days.`,
    );
  }
  const days: string[] = [];
  for (let day = first; day <= last; day++) days.push(formatDay(day));
  return days;
}

/** The rollup filter of a query: the day range, and the agent and segment when given. */
function rollupFilter(query: DashboardQuery) {
  return {
    day: trusted({ $gte: query.from, $lte: query.to }),
    ...(query.agent !== undefined ? { agentId: query.agent } : {}),
    ...(query.segment !== undefined ? { segment: query.segment } : {}),
  };
}

/** Where the rollup rows of a range come from: the database, or a node's copy (rollup-cache.ts). */
export type RollupSource = (
  query: Pick<DashboardQuery, 'from' | 'to' | 'agent' | 'segment'>,
) => Promise<{ daily: OutcomeDailyDoc[]; scripts: ScriptDailyDoc[] }>;

/** The rollup rows of a query's range, read from the database (both collections at once). */
export const readRollups: RollupSource = async (query) => {
  const filter = rollupFilter(query);
  const [daily, scripts] = await Promise.all([
    OutcomeDaily.find(filter).lean<OutcomeDailyDoc[]>(),
    ScriptDaily.find(filter, {
      scriptId: 1,
      version: 1,
      variant: 1,
      used: 1,
      won: 1,
    }).lean<ScriptDailyDoc[]>(),
  ]);
  return { daily, scripts };
};

interface AgentSum {
  agentId: string;
  agentName: string;
  counters: OutcomeCounters;
}

/**
 * The dashboard of a range: totals, per agent, per day (every day, empty ones at zero), funnel,
 * objections per day and script effectiveness, summed in this process from the rollup rows.
 * Chats closed without an agent (the shopper left the queue) count in the totals, the days and
 * the funnel but have no row in byAgent.
 */
export async function loadDashboard(
  query: DashboardQuery,
  source: RollupSource = readRollups,
): Promise<Dashboard> {
  const started = performance.now();
  const days = daysOfRange(query.from, query.to);
  const { daily, scripts } = await source(query);

  const totals = emptyCounters();
  const byDay = new Map(days.map((day) => [day, emptyCounters()]));
  const byAgent = new Map<string, AgentSum>();
  for (const row of daily) {
    const counters = countersFrom(row as unknown as Record<string, unknown>);
    accumulateCounters(totals, counters);
    const dayCounters = byDay.get(row.day);
    if (dayCounters) accumulateCounters(dayCounters, counters);
    if (!row.agentId) continue;
    const agent = byAgent.get(row.agentId) ?? {
      agentId: row.agentId,
      agentName: row.agentName ?? row.agentId,
      counters: emptyCounters(),
    };
    if (row.agentName) agent.agentName = row.agentName;
    accumulateCounters(agent.counters, counters);
    byAgent.set(row.agentId, agent);
  }

  const effects = scriptEffects(
    scripts.map((s) => ({
      scriptId: s.scriptId,
      version: s.version,
      variant: s.variant,
      used: s.used ?? 0,
      won: s.won ?? 0,
    })),
  );
  return {
    query,
    totals: kpisFrom(totals),
    byAgent: [...byAgent.values()]
      // Rows emptied by edits and deletions stay stored at zero: not an agent's activity.
      .filter((a) => a.counters.chats !== 0)
      .sort((a, b) => b.counters.chats - a.counters.chats || a.agentId.localeCompare(b.agentId))
      .map((a) => ({ agentId: a.agentId, agentName: a.agentName, kpis: kpisFrom(a.counters) })),
    byDay: [...byDay].map(([day, counters]) => ({ day, kpis: kpisFrom(counters) })),
    funnel: funnelFrom(totals),
    objectionsByDay: [...byDay].map(([day, counters]) => ({
      day,
      counts: objectionCountsFrom(counters),
    })),
    scripts: effects.scripts,
    abTests: effects.abTests,
    minSample: MIN_SCRIPT_SAMPLE,
    tookMs: Math.round((performance.now() - started) * 10) / 10,
  };
}

/** One row per agent × day with data in the range (the CSV export), by day then agent. */
export async function loadAgentDays(
  query: DashboardQuery,
  source: RollupSource = readRollups,
): Promise<{ day: string; agentId: string; agentName: string; counters: OutcomeCounters }[]> {
  daysOfRange(query.from, query.to);
  const { daily } = await source(query);
  const rows = new Map<
    string,
    { day: string; agentId: string; agentName: string; counters: OutcomeCounters }
  >();
  for (const row of daily) {
    if (!row.agentId) continue;
    const key = `${row.day}|${row.agentId}`;
    const entry = rows.get(key) ?? {
      day: row.day,
      agentId: row.agentId,
      agentName: row.agentName ?? row.agentId,
      counters: emptyCounters(),
    };
    if (row.agentName) entry.agentName = row.agentName;
    accumulateCounters(entry.counters, countersFrom(row as unknown as Record<string, unknown>));
    rows.set(key, entry);
  }
  return [...rows.values()]
    .filter((r) => r.counters.chats !== 0)
    .sort((a, b) => (a.day !== b.day ? (a.day < b.day ? -1 : 1) : a.agentId < b.agentId ? -1 : 1));
}

/**
 * Per agent, of the chats of customers in `segment` closed since `sinceDay` ('YYYY-MM-DD',
 * included) where the shopper asked: how many, and how many of those ended purchased (the
 * numerator and denominator of the agent's 询单转化率 in that segment). For value-aware routing.
 */
export async function segmentConversionByAgent(
  segment: string,
  sinceDay: string,
  source: RollupSource = readRollups,
): Promise<Map<string, { asked: number; purchased: number }>> {
  const { daily: rows } = await source({ from: sinceDay, to: '9999-12-31', segment });
  const byAgent = new Map<string, { asked: number; purchased: number }>();
  for (const row of rows) {
    if (!row.agentId) continue;
    const entry = byAgent.get(row.agentId) ?? { asked: 0, purchased: 0 };
    entry.asked += row.asked ?? 0;
    entry.purchased += row.askedPurchased ?? 0;
    byAgent.set(row.agentId, entry);
  }
  for (const [agentId, entry] of byAgent) if (entry.asked === 0) byAgent.delete(agentId);
  return byAgent;
}
