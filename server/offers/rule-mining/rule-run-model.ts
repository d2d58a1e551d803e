import mongoose, { Schema } from 'mongoose';
import type { AssociationRule } from '../../../shared/domain/rules';
import {
  ruleRunStateSchema,
  ruleRunStepSchema,
  ruleRunTriggerSchema,
  type RuleRunView,
} from '../../../shared/schemas/rule-mining';

/**
 * Storage of cross-sell rule mining, laid out so that everything hot is read by `_id` (the one
 * lookup FerretDB indexes):
 *
 * - `offer_rule_runs`: one document per run, `_id` = run id, with its state and progress.
 *   A handful of them (the latest KEEP_RUNS) are kept for the status page.
 * - `offer_rule_chunks`: the rules of a run, CHUNK_SIZE per document, `_id` = `${runId}:${n}`,
 *   best lift first (chunk 0 holds the top rules). Only the current run's chunks (and those of
 *   runs still going) are kept.
 * - `offer_rule_current`: one document, `_id` = 'current', naming the run whose rules are in use.
 *
 * Without transactions, a run writes its chunks first, then swaps the pointer, then cleans up:
 * a reader follows the pointer to chunks that exist.
 */

export type RuleRunDoc = Omit<RuleRunView, 'id' | 'startedAt' | 'finishedAt'> & {
  _id: string;
  startedAt: Date;
  finishedAt: Date | null;
  /** Updated with the progress; a queued or running run silent for STALE_MS has died. */
  heartbeatAt: Date;
  /** hostname:pid of the process mining. */
  node: string;
  /** Chunk documents the run writes (set before they are written, so cleanup finds them all). */
  chunks: number;
  /** True once the run's chunks are deleted. */
  rulesDeleted: boolean;
};

export interface RuleChunkDoc {
  _id: string;
  runId: string;
  n: number;
  rules: AssociationRule[];
}

export interface RulePointerDoc {
  _id: 'current';
  runId: string;
  startedAt: Date;
  finishedAt: Date;
  chunks: number;
  rules: number;
}

export const CURRENT_POINTER_ID = 'current';
export const CHUNK_SIZE = 1000;
export const chunkId = (runId: string, n: number) => `${runId}:${n}`;

const runSchema = new Schema<RuleRunDoc>(
  {
    _id: { type: String, required: true },
    state: { type: String, enum: ruleRunStateSchema.options, required: true },
    trigger: { type: String, enum: ruleRunTriggerSchema.options, required: true },
    node: { type: String, required: true },
    progress: {
      step: { type: String, enum: ruleRunStepSchema.options, required: true },
      done: { type: Number, required: true },
      total: { type: Number, required: true },
    },
    params: {
      minSupport: { type: Number, default: null },
      minConfidence: { type: Number, required: true },
      maxLen: { type: Number, required: true },
      minLift: { type: Number, required: true },
      maxRules: { type: Number, required: true },
    },
    minSupportUsed: { type: Number, default: null },
    counts: {
      type: new Schema(
        {
          orders: Number,
          baskets: Number,
          itemsets: Number,
          rules: Number,
        },
        { _id: false },
      ),
      default: null,
    },
    timings: {
      type: new Schema(
        { loadMs: Number, miningMs: Number, storeMs: Number, totalMs: Number },
        { _id: false },
      ),
      default: null,
    },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, default: null },
    heartbeatAt: { type: Date, required: true },
    error: { type: String, default: null },
    chunks: { type: Number, default: 0 },
    rulesDeleted: { type: Boolean, default: false },
  },
  { versionKey: false, collection: 'offer_rule_runs' },
);

const ruleSchema = new Schema(
  {
    antecedent: [String],
    consequent: [String],
    support: Number,
    confidence: Number,
    lift: Number,
    count: Number,
  },
  { _id: false },
);

const chunkSchema = new Schema<RuleChunkDoc>(
  {
    _id: { type: String, required: true },
    runId: { type: String, required: true },
    n: { type: Number, required: true },
    rules: { type: [ruleSchema], default: undefined },
  },
  { versionKey: false, collection: 'offer_rule_chunks' },
);

const pointerSchema = new Schema<RulePointerDoc>(
  {
    _id: { type: String, required: true },
    runId: { type: String, required: true },
    startedAt: { type: Date, required: true },
    finishedAt: { type: Date, required: true },
    chunks: { type: Number, required: true },
    rules: { type: Number, required: true },
  },
  { versionKey: false, collection: 'offer_rule_current' },
);

export const RuleRun = mongoose.model<RuleRunDoc>('RuleRun', runSchema);
export const RuleChunk = mongoose.model<RuleChunkDoc>('RuleChunk', chunkSchema);
export const RulePointer = mongoose.model<RulePointerDoc>('RulePointer', pointerSchema);

export function presentRun(doc: RuleRunDoc): RuleRunView {
  return {
    id: doc._id,
    state: doc.state,
    trigger: doc.trigger,
    progress: {
      step: doc.progress.step,
      done: doc.progress.done,
      total: doc.progress.total,
    },
    params: {
      minSupport: doc.params.minSupport ?? null,
      minConfidence: doc.params.minConfidence,
      maxLen: doc.params.maxLen,
      minLift: doc.params.minLift,
      maxRules: doc.params.maxRules,
    },
    minSupportUsed: doc.minSupportUsed ?? null,
    counts: doc.counts
      ? {
          orders: doc.counts.orders,
          baskets: doc.counts.baskets,
          itemsets: doc.counts.itemsets,
          rules: doc.counts.rules,
        }
      : null,
    timings: doc.timings
      ? {
          loadMs: doc.timings.loadMs,
          miningMs: doc.timings.miningMs,
          storeMs: doc.timings.storeMs,
          totalMs: doc.timings.totalMs,
        }
      : null,
    startedAt: doc.startedAt.toISOString(),
    finishedAt: doc.finishedAt ? doc.finishedAt.toISOString() : null,
    error: doc.error ?? null,
  };
}
