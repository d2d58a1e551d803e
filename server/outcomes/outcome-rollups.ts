import { trusted, type Model, type RootFilterQuery } from 'mongoose';
import {
  accumulateCounters,
  countersOf,
  emptyCounters,
  negateCounters,
  nonZeroCounters,
  scriptUsesOf,
  type OutcomeCounters,
} from '../../shared/domain/kpis';
import { Outcome, type OutcomeDoc } from './outcome-model';
import {
  OutcomeDaily,
  outcomeDailyId,
  ScriptDaily,
  scriptDailyId,
  type OutcomeDailyDoc,
  type ScriptDailyDoc,
} from './rollup-models';

type RollupKey = Pick<OutcomeDoc, 'day' | 'agentId' | 'agentName' | 'segment'>;

// FerretDB on SQLite applies an update by reading the document and writing it back whole, so
// two `$inc`s of one rollup document at once can undo each other (see inConversationLane in
// conversations/conversation-service.ts). This node sends its rollup writes one at a time.
// Several nodes can still race on one document; `npm run outcomes:rollup` rebuilds the rollups.
let lane: Promise<unknown> = Promise.resolve();
export function inRollupLane<T>(work: () => Promise<T>): Promise<T> {
  const next = lane.then(work, work);
  lane = next.catch(() => undefined);
  return next;
}

export interface DailyDelta {
  key: RollupKey;
  counters: OutcomeCounters;
}
export interface ScriptDelta {
  key: Omit<ScriptDailyDoc, '_id' | 'used' | 'won'>;
  used: number;
  won: number;
}

/** What an outcome contributes (sign −1: takes it away), added into the deltas by document. */
function collect(
  outcome: OutcomeDoc,
  sign: 1 | -1,
  daily: Map<string, DailyDelta>,
  scripts: Map<string, ScriptDelta>,
): void {
  const key: RollupKey = {
    day: outcome.day,
    agentId: outcome.agentId,
    agentName: outcome.agentName,
    segment: outcome.segment,
  };
  const counters = countersOf(outcome);
  const dailyId = outcomeDailyId(key);
  const row = daily.get(dailyId) ?? { key, counters: emptyCounters() };
  accumulateCounters(row.counters, sign === 1 ? counters : negateCounters(counters));
  // The latest name of the agent wins (the `next` outcome is collected last).
  if (sign === 1 && outcome.agentName !== null) row.key = key;
  daily.set(dailyId, row);
  for (const use of scriptUsesOf(outcome)) {
    const scriptKey = {
      ...key,
      scriptId: use.scriptId,
      version: use.version,
      variant: use.variant,
    };
    const id = scriptDailyId(scriptKey);
    const delta = scripts.get(id) ?? { key: scriptKey, used: 0, won: 0 };
    delta.used += sign * use.used;
    delta.won += sign * use.won;
    scripts.set(id, delta);
  }
}

/**
 * Brings the daily rollups up to date with one outcome record that was created (previous null),
 * changed (a rating, a linked order, a refund, an edit) or deleted (next null): adds next −
 * previous to its rollup documents with `$inc`, creating them when missing. Call it after the
 * record itself was written, with the record as it was before and as it is now.
 */
export function applyOutcomeChange(
  previous: OutcomeDoc | null,
  next: OutcomeDoc | null,
): Promise<void> {
  const daily = new Map<string, DailyDelta>();
  const scripts = new Map<string, ScriptDelta>();
  if (previous) collect(previous, -1, daily, scripts);
  if (next) collect(next, 1, daily, scripts);
  return inRollupLane(async () => {
    for (const [_id, { key, counters }] of daily) {
      const inc = nonZeroCounters(counters);
      if (Object.keys(inc).length === 0) continue;
      await OutcomeDaily.updateOne(
        { _id },
        {
          $inc: inc,
          $setOnInsert: { day: key.day, segment: key.segment },
          // agentId in $set: an upsert's $setOnInsert drops a null here (agent-less chats).
          $set: { agentId: key.agentId, agentName: key.agentName },
        },
        { upsert: true },
      );
    }
    for (const [_id, { key, used, won }] of scripts) {
      if (used === 0 && won === 0) continue;
      const { agentId, agentName, ...identity } = key;
      await ScriptDaily.updateOne(
        { _id },
        { $inc: { used, won }, $setOnInsert: identity, $set: { agentId, agentName } },
        { upsert: true },
      );
    }
    // Still in the lane: a copy of the rollups reloaded in this lane never counts these twice.
    for (const listener of appliedListeners) listener({ daily, scripts });
  });
}

export interface RollupDeltas {
  daily: ReadonlyMap<string, DailyDelta>;
  scripts: ReadonlyMap<string, ScriptDelta>;
}
const appliedListeners = new Set<(deltas: RollupDeltas) => void>();

/** Calls `listener` with every change written to the rollups by this process, in write order. */
export function onRollupsApplied(listener: (deltas: RollupDeltas) => void): () => void {
  appliedListeners.add(listener);
  return () => appliedListeners.delete(listener);
}

const BATCH = 500;

/** Writes `docs` over the collection's documents and deletes the ones not among them. */
async function replaceAll<T extends { _id: string }>(model: Model<T>, docs: T[]): Promise<number> {
  for (let i = 0; i < docs.length; i += BATCH) {
    await model.bulkWrite(
      docs.slice(i, i + BATCH).map((doc) => ({
        replaceOne: {
          filter: { _id: doc._id } as RootFilterQuery<T>,
          replacement: doc,
          upsert: true,
        },
      })),
      { ordered: false },
    );
  }
  const keep = new Set(docs.map((d) => d._id));
  const stored = await model.find({}, { _id: 1 }).lean<{ _id: string }[]>();
  const stale = stored.map((d) => d._id).filter((id) => !keep.has(id));
  for (let i = 0; i < stale.length; i += BATCH) {
    await model.deleteMany({ _id: trusted({ $in: stale.slice(i, i + BATCH) }) });
  }
  return stale.length;
}

export interface RebuildResult {
  outcomes: number;
  dailyRows: number;
  scriptRows: number;
  /** Rollup documents that no outcome backs any more (removed). */
  removed: number;
}

/**
 * Recomputes both rollup collections from the `outcomes` collection (streamed, summed in this
 * process) and writes them over the stored ones: the recovery when rollups drifted (a crash
 * between the record and its rollup, nodes racing on one document). Run it while no outcome is
 * being written: a record written during the rebuild may be counted twice or not at all
 * (running it again then fixes that).
 */
export function rebuildRollups(): Promise<RebuildResult> {
  return inRollupLane(async () => {
    const daily = new Map<string, DailyDelta>();
    const scripts = new Map<string, ScriptDelta>();
    let outcomes = 0;
    for await (const outcome of Outcome.find().lean<OutcomeDoc>().cursor({ batchSize: 1000 })) {
      collect(outcome as OutcomeDoc, 1, daily, scripts);
      outcomes += 1;
    }
    const docs = documentsOf(daily, scripts);
    const removed =
      (await replaceAll(OutcomeDaily, docs.daily)) + (await replaceAll(ScriptDaily, docs.scripts));
    return {
      outcomes,
      dailyRows: docs.daily.length,
      scriptRows: docs.scripts.length,
      removed,
    };
  });
}

function documentsOf(
  daily: Map<string, DailyDelta>,
  scripts: Map<string, ScriptDelta>,
): { daily: OutcomeDailyDoc[]; scripts: ScriptDailyDoc[] } {
  return {
    daily: [...daily].map(([_id, { key, counters }]) => ({
      _id,
      day: key.day,
      agentId: key.agentId,
      agentName: key.agentName,
      segment: key.segment,
      ...counters,
    })),
    scripts: [...scripts].map(([_id, { key, used, won }]) => ({ _id, ...key, used, won })),
  };
}

/** Every rollup document a set of outcomes makes (the bench seeds with these directly). */
export function rollupDocsOf(outcomes: Iterable<OutcomeDoc>): {
  daily: OutcomeDailyDoc[];
  scripts: ScriptDailyDoc[];
} {
  const daily = new Map<string, DailyDelta>();
  const scripts = new Map<string, ScriptDelta>();
  for (const outcome of outcomes) collect(outcome, 1, daily, scripts);
  return documentsOf(daily, scripts);
}
