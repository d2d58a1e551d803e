import mongoose, { Schema } from 'mongoose';
import { ErrorCode } from '../../shared/errors';
import { outreachRulesSchema, type OutreachRules } from '../../shared/schemas/outreach';
import { AppError } from '../errors';
import { readOutreachRulesFile } from './outreach-rules-file';

/**
 * The outreach rules in force: one document (`_id: 'current'`) of the collection
 * `outreach_rules`, seeded from scripts-library/outreach-rules.yaml the first time it is read.
 * Every node keeps it in memory and reads it again when its copy is older than `maxAgeMs`
 * (5 s), so a supervisor's change reaches the scheduler on any node within seconds.
 */
export interface OutreachRulesDoc {
  _id: string;
  version: number;
  rules: OutreachRules;
  updatedBy: string;
  updatedAt: Date;
}

const outreachRulesDocSchema = new Schema<OutreachRulesDoc>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    rules: { type: Schema.Types.Mixed, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'outreach_rules', minimize: false },
);

export const OutreachRulesModel = mongoose.model<OutreachRulesDoc>(
  'OutreachRules',
  outreachRulesDocSchema,
);

export const CURRENT_OUTREACH_RULES_ID = 'current';
const DUPLICATE_KEY = 11000;

export interface OutreachRulesSnapshot {
  version: number;
  rules: OutreachRules;
  updatedBy: string;
  updatedAt: Date;
}

export interface OutreachRulesStore {
  /** The rules in force (at most `maxAgeMs` old). */
  current(): Promise<OutreachRulesSnapshot>;
  /**
   * Saves `rules` if the stored version is still `fromVersion`; E_OUTREACH_CONFLICT otherwise.
   * Returns the new state and the one it replaced.
   */
  update(
    fromVersion: number,
    rules: OutreachRules,
    by: string,
  ): Promise<{ before: OutreachRulesSnapshot; after: OutreachRulesSnapshot }>;
}

export function createOutreachRulesStore(
  options: {
    maxAgeMs?: number;
    now?: () => number;
    /** The default rules; the file in scripts-library by default. */
    readDefault?: () => OutreachRules;
  } = {},
): OutreachRulesStore {
  const maxAgeMs = options.maxAgeMs ?? 5_000;
  const now = options.now ?? Date.now;
  const readDefault = options.readDefault ?? (() => readOutreachRulesFile());
  let cached: { snapshot: OutreachRulesSnapshot; at: number } | null = null;
  let loading: Promise<OutreachRulesSnapshot> | null = null;
  // FerretDB can lose one of two concurrent updates of a document: this node writes one at a time.
  let writes: Promise<unknown> = Promise.resolve();

  const remember = (doc: OutreachRulesDoc): OutreachRulesSnapshot => {
    const parsed = outreachRulesSchema.safeParse(doc.rules);
    if (!parsed.success) {
      throw new Error(
        `outreach_rules/${CURRENT_OUTREACH_RULES_ID} v${doc.version} is not a valid rule set: ${parsed.error.issues[0]?.message}`,
      );
    }
    const snapshot = {
      version: doc.version,
      rules: parsed.data,
      updatedBy: doc.updatedBy,
      updatedAt: doc.updatedAt,
    };
    cached = { snapshot, at: now() };
    return snapshot;
  };

  async function load(): Promise<OutreachRulesSnapshot> {
    const found =
      await OutreachRulesModel.findById(CURRENT_OUTREACH_RULES_ID).lean<OutreachRulesDoc>();
    if (found) return remember(found);
    const seed: OutreachRulesDoc = {
      _id: CURRENT_OUTREACH_RULES_ID,
      version: 1,
      rules: readDefault(),
      updatedBy: 'system',
      updatedAt: new Date(now()),
    };
    try {
      await OutreachRulesModel.create(seed);
      return remember(seed);
    } catch (error) {
      // Another node seeded it first: theirs is the one.
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      const theirs =
        await OutreachRulesModel.findById(CURRENT_OUTREACH_RULES_ID).lean<OutreachRulesDoc>();
      if (!theirs) throw error;
      return remember(theirs);
    }
  }

  function current(): Promise<OutreachRulesSnapshot> {
    if (cached && now() - cached.at < maxAgeMs) return Promise.resolve(cached.snapshot);
    // Callers arriving while it loads share the one read.
    loading ??= load().finally(() => {
      loading = null;
    });
    return loading;
  }

  async function write(fromVersion: number, rules: OutreachRules, by: string) {
    cached = null;
    const before = await current();
    if (before.version !== fromVersion) throw conflict(fromVersion, before.version);
    const updated = await OutreachRulesModel.findOneAndUpdate(
      { _id: CURRENT_OUTREACH_RULES_ID, version: fromVersion },
      { $set: { rules, updatedBy: by, updatedAt: new Date(now()) }, $inc: { version: 1 } },
      { new: true },
    ).lean<OutreachRulesDoc>();
    if (!updated) {
      cached = null;
      throw conflict(fromVersion, (await current()).version);
    }
    return { before, after: remember(updated) };
  }

  return {
    current,
    update(fromVersion, rules, by) {
      const result = writes.then(() => write(fromVersion, rules, by));
      writes = result.catch(() => undefined);
      return result;
    },
  };
}

function conflict(fromVersion: number, currentVersion: number): AppError {
  return new AppError(
    ErrorCode.OutreachConflict,
    `The outreach rules are at version ${currentVersion}, not ${fromVersion}: someone saved them meanwhile. Reload and try again.`,
  );
}

/** The rules of this process (routes and the scheduler share it). */
export const outreachRulesStore: OutreachRulesStore = createOutreachRulesStore();
