import { defaultLibraryDir, loadLibrary, type LibraryProblem } from './library-files';
import {
  SCRIPTS_SEED_ID,
  ScriptModel,
  ScriptVersionModel,
  scriptDocId,
  scriptsMeta,
  scriptVersionId,
  type ScriptDoc,
  type ScriptVersionDoc,
} from './script-model';

export interface SeedScriptsResult {
  /** True when the database already held the library and nothing was read or written. */
  skipped: boolean;
  /** Scripts in the library on disk. */
  scripts: number;
  /** Documents this node inserted (another node may have inserted the rest). */
  inserted: number;
  problems: LibraryProblem[];
}

const DUPLICATE_KEY = 11000;

/**
 * Seeds an empty script store from the library on disk: every script published as version 1
 * by 'library'. Idempotent and safe with several nodes starting at once: every document has a
 * fixed `_id`, inserts ignore the duplicates another node already wrote, versions go in before
 * the scripts that point at them, and a `meta` marker records a finished seed.
 */
export async function seedScriptLibrary(
  options: { dir?: string } = {},
): Promise<SeedScriptsResult> {
  const meta = scriptsMeta();
  const marker = await meta.findOne({ _id: SCRIPTS_SEED_ID });
  if (marker?.status === 'complete' && (await ScriptModel.estimatedDocumentCount()) > 0) {
    return { skipped: true, scripts: 0, inserted: 0, problems: [] };
  }
  const { scripts, problems } = await loadLibrary(options.dir ?? defaultLibraryDir);
  const now = new Date();
  const versions: ScriptVersionDoc[] = scripts.map((script) => ({
    _id: scriptVersionId(script.locale, script.id, 1),
    locale: script.locale,
    scriptId: script.id,
    version: 1,
    script: JSON.parse(JSON.stringify(script)) as ScriptVersionDoc['script'],
    publishedBy: 'library',
    publishedAt: now,
    note: 'scripts-library',
    rolledBackFrom: null,
  }));
  const docs: ScriptDoc[] = scripts.map((script, index) => ({
    _id: scriptDocId(script.locale, script.id),
    locale: script.locale,
    scriptId: script.id,
    order: index + 1,
    draft: null,
    draftUpdatedBy: null,
    draftUpdatedAt: null,
    publishedVersion: 1,
    published: JSON.parse(JSON.stringify(script)) as ScriptDoc['published'],
    latestVersion: 1,
    createdBy: 'library',
    createdAt: now,
    updatedAt: now,
  }));
  const inserted =
    (await insertIgnoringDuplicates(ScriptVersionModel.collection, versions)) +
    (await insertIgnoringDuplicates(ScriptModel.collection, docs));
  await meta.updateOne(
    { _id: SCRIPTS_SEED_ID },
    { $set: { status: 'complete', at: new Date(), value: scripts.length } },
    { upsert: true },
  );
  return { skipped: false, scripts: scripts.length, inserted, problems };
}

/** Inserts what is missing; documents whose `_id` already exists are left as they are. */
async function insertIgnoringDuplicates(
  collection: {
    insertMany: (docs: never[], options: object) => Promise<{ insertedCount: number }>;
  },
  docs: object[],
): Promise<number> {
  if (docs.length === 0) return 0;
  try {
    const result = await collection.insertMany(docs as never[], { ordered: false });
    return result.insertedCount;
  } catch (error) {
    const e = error as {
      code?: number;
      writeErrors?: Array<{ code?: number }> | { code?: number };
      insertedCount?: number;
      result?: { insertedCount?: number };
    };
    const writeErrors = Array.isArray(e.writeErrors)
      ? e.writeErrors
      : e.writeErrors
        ? [e.writeErrors]
        : [{ code: e.code }];
    if (writeErrors.every((w) => w.code === DUPLICATE_KEY)) {
      return e.insertedCount ?? e.result?.insertedCount ?? 0;
    }
    throw error;
  }
}
