import mongoose, { Schema } from 'mongoose';
import { ErrorCode } from '../../shared/errors';
import { qualityRulesSchema, type QualityRules } from '../../shared/schemas/quality-rules';
import { AppError } from '../errors';
import { readQualityRulesFile } from './quality-rules-file';

/**
 * The quality rules in force: one document (`_id: 'current'`) of the collection `quality_rules`,
 * seeded from scripts-library/quality-rules.yaml the first time it is read. Every node keeps it
 * in memory and reads it again when its copy is older than `maxAgeMs`, so a supervisor's change
 * reaches every node within seconds without a broadcast.
 */
export interface QualityRulesDoc {
  _id: string;
  version: number;
  rules: QualityRules;
  updatedBy: string;
  updatedAt: Date;
}

const qualityRulesSchemaDoc = new Schema<QualityRulesDoc>(
  {
    _id: { type: String, required: true },
    version: { type: Number, required: true },
    rules: { type: Schema.Types.Mixed, required: true },
    updatedBy: { type: String, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'quality_rules', minimize: false },
);

export const QualityRulesModel = mongoose.model<QualityRulesDoc>(
  'QualityRules',
  qualityRulesSchemaDoc,
);

export const CURRENT_RULES_ID = 'current';
const DUPLICATE_KEY = 11000;

export interface QualityRulesSnapshot {
  version: number;
  rules: QualityRules;
  updatedBy: string;
  updatedAt: Date;
}

export interface QualityRulesStore {
  /** The rules in force (at most `maxAgeMs` old). */
  current(): Promise<QualityRulesSnapshot>;
  /**
   * Saves `rules` if the stored version is still `fromVersion`; E_QUALITY_CONFLICT otherwise.
   * Returns the new state and the one it replaced.
   */
  update(
    fromVersion: number,
    rules: QualityRules,
    by: string,
  ): Promise<{ before: QualityRulesSnapshot; after: QualityRulesSnapshot }>;
}

export function createQualityRulesStore(
  options: {
    maxAgeMs?: number;
    now?: () => number;
    /** The default rules; the file in scripts-library by default. */
    readDefault?: () => QualityRules;
  } = {},
): QualityRulesStore {
  const maxAgeMs = options.maxAgeMs ?? 5_000;
  const now = options.now ?? Date.now;
  const readDefault = options.readDefault ?? (() => readQualityRulesFile());
  let cached: { snapshot: QualityRulesSnapshot; at: number } | null = null;
  let loading: Promise<QualityRulesSnapshot> | null = null;
  // FerretDB can lose one of two concurrent updates of a document: this node writes one at a time.
  let writes: Promise<unknown> = Promise.resolve();

  const remember = (doc: QualityRulesDoc): QualityRulesSnapshot => {
    const parsed = qualityRulesSchema.safeParse(doc.rules);
    if (!parsed.success) {
      throw new Error(
        `quality_rules/${CURRENT_RULES_ID} v${doc.version} is not a valid rule set: ${parsed.error.issues[0]?.message}`,
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

  async function load(): Promise<QualityRulesSnapshot> {
    const found = await QualityRulesModel.findById(CURRENT_RULES_ID).lean<QualityRulesDoc>();
    if (found) return remember(found);
    const seed: QualityRulesDoc = {
      _id: CURRENT_RULES_ID,
      version: 1,
      rules: readDefault(),
      updatedBy: 'system',
      updatedAt: new Date(now()),
    };
    try {
      await QualityRulesModel.create(seed);
      return remember(seed);
    } catch (error) {
      // Another node seeded it first: theirs is the one.
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      const theirs = await QualityRulesModel.findById(CURRENT_RULES_ID).lean<QualityRulesDoc>();
      if (!theirs) throw error;
      return remember(theirs);
    }
  }

  function current(): Promise<QualityRulesSnapshot> {
    if (cached && now() - cached.at < maxAgeMs) return Promise.resolve(cached.snapshot);
    // Callers arriving while it loads share the one read.
    loading ??= load().finally(() => {
      loading = null;
    });
    return loading;
  }

  async function write(fromVersion: number, rules: QualityRules, by: string) {
    cached = null;
    const before = await current();
    if (before.version !== fromVersion) throw conflict(fromVersion, before.version);
    const updated = await QualityRulesModel.findOneAndUpdate(
      { _id: CURRENT_RULES_ID, version: fromVersion },
      { $set: { rules, updatedBy: by, updatedAt: new Date(now()) }, $inc: { version: 1 } },
      { new: true },
    ).lean<QualityRulesDoc>();
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
    ErrorCode.QualityConflict,
    `The quality rules are at version ${currentVersion}, not ${fromVersion}: someone saved them meanwhile. Reload and try again.`,
  );
}

/** The rules of this process (routes and the close of a conversation share it). */
export const qualityRulesStore: QualityRulesStore = createQualityRulesStore();
