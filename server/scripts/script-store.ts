import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { trusted } from 'mongoose';
import { scriptLocales, scriptScenarios, type ScriptLocale } from '../../shared/domain/scripts';
import { ErrorCode } from '../../shared/errors';
import { scriptSchema, type Script } from '../../shared/schemas/script';
import type { ScriptDiff, ScriptView, VersionSummary } from '../../shared/schemas/script-api';
import { recordAudit } from '../audit/audit-model';
import { AppError } from '../errors';
import type { Logger } from '../infra/logger';
import { diffScripts } from './script-diff';
import {
  formatProblem,
  loadLibrary,
  serializeLibrary,
  writeLibrary,
  type LibraryProblem,
} from './library-files';
import {
  SCRIPTS_REVISION_ID,
  ScriptModel,
  ScriptVersionModel,
  scriptDocId,
  scriptsMeta,
  scriptVersionId,
  type ScriptDoc,
  type ScriptVersionDoc,
} from './script-model';
import { seedScriptLibrary } from './seed-scripts';

export type { ScriptDiff, ScriptView, VersionSummary };

/*
 * The script store: the published library of every locale held in memory on each node (one
 * bulk read of the `scripts` collection), and the editor's writes: drafts, publishing,
 * rollback, import and export. Writes to one script are serialised on this node; across nodes
 * the `_id` of each version document keeps two publishes from taking the same number.
 *
 * Other nodes learn of a change through the `meta` document `scripts-revision`, which every
 * write sets to a fresh token: each node reads it by `_id` every few seconds and reloads the
 * library when it moved; a full reload every minute backs that up.
 */

export type PublishedScript = Script & { version: number };

export interface Actor {
  /** Username of the staff member, or 'library' / 'system'. */
  actor: string;
  address: string | null;
}

export interface ImportResult {
  created: Array<{ locale: ScriptLocale; id: string }>;
  published: Array<{ locale: ScriptLocale; id: string; version: number }>;
  unchanged: number;
}

export interface ScriptStoreOptions {
  logger: Logger;
  /** Seed an empty database from this library folder on start (default: scripts-library/). */
  libraryDir?: string;
  /** How often the revision document is read (default 5 s). */
  pollMs?: number;
  /** How often the whole library is reloaded regardless (default 60 s). */
  reloadMs?: number;
}

export interface ScriptStore {
  /** Seeds an empty database, loads the library and starts watching for other nodes' changes. */
  start(): Promise<void>;
  stop(): void;
  /** Resolves once the library is in memory (loading it if `start` was not called). */
  loaded(): Promise<void>;
  /** The published library, in library order; every script with the version agents get. */
  publishedScripts(locale?: ScriptLocale): PublishedScript[];
  /** Whether `version` of the script `id` was ever published in some locale. */
  versionExists(id: string, version: number): Promise<boolean>;
  getScript(locale: ScriptLocale, id: string): Promise<ScriptView>;
  getVersion(locale: ScriptLocale, id: string, version: number): Promise<ScriptVersionDoc>;
  createScript(script: Script, who: Actor): Promise<ScriptView>;
  saveDraft(locale: ScriptLocale, id: string, script: Script, who: Actor): Promise<ScriptView>;
  discardDraft(locale: ScriptLocale, id: string, who: Actor): Promise<ScriptView>;
  publish(
    locale: ScriptLocale,
    id: string,
    note: string | null,
    who: Actor,
  ): Promise<{ script: ScriptView; version: VersionSummary }>;
  rollback(
    locale: ScriptLocale,
    id: string,
    version: number,
    note: string | null,
    who: Actor,
  ): Promise<{ script: ScriptView; version: VersionSummary }>;
  diff(
    locale: ScriptLocale,
    id: string,
    from: number | 'draft',
    to: number | 'draft',
  ): Promise<ScriptDiff>;
  /** The published library as its YAML files, by path (`zh-CN/bargaining.yaml`). */
  exportLibrary(): Promise<Record<string, string>>;
  /** Checks every file with the library checks; all or nothing; publishes what changed. */
  importLibrary(files: Record<string, string>, who: Actor): Promise<ImportResult>;
}

const DUPLICATE_KEY = 11000;
const isDuplicate = (error: unknown) => (error as { code?: number }).code === DUPLICATE_KEY;

/** Keys in a fixed order, no undefined: what is stored, compared and sent. */
export function canonicalScript(script: unknown): Script {
  return scriptSchema.parse(stripNulls(script));
}

function stripNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripNulls);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, stripNulls(v)]),
    );
  }
  return value;
}

/** What goes into the database: a plain object without undefined fields. */
const stored = (script: Script): Script => JSON.parse(JSON.stringify(script)) as Script;
const sameScript = (a: Script, b: Script) =>
  JSON.stringify(canonicalScript(a)) === JSON.stringify(canonicalScript(b));

const noScript = (locale: string, id: string) =>
  new AppError(ErrorCode.NotFound, `No script ${id} in ${locale}.`);
const noVersion = (locale: string, id: string, version: number) =>
  new AppError(ErrorCode.NotFound, `The script ${id} in ${locale} has no version ${version}.`);
const conflict = (locale: string, id: string) =>
  new AppError(
    ErrorCode.ScriptConflict,
    `The script ${id} in ${locale} was changed by someone else at the same moment; reload it and try again.`,
  );

function presentVersion(v: ScriptVersionDoc): VersionSummary {
  return {
    version: v.version,
    publishedBy: v.publishedBy,
    publishedAt: v.publishedAt.toISOString(),
    note: v.note ?? null,
    rolledBackFrom: v.rolledBackFrom ?? null,
  };
}

/** A short before/after of a script for the audit log (the versions keep the whole text). */
function summary(script: Script | null): Record<string, unknown> | null {
  if (!script) return null;
  return {
    title: script.title,
    text: script.text.length > 200 ? `${script.text.slice(0, 200)}…` : script.text,
    variants: script.variants.map((v) => ({ id: v.id, weight: v.weight })),
  };
}

const libraryOrder = (a: ScriptDoc, b: ScriptDoc) =>
  scriptLocales.indexOf(a.locale) - scriptLocales.indexOf(b.locale) ||
  scriptScenarios.indexOf(a.published!.scenario) - scriptScenarios.indexOf(b.published!.scenario) ||
  a.order - b.order ||
  a.scriptId.localeCompare(b.scriptId);

export function createScriptStore(options: ScriptStoreOptions): ScriptStore {
  const { logger } = options;
  const pollMs = options.pollMs ?? 5000;
  const reloadMs = options.reloadMs ?? 60_000;
  let published: PublishedScript[] = [];
  /** Highest version of each script id over all locales. */
  let latestById = new Map<string, number>();
  let maxOrder = 0;
  let revision: string | null = null;
  let loading: Promise<void> | null = null;
  let first: Promise<void> | null = null;
  let timers: NodeJS.Timeout[] = [];
  const locks = new Map<string, Promise<unknown>>();

  /** Runs `fn` after every earlier write to the same script on this node has finished. */
  function serialised<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const previous = locks.get(key) ?? Promise.resolve();
    const run = previous.then(fn, fn);
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    locks.set(key, settled);
    void settled.then(() => {
      if (locks.get(key) === settled) locks.delete(key);
    });
    return run;
  }

  async function readRevision(): Promise<string | null> {
    const doc = await scriptsMeta().findOne({ _id: SCRIPTS_REVISION_ID });
    return doc?.value === undefined ? null : String(doc.value);
  }

  async function bumpRevision(): Promise<void> {
    // A fresh token rather than $inc: two nodes bumping at once must still both be noticed.
    const value = `${Date.now()}-${randomUUID()}`;
    await scriptsMeta().updateOne(
      { _id: SCRIPTS_REVISION_ID },
      { $set: { value, at: new Date() } },
      { upsert: true },
    );
  }

  function reload(): Promise<void> {
    loading ??= (async () => {
      try {
        const rev = await readRevision();
        const docs = await ScriptModel.find().lean<ScriptDoc[]>();
        const latest = new Map<string, number>();
        let order = 0;
        const next: PublishedScript[] = [];
        for (const doc of docs) {
          latest.set(doc.scriptId, Math.max(latest.get(doc.scriptId) ?? 0, doc.latestVersion));
          order = Math.max(order, doc.order);
        }
        for (const doc of docs
          .filter((d) => d.published && d.publishedVersion)
          .sort(libraryOrder)) {
          next.push({ ...canonicalScript(doc.published), version: doc.publishedVersion! });
        }
        published = next;
        latestById = latest;
        maxOrder = order;
        revision = rev;
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  async function changed(): Promise<void> {
    await bumpRevision();
    await reload();
  }

  async function findDoc(locale: ScriptLocale, id: string): Promise<ScriptDoc> {
    const doc = await ScriptModel.findById(scriptDocId(locale, id)).lean<ScriptDoc>();
    if (!doc) throw noScript(locale, id);
    return doc;
  }

  async function versionsOf(doc: ScriptDoc): Promise<ScriptVersionDoc[]> {
    if (doc.latestVersion === 0) return [];
    const ids = Array.from({ length: doc.latestVersion }, (_, i) =>
      scriptVersionId(doc.locale, doc.scriptId, i + 1),
    );
    const versions = await ScriptVersionModel.find(
      { _id: trusted({ $in: ids }) },
      { script: 0 },
    ).lean<ScriptVersionDoc[]>();
    return versions.sort((a, b) => a.version - b.version);
  }

  async function view(doc: ScriptDoc): Promise<ScriptView> {
    return {
      locale: doc.locale,
      id: doc.scriptId,
      draft: doc.draft ? canonicalScript(doc.draft) : null,
      draftUpdatedBy: doc.draftUpdatedBy ?? null,
      draftUpdatedAt: doc.draftUpdatedAt ? doc.draftUpdatedAt.toISOString() : null,
      publishedVersion: doc.publishedVersion ?? null,
      published: doc.published ? canonicalScript(doc.published) : null,
      latestVersion: doc.latestVersion,
      versions: (await versionsOf(doc)).map(presentVersion),
    };
  }

  async function getVersion(
    locale: ScriptLocale,
    id: string,
    version: number,
  ): Promise<ScriptVersionDoc> {
    const doc = await ScriptVersionModel.findById(
      scriptVersionId(locale, id, version),
    ).lean<ScriptVersionDoc>();
    if (!doc) throw noVersion(locale, id, version);
    return { ...doc, script: canonicalScript(doc.script) };
  }

  /**
   * Publishes `script` as the next version of `doc`. The version's `_id` is the guard: a
   * publish of the same number elsewhere makes this one fail with E_SCRIPT_CONFLICT.
   */
  async function publishContent(
    doc: ScriptDoc,
    script: Script,
    meta: { note: string | null; rolledBackFrom: number | null; clearDraft: boolean },
    who: Actor,
  ): Promise<ScriptVersionDoc> {
    const version = doc.latestVersion + 1;
    const now = new Date();
    const versionDoc: ScriptVersionDoc = {
      _id: scriptVersionId(doc.locale, doc.scriptId, version),
      locale: doc.locale,
      scriptId: doc.scriptId,
      version,
      script: stored(script),
      publishedBy: who.actor,
      publishedAt: now,
      note: meta.note,
      rolledBackFrom: meta.rolledBackFrom,
    };
    try {
      await ScriptVersionModel.collection.insertOne(versionDoc as never);
    } catch (error) {
      if (isDuplicate(error)) throw conflict(doc.locale, doc.scriptId);
      throw error;
    }
    await ScriptModel.updateOne(
      { _id: doc._id },
      {
        $set: {
          publishedVersion: version,
          published: stored(script),
          latestVersion: version,
          updatedAt: now,
          ...(meta.clearDraft ? { draft: null, draftUpdatedBy: null, draftUpdatedAt: null } : {}),
        },
      },
    );
    return versionDoc;
  }

  async function draftOrVersion(doc: ScriptDoc, which: number | 'draft'): Promise<Script> {
    if (which === 'draft') {
      if (!doc.draft) {
        throw new AppError(
          ErrorCode.NotFound,
          `The script ${doc.scriptId} in ${doc.locale} has no draft.`,
        );
      }
      return canonicalScript(doc.draft);
    }
    return (await getVersion(doc.locale, doc.scriptId, which)).script;
  }

  const store: ScriptStore = {
    async start() {
      // Set before the first await: a request arriving meanwhile waits for the seeded library.
      first = (async () => {
        try {
          const result = await seedScriptLibrary({ dir: options.libraryDir });
          if (!result.skipped) {
            logger.info(
              { scripts: result.scripts, inserted: result.inserted },
              'script library seeded from scripts-library/',
            );
            await bumpRevision();
          }
          for (const problem of result.problems.slice(0, 10)) {
            logger.warn(
              { problem: formatProblem(problem) },
              'script library problem; script skipped',
            );
          }
        } catch (err) {
          logger.warn({ err }, 'script library not seeded');
        }
        await reload();
      })();
      await first;
      timers = [
        setInterval(() => {
          readRevision()
            .then((rev) => (rev !== revision ? reload() : undefined))
            .catch((err: unknown) => logger.debug({ err }, 'script library revision not read'));
        }, pollMs),
        setInterval(() => {
          reload().catch((err: unknown) => logger.debug({ err }, 'script library not reloaded'));
        }, reloadMs),
      ];
      for (const timer of timers) timer.unref();
    },

    stop() {
      for (const timer of timers) clearInterval(timer);
      timers = [];
    },

    async loaded() {
      first ??= reload();
      try {
        await first;
      } catch (error) {
        first = null;
        throw error;
      }
    },

    publishedScripts(locale) {
      return locale ? published.filter((s) => s.locale === locale) : published;
    },

    async versionExists(id, version) {
      await store.loaded();
      if ((latestById.get(id) ?? 0) >= version) return true;
      // Published on another node since the last reload: ask by `_id`, once per locale.
      for (const locale of scriptLocales) {
        const doc = await ScriptModel.findById(scriptDocId(locale, id), {
          latestVersion: 1,
        }).lean<Pick<ScriptDoc, 'latestVersion'>>();
        if (doc && doc.latestVersion >= version) return true;
      }
      return false;
    },

    async getScript(locale, id) {
      return view(await findDoc(locale, id));
    },

    getVersion,

    async createScript(script, who) {
      return serialised(scriptDocId(script.locale, script.id), async () => {
        const now = new Date();
        const doc: ScriptDoc = {
          _id: scriptDocId(script.locale, script.id),
          locale: script.locale,
          scriptId: script.id,
          order: maxOrder + 1,
          draft: stored(script),
          draftUpdatedBy: who.actor,
          draftUpdatedAt: now,
          publishedVersion: null,
          published: null,
          latestVersion: 0,
          createdBy: who.actor,
          createdAt: now,
          updatedAt: now,
        };
        try {
          await ScriptModel.collection.insertOne(doc as never);
        } catch (error) {
          if (isDuplicate(error)) {
            throw new AppError(
              ErrorCode.ScriptExists,
              `A script with the id ${script.id} already exists in ${script.locale}.`,
            );
          }
          throw error;
        }
        maxOrder += 1;
        await recordAudit({
          ...who,
          action: 'script.create',
          subject: `script:${doc._id}`,
          details: { after: summary(script), scenario: script.scenario, stage: script.stage },
        });
        return view(doc);
      });
    },

    async saveDraft(locale, id, script, who) {
      return serialised(scriptDocId(locale, id), async () => {
        const doc = await findDoc(locale, id);
        const before = doc.draft ?? doc.published;
        const now = new Date();
        await ScriptModel.updateOne(
          { _id: doc._id },
          {
            $set: {
              draft: stored(script),
              draftUpdatedBy: who.actor,
              draftUpdatedAt: now,
              updatedAt: now,
            },
          },
        );
        await recordAudit({
          ...who,
          action: 'script.draft',
          subject: `script:${doc._id}`,
          details: {
            changed: before ? diffScripts(canonicalScript(before), script).map((c) => c.field) : [],
            before: summary(before ? canonicalScript(before) : null),
            after: summary(script),
          },
        });
        return view({ ...doc, draft: script, draftUpdatedBy: who.actor, draftUpdatedAt: now });
      });
    },

    async discardDraft(locale, id, who) {
      return serialised(scriptDocId(locale, id), async () => {
        const doc = await findDoc(locale, id);
        if (!doc.draft) return view(doc);
        await ScriptModel.updateOne(
          { _id: doc._id },
          {
            $set: {
              draft: null,
              draftUpdatedBy: null,
              draftUpdatedAt: null,
              updatedAt: new Date(),
            },
          },
        );
        await recordAudit({
          ...who,
          action: 'script.discard_draft',
          subject: `script:${doc._id}`,
          details: { before: summary(canonicalScript(doc.draft)) },
        });
        return view({ ...doc, draft: null, draftUpdatedBy: null, draftUpdatedAt: null });
      });
    },

    async publish(locale, id, note, who) {
      return serialised(scriptDocId(locale, id), async () => {
        const doc = await findDoc(locale, id);
        if (!doc.draft) {
          throw new AppError(
            ErrorCode.ScriptNoDraft,
            `The script ${id} in ${locale} has no draft to publish; save a draft first.`,
          );
        }
        const script = canonicalScript(doc.draft);
        const before = doc.published ? canonicalScript(doc.published) : null;
        const version = await publishContent(
          doc,
          script,
          { note, rolledBackFrom: null, clearDraft: true },
          who,
        );
        await recordAudit({
          ...who,
          action: 'script.publish',
          subject: `script:${doc._id}`,
          details: {
            version: version.version,
            previousVersion: doc.publishedVersion ?? null,
            note,
            changed: before ? diffScripts(before, script).map((c) => c.field) : [],
            before: summary(before),
            after: summary(script),
          },
        });
        await changed();
        return { script: await view(await findDoc(locale, id)), version: presentVersion(version) };
      });
    },

    async rollback(locale, id, target, note, who) {
      return serialised(scriptDocId(locale, id), async () => {
        const doc = await findDoc(locale, id);
        const old = await getVersion(locale, id, target);
        if (doc.publishedVersion === target) {
          throw new AppError(
            ErrorCode.Validation,
            `Version ${target} of ${id} in ${locale} is already the published one.`,
          );
        }
        const before = doc.published ? canonicalScript(doc.published) : null;
        const version = await publishContent(
          doc,
          old.script,
          { note: note ?? `rollback to v${target}`, rolledBackFrom: target, clearDraft: false },
          who,
        );
        await recordAudit({
          ...who,
          action: 'script.rollback',
          subject: `script:${doc._id}`,
          details: {
            version: version.version,
            rolledBackFrom: target,
            previousVersion: doc.publishedVersion ?? null,
            note: version.note,
            changed: before ? diffScripts(before, old.script).map((c) => c.field) : [],
            before: summary(before),
            after: summary(old.script),
          },
        });
        await changed();
        return { script: await view(await findDoc(locale, id)), version: presentVersion(version) };
      });
    },

    async diff(locale, id, from, to) {
      const doc = await findDoc(locale, id);
      const [a, b] = await Promise.all([draftOrVersion(doc, from), draftOrVersion(doc, to)]);
      return { from, to, changes: diffScripts(a, b) };
    },

    async exportLibrary() {
      await store.loaded();
      const scripts = published.map(({ version: _v, ...script }) => script);
      return Object.fromEntries(serializeLibrary(scripts).map((f) => [f.path, f.content]));
    },

    async importLibrary(files, who) {
      const scripts = await checkLibraryFiles(files);
      return serialised('library-import', async () => {
        const docs = await ScriptModel.find().lean<ScriptDoc[]>();
        const byId = new Map(docs.map((d) => [d._id, d]));
        const result: ImportResult = { created: [], published: [], unchanged: 0 };
        // The order of the files becomes the library's order.
        let order = 0;
        for (const script of scripts) {
          order += 1;
          const key = scriptDocId(script.locale, script.id);
          await serialised(key, async () => {
            let doc = byId.get(key) ?? (await ScriptModel.findById(key).lean<ScriptDoc>());
            if (!doc) {
              const now = new Date();
              doc = {
                _id: key,
                locale: script.locale,
                scriptId: script.id,
                order,
                draft: null,
                draftUpdatedBy: null,
                draftUpdatedAt: null,
                publishedVersion: null,
                published: null,
                latestVersion: 0,
                createdBy: who.actor,
                createdAt: now,
                updatedAt: now,
              };
              try {
                await ScriptModel.collection.insertOne(doc as never);
              } catch (error) {
                if (isDuplicate(error)) throw conflict(script.locale, script.id);
                throw error;
              }
              result.created.push({ locale: script.locale, id: script.id });
            } else if (doc.order !== order) {
              await ScriptModel.updateOne({ _id: key }, { $set: { order } });
            }
            const before = doc.published ? canonicalScript(doc.published) : null;
            if (before && sameScript(before, script)) {
              result.unchanged += 1;
              return;
            }
            const version = await publishContent(
              doc,
              script,
              { note: 'import', rolledBackFrom: null, clearDraft: false },
              who,
            );
            result.published.push({
              locale: script.locale,
              id: script.id,
              version: version.version,
            });
            await recordAudit({
              ...who,
              action: 'script.publish',
              subject: `script:${key}`,
              details: {
                version: version.version,
                previousVersion: doc.publishedVersion ?? null,
                note: 'import',
                changed: before ? diffScripts(before, script).map((c) => c.field) : [],
                before: summary(before),
                after: summary(script),
              },
            });
          });
        }
        await recordAudit({
          ...who,
          action: 'script.import',
          subject: 'script-library',
          details: {
            files: Object.keys(files).sort(),
            created: result.created.length,
            published: result.published.length,
            unchanged: result.unchanged,
          },
        });
        await changed();
        return result;
      });
    },
  };
  return store;
}

const libraryPath = new RegExp(
  `^(${scriptLocales.join('|')})/(${scriptScenarios.join('|')})\\.yaml$`,
);

/**
 * Runs the library checks of `npm run scripts:lint` on uploaded files (written to a temporary
 * folder and read back with `loadLibrary`); any problem refuses the whole import.
 */
export async function checkLibraryFiles(files: Record<string, string>): Promise<Script[]> {
  const badPaths = Object.keys(files).filter((p) => !libraryPath.test(p));
  if (badPaths.length > 0) {
    throw new AppError(
      ErrorCode.LibraryInvalid,
      `Library files are named <locale>/<scenario>.yaml; not: ${badPaths.slice(0, 5).join(', ')}.`,
    );
  }
  const dir = await mkdtemp(path.join(tmpdir(), 'scriptdesk-import-'));
  let problems: LibraryProblem[];
  let scripts: Script[];
  try {
    await writeLibrary(
      dir,
      Object.entries(files).map(([p, content]) => ({ path: p, content })),
    );
    ({ problems, scripts } = await loadLibrary(dir));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, 5).map(formatProblem).join('; ');
    const more = problems.length > 5 ? ` (and ${problems.length - 5} more)` : '';
    throw new AppError(
      ErrorCode.LibraryInvalid,
      `The library has ${problems.length} problem${problems.length > 1 ? 's' : ''}, nothing was imported: ${shown}${more}`,
    );
  }
  return scripts.map(canonicalScript);
}
