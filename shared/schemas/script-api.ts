import type { ScriptLocale } from '../domain/scripts';
import type { Script } from './script';

/* What /api/scripts answers (server/scripts/script-store.ts), shared with the editor. */

export interface VersionSummary {
  version: number;
  publishedBy: string;
  publishedAt: string;
  note: string | null;
  rolledBackFrom: number | null;
}

export interface ScriptView {
  locale: ScriptLocale;
  id: string;
  draft: Script | null;
  draftUpdatedBy: string | null;
  draftUpdatedAt: string | null;
  publishedVersion: number | null;
  published: Script | null;
  latestVersion: number;
  versions: VersionSummary[];
}

export interface DiffLine {
  op: 'same' | 'added' | 'removed';
  text: string;
}

export interface FieldChange {
  /** `title`, `text`, `tags`, …; a variant's fields as `variants.<id>.text` / `.weight`. */
  field: string;
  before: unknown;
  after: unknown;
  /** For texts: the line diff from `before` to `after`. */
  lines?: DiffLine[];
}

export interface ScriptDiff {
  from: number | 'draft';
  to: number | 'draft';
  changes: FieldChange[];
}
