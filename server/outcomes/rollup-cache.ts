import { counterKeys } from '../../shared/domain/kpis';
import type { DashboardQuery } from '../../shared/schemas/dashboard';
import type { Logger } from '../infra/logger';
import { inRollupLane, onRollupsApplied, type RollupDeltas } from './outcome-rollups';
import {
  OutcomeDaily,
  ScriptDaily,
  type OutcomeDailyDoc,
  type ScriptDailyDoc,
} from './rollup-models';

export interface RollupRows {
  daily: OutcomeDailyDoc[];
  scripts: ScriptDailyDoc[];
}

export interface RollupCache {
  /** The rollup rows of a query's range (and agent and segment when given). */
  rows(query: Pick<DashboardQuery, 'from' | 'to' | 'agent' | 'segment'>): Promise<RollupRows>;
  stop(): void;
}

/**
 * The dashboards' rollups held in memory. The embedded FerretDB reads a collection by scanning
 * every document (≈10 s for the 80,000 rollup rows of 100,000 chats), so the rows are read once,
 * on the first dashboard request, then kept current with this node's own writes (applied in the
 * same lane as the writes, so a reload never counts one twice) and read again every `reloadMs`
 * for what other nodes and `npm run outcomes:rollup` wrote.
 */
export function createRollupCache(options: { reloadMs: number; logger?: Logger }): RollupCache {
  let daily = new Map<string, OutcomeDailyDoc>();
  let scripts = new Map<string, ScriptDailyDoc>();
  let ready: Promise<void> | null = null;
  let timer: NodeJS.Timeout | undefined;

  const load = () =>
    inRollupLane(async () => {
      const started = performance.now();
      const [d, s] = await Promise.all([
        OutcomeDaily.find({}).lean<OutcomeDailyDoc[]>(),
        ScriptDaily.find({}).lean<ScriptDailyDoc[]>(),
      ]);
      daily = new Map(d.map((row) => [row._id, row]));
      scripts = new Map(s.map((row) => [row._id, row]));
      options.logger?.info(
        { daily: d.length, scripts: s.length, ms: Math.round(performance.now() - started) },
        'dashboard rollups loaded',
      );
    });

  const stopListening = onRollupsApplied((deltas) => {
    // Not loaded yet: the first load reads these writes from the database.
    if (ready) applyDeltas(deltas);
  });

  function applyDeltas({ daily: dailyDeltas, scripts: scriptDeltas }: RollupDeltas): void {
    for (const [id, { key, counters }] of dailyDeltas) {
      const row: OutcomeDailyDoc = daily.get(id) ?? { _id: id, ...key };
      for (const name of counterKeys) {
        if (counters[name] !== 0) row[name] = (row[name] ?? 0) + counters[name];
      }
      row.agentId = key.agentId;
      row.agentName = key.agentName;
      daily.set(id, row);
    }
    for (const [id, { key, used, won }] of scriptDeltas) {
      const row: ScriptDailyDoc = scripts.get(id) ?? { _id: id, ...key, used: 0, won: 0 };
      row.used = (row.used ?? 0) + used;
      row.won = (row.won ?? 0) + won;
      scripts.set(id, row);
    }
  }

  function ensureLoaded(): Promise<void> {
    if (!ready) {
      ready = load().catch((error: unknown) => {
        ready = null;
        throw error;
      });
      timer = setInterval(() => {
        load().catch((err: unknown) => options.logger?.warn({ err }, 'rollups not reloaded'));
      }, options.reloadMs);
      timer.unref();
    }
    return ready;
  }

  return {
    async rows(query) {
      await ensureLoaded();
      const inRange = (row: { day: string; agentId: string | null; segment: string }) =>
        row.day >= query.from &&
        row.day <= query.to &&
        (query.agent === undefined || row.agentId === query.agent) &&
        (query.segment === undefined || row.segment === query.segment);
      return {
        daily: [...daily.values()].filter(inRange),
        scripts: [...scripts.values()].filter(inRange),
      };
    },
    stop() {
      clearInterval(timer);
      stopListening();
    },
  };
}
