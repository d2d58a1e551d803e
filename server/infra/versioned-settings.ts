import mongoose, { Schema, type Model } from 'mongoose';
import type { z } from 'zod';
import type { AppError } from '../errors';

/**
 * Settings that supervisors edit as a whole (the quality rules, the outreach rules): one
 * document `_id: 'current'` holding a version, the settings, who saved them and when; seeded
 * from a default (a file in scripts-library/) the first time it is read. Every node keeps a copy
 * in memory and reads it again when the copy is older than `maxAgeMs`, so a change reaches
 * every node within seconds without a broadcast. A save names the version it started from and
 * is refused when someone saved meanwhile.
 */
export interface VersionedSettingsDoc<T> {
  _id: string;
  version: number;
  rules: T;
  updatedBy: string;
  updatedAt: Date;
}

export interface VersionedSettingsSnapshot<T> {
  version: number;
  rules: T;
  updatedBy: string;
  updatedAt: Date;
}

export interface VersionedSettingsStore<T> {
  /** The settings in force (at most `maxAgeMs` old). */
  current(): Promise<VersionedSettingsSnapshot<T>>;
  /** Saves `rules` if the stored version is still `fromVersion`; the conflict error otherwise. */
  update(
    fromVersion: number,
    rules: T,
    by: string,
  ): Promise<{ before: VersionedSettingsSnapshot<T>; after: VersionedSettingsSnapshot<T> }>;
}

export const CURRENT_SETTINGS_ID = 'current';
const DUPLICATE_KEY = 11000;

export function versionedSettingsModel<T>(
  name: string,
  collection: string,
): Model<VersionedSettingsDoc<T>> {
  const schema = new Schema<VersionedSettingsDoc<T>>(
    {
      _id: { type: String, required: true },
      version: { type: Number, required: true },
      rules: { type: Schema.Types.Mixed, required: true },
      updatedBy: { type: String, required: true },
      updatedAt: { type: Date, required: true },
    },
    { versionKey: false, collection, minimize: false },
  );
  return mongoose.model<VersionedSettingsDoc<T>>(name, schema);
}

export function createVersionedSettingsStore<T>(options: {
  model: Model<VersionedSettingsDoc<T>>;
  schema: z.ZodType<T>;
  readDefault: () => T;
  /** The error for a save from a stale version. */
  conflict: (fromVersion: number, currentVersion: number) => AppError;
  maxAgeMs?: number;
  now?: () => number;
}): VersionedSettingsStore<T> {
  const { model } = options;
  const maxAgeMs = options.maxAgeMs ?? 5_000;
  const now = options.now ?? Date.now;
  let cached: { snapshot: VersionedSettingsSnapshot<T>; at: number } | null = null;
  let loading: Promise<VersionedSettingsSnapshot<T>> | null = null;
  // FerretDB can lose one of two concurrent updates of a document: this node writes one at a time.
  let writes: Promise<unknown> = Promise.resolve();

  const remember = (doc: VersionedSettingsDoc<T>): VersionedSettingsSnapshot<T> => {
    const parsed = options.schema.safeParse(doc.rules);
    if (!parsed.success) {
      throw new Error(
        `${model.collection.collectionName}/${CURRENT_SETTINGS_ID} v${doc.version} is not valid: ${parsed.error.issues[0]?.message}`,
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
  const stored = () => model.findById(CURRENT_SETTINGS_ID).lean<VersionedSettingsDoc<T>>();

  async function load(): Promise<VersionedSettingsSnapshot<T>> {
    const found = await stored();
    if (found) return remember(found);
    const seed: VersionedSettingsDoc<T> = {
      _id: CURRENT_SETTINGS_ID,
      version: 1,
      rules: options.readDefault(),
      updatedBy: 'system',
      updatedAt: new Date(now()),
    };
    try {
      await model.create(seed);
      return remember(seed);
    } catch (error) {
      // Another node seeded it first: theirs is the one.
      if ((error as { code?: number }).code !== DUPLICATE_KEY) throw error;
      const theirs = await stored();
      if (!theirs) throw error;
      return remember(theirs);
    }
  }

  function current(): Promise<VersionedSettingsSnapshot<T>> {
    if (cached && now() - cached.at < maxAgeMs) return Promise.resolve(cached.snapshot);
    // Callers arriving while it loads share the one read.
    loading ??= load().finally(() => {
      loading = null;
    });
    return loading;
  }

  async function write(fromVersion: number, rules: T, by: string) {
    cached = null;
    const before = await current();
    if (before.version !== fromVersion) throw options.conflict(fromVersion, before.version);
    const updated = await model
      .findOneAndUpdate(
        { _id: CURRENT_SETTINGS_ID, version: fromVersion },
        { $set: { rules, updatedBy: by, updatedAt: new Date(now()) }, $inc: { version: 1 } },
        { new: true },
      )
      .lean<VersionedSettingsDoc<T>>();
    if (!updated) {
      cached = null;
      throw options.conflict(fromVersion, (await current()).version);
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
