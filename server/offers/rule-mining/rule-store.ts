import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { trusted } from 'mongoose';
import type { AssociationRule } from '../../../shared/domain/rules';
import type { RuleRunProgress, RuleRunTrigger } from '../../../shared/schemas/rule-mining';
import {
  CHUNK_SIZE,
  chunkId,
  CURRENT_POINTER_ID,
  RuleChunk,
  RulePointer,
  RuleRun,
  type RuleChunkDoc,
  type RulePointerDoc,
  type RuleRunDoc,
} from './rule-run-model';

/** Run documents kept for the status page; older ones (and their rules) are deleted. */
export const KEEP_RUNS = 20;
/** A queued or running run that has not reported progress for this long has died with its node. */
export const STALE_MS = 10 * 60_000;

const NODE = `${hostname()}:${process.pid}`;

/** Sortable and unique: `20250301T101500123Z-a1b2c3`. */
export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:.]/g, '');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

export async function createRun(run: {
  runId: string;
  trigger: RuleRunTrigger;
  params: RuleRunDoc['params'];
}): Promise<RuleRunDoc> {
  const now = new Date();
  const doc: RuleRunDoc = {
    _id: run.runId,
    state: 'queued',
    trigger: run.trigger,
    node: NODE,
    progress: { step: 'queued', done: 0, total: 0 },
    params: run.params,
    minSupportUsed: null,
    counts: null,
    timings: null,
    startedAt: now,
    finishedAt: null,
    heartbeatAt: now,
    error: null,
    chunks: 0,
    rulesDeleted: false,
  };
  await RuleRun.create(doc);
  return doc;
}

export async function updateRun(
  runId: string,
  fields: Partial<Omit<RuleRunDoc, '_id'>>,
): Promise<void> {
  await RuleRun.updateOne({ _id: runId }, { $set: { ...fields, heartbeatAt: new Date() } });
}

export function reportProgress(runId: string, progress: RuleRunProgress): Promise<void> {
  return updateRun(runId, { progress });
}

export async function getRun(runId: string): Promise<RuleRunDoc | null> {
  return RuleRun.findById(runId).lean<RuleRunDoc>();
}

export async function readCurrentPointer(): Promise<RulePointerDoc | null> {
  return RulePointer.findById(CURRENT_POINTER_ID).lean<RulePointerDoc>();
}

/**
 * Writes the rules of `runId` (best first) as chunks, then makes them the current rules.
 * `onChunk` is called after each chunk is written.
 */
export async function storeRules(
  run: { runId: string; startedAt: Date },
  rules: readonly AssociationRule[],
  onChunk?: (done: number, total: number) => Promise<void> | void,
): Promise<RulePointerDoc> {
  const chunks = Math.ceil(rules.length / CHUNK_SIZE);
  // Recorded first, so that a run dying half-way still has its chunks found and deleted.
  await updateRun(run.runId, { chunks });
  for (let n = 0; n < chunks; n++) {
    const doc: RuleChunkDoc = {
      _id: chunkId(run.runId, n),
      runId: run.runId,
      n,
      rules: rules.slice(n * CHUNK_SIZE, (n + 1) * CHUNK_SIZE).map((r) => ({
        antecedent: [...r.antecedent],
        consequent: [...r.consequent],
        support: r.support,
        confidence: r.confidence,
        lift: r.lift,
        count: r.count,
      })),
    };
    // The driver's own insert: casting a thousand rules through Mongoose gains nothing here.
    await RuleChunk.collection.insertOne(doc as never);
    await onChunk?.(n + 1, chunks);
  }
  const pointer: RulePointerDoc = {
    _id: CURRENT_POINTER_ID,
    runId: run.runId,
    startedAt: run.startedAt,
    finishedAt: new Date(),
    chunks,
    rules: rules.length,
  };
  // The last run to finish wins; its rules are complete before anyone is pointed at them.
  await RulePointer.collection.replaceOne({ _id: CURRENT_POINTER_ID } as never, pointer, {
    upsert: true,
  });
  return pointer;
}

export interface CurrentRules {
  runId: string;
  finishedAt: Date;
  rules: AssociationRule[];
}

/** The rules of the latest successful run, best lift first; null before any run succeeded. */
export async function loadCurrentRules(): Promise<CurrentRules | null> {
  // A run finishing meanwhile may swap the pointer and delete the chunks being read: read again.
  for (let attempt = 0; attempt < 3; attempt++) {
    const pointer = await readCurrentPointer();
    if (!pointer) return null;
    const rules = await readChunks(pointer.runId, pointer.chunks);
    if (rules) return { runId: pointer.runId, finishedAt: pointer.finishedAt, rules };
  }
  throw new Error('The stored cross-sell rules kept changing while being read.');
}

/** The best `limit` stored rules (from the first chunk alone when it holds enough). */
export async function loadTopRules(limit: number): Promise<{
  pointer: RulePointerDoc;
  rules: AssociationRule[];
} | null> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const pointer = await readCurrentPointer();
    if (!pointer) return null;
    const needed = Math.min(pointer.chunks, Math.ceil(limit / CHUNK_SIZE));
    const rules = await readChunks(pointer.runId, needed);
    if (rules) return { pointer, rules: rules.slice(0, limit) };
  }
  return null;
}

/** The run's first `count` chunks in order, or null when one is missing. */
async function readChunks(runId: string, count: number): Promise<AssociationRule[] | null> {
  const rules: AssociationRule[] = [];
  for (let n = 0; n < count; n++) {
    const chunk = await RuleChunk.collection.findOne({ _id: chunkId(runId, n) } as never);
    if (!chunk) return null;
    for (const r of (chunk as unknown as RuleChunkDoc).rules) {
      rules.push({
        antecedent: r.antecedent,
        consequent: r.consequent,
        support: r.support,
        confidence: r.confidence,
        lift: r.lift,
        count: r.count,
      });
    }
  }
  return rules;
}

/**
 * The latest runs, newest first. Queued or running runs silent for STALE_MS are marked failed
 * on the way (their node stopped or lost the database mid-run).
 */
export async function listRecentRuns(now = Date.now()): Promise<RuleRunDoc[]> {
  const runs = await RuleRun.find()
    .sort({ startedAt: -1 })
    .limit(KEEP_RUNS * 2)
    .lean<RuleRunDoc[]>();
  for (const run of runs) {
    if ((run.state === 'queued' || run.state === 'running') && isStale(run, now)) {
      const fields = {
        state: 'failed' as const,
        finishedAt: new Date(now),
        error: 'The run stopped without finishing: its server stopped or lost the database.',
      };
      await RuleRun.updateOne({ _id: run._id, state: run.state }, { $set: fields });
      Object.assign(run, fields);
    }
  }
  return runs;
}

export const isStale = (run: RuleRunDoc, now = Date.now()) =>
  now - run.heartbeatAt.getTime() > STALE_MS;

/**
 * Deletes the rules of every run but the current one and those still going, and the run
 * documents beyond the latest KEEP_RUNS. Safe to run from any node at any time.
 */
export async function cleanUpRuns(): Promise<void> {
  // Runs first, then the pointer: a run is marked done only after it became current, so one
  // listed as ended is either still current when the pointer is read, or replaced for good.
  const runs = await listRecentRuns();
  const pointer = await readCurrentPointer();
  const ended = (run: RuleRunDoc) => run.state === 'done' || run.state === 'failed';
  const stale = runs.filter((run) => run._id !== pointer?.runId && ended(run));
  const deleteChunks = stale
    .filter((run) => !run.rulesDeleted && run.chunks > 0)
    .flatMap((run) => Array.from({ length: run.chunks }, (_, n) => chunkId(run._id, n)));
  if (deleteChunks.length > 0) {
    await RuleChunk.deleteMany({ _id: trusted({ $in: deleteChunks }) });
  }
  const cleaned = stale.filter((run) => !run.rulesDeleted && run.chunks > 0).map((r) => r._id);
  if (cleaned.length > 0) {
    await RuleRun.updateMany({ _id: trusted({ $in: cleaned }) }, { $set: { rulesDeleted: true } });
  }
  const surplus = runs
    .slice(KEEP_RUNS)
    .filter((run) => run._id !== pointer?.runId && ended(run))
    .map((run) => run._id);
  if (surplus.length > 0) await RuleRun.deleteMany({ _id: trusted({ $in: surplus }) });
}
