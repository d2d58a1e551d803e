import mongoose, { Schema } from 'mongoose';
import type { ScriptLocale } from '../../shared/domain/scripts';
import type { Script } from '../../shared/schemas/script';

/*
 * The script library in the database (话术库), keyed by `_id` so every lookup is the cheap one:
 *
 * - `scripts`: one document per (locale, id), `_id` = `${locale}:${id}`. It holds the editor's
 *   draft (or null), the published version's number and a copy of its content (so the whole
 *   published library is one bulk read), the highest version ever published, and metadata.
 * - `script_versions`: one immutable document per published version, `_id` =
 *   `${locale}:${id}:v${n}`. Versions run 1…latestVersion without gaps and are never changed:
 *   a rollback publishes a new version with an old one's content.
 */

export interface ScriptDoc {
  _id: string;
  locale: ScriptLocale;
  scriptId: string;
  /** Where the script sits in its scenario's file (export keeps the library's order). */
  order: number;
  draft: Script | null;
  draftUpdatedBy: string | null;
  draftUpdatedAt: Date | null;
  /** The version agents get, or null while the script was never published. */
  publishedVersion: number | null;
  /** The content of `publishedVersion` (a copy of that version document's `script`). */
  published: Script | null;
  /** The highest version number published so far (0 before the first). */
  latestVersion: number;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
}

export interface ScriptVersionDoc {
  _id: string;
  locale: ScriptLocale;
  scriptId: string;
  version: number;
  script: Script;
  publishedBy: string;
  publishedAt: Date;
  note: string | null;
  /** For a rollback: the version whose content this one republished. */
  rolledBackFrom: number | null;
}

export const scriptDocId = (locale: string, id: string) => `${locale}:${id}`;
export const scriptVersionId = (locale: string, id: string, version: number) =>
  `${locale}:${id}:v${version}`;

const scriptDocSchema = new Schema<ScriptDoc>(
  {
    _id: { type: String, required: true },
    locale: { type: String, required: true },
    scriptId: { type: String, required: true },
    order: { type: Number, required: true },
    draft: { type: Schema.Types.Mixed, default: null },
    draftUpdatedBy: { type: String, default: null },
    draftUpdatedAt: { type: Date, default: null },
    publishedVersion: { type: Number, default: null },
    published: { type: Schema.Types.Mixed, default: null },
    latestVersion: { type: Number, required: true, default: 0 },
    createdBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'scripts', minimize: false },
);

const scriptVersionSchema = new Schema<ScriptVersionDoc>(
  {
    _id: { type: String, required: true },
    locale: { type: String, required: true },
    scriptId: { type: String, required: true },
    version: { type: Number, required: true },
    script: { type: Schema.Types.Mixed, required: true },
    publishedBy: { type: String, required: true },
    publishedAt: { type: Date, required: true },
    note: { type: String, default: null },
    rolledBackFrom: { type: Number, default: null },
  },
  { versionKey: false, collection: 'script_versions', minimize: false },
);

export const ScriptModel = mongoose.model<ScriptDoc>('Script', scriptDocSchema);
export const ScriptVersionModel = mongoose.model<ScriptVersionDoc>(
  'ScriptVersion',
  scriptVersionSchema,
);

/** `meta` documents: the library's change counter (polled by every node) and the seed marker. */
export const SCRIPTS_REVISION_ID = 'scripts-revision';
export const SCRIPTS_SEED_ID = 'scripts-seed';
export interface ScriptsMetaDoc {
  _id: string;
  value?: number | string;
  status?: string;
  at?: Date;
}
export const scriptsMeta = () => mongoose.connection.collection<ScriptsMetaDoc>('meta');
