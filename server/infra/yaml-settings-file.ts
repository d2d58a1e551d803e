import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';

/**
 * Settings kept as YAML in scripts-library/ (quality rules, outreach rules): parsed, checked
 * with their zod schema and any further checks, and every problem named by its line, so
 * `npm run scripts:lint` and a failed start point at the line to fix.
 */
export interface SettingsProblem {
  line?: number;
  path: PropertyKey[];
  message: string;
}

/** Checks beyond the schema's (a time zone Intl knows, say), as paths and messages. */
export type ExtraChecks<T> = (value: T) => Array<{ path: PropertyKey[]; message: string }>;

export class SettingsFileError extends Error {
  override name = 'SettingsFileError';
}

/** "risky_phrase.lists.absolute_claims.phrases.zh-CN[3]" */
export function formatIssuePath(issuePath: readonly PropertyKey[]): string {
  return issuePath
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`))
    .join('');
}

/** "quality-rules.yaml:12 risky_phrase…: …" */
export function formatSettingsProblem(file: string, problem: { line?: number; message: string }) {
  return `${file}${problem.line === undefined ? '' : `:${problem.line}`} ${problem.message}`;
}

/** Parses and checks the text; every problem found, each with its line when it has one. */
export function parseYamlSettings<T>(
  text: string,
  schema: z.ZodType<T>,
  extra?: ExtraChecks<T>,
): { value: T; problems: [] } | { value: null; problems: SettingsProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      value: null,
      problems: doc.errors.map((error) => ({
        line: lineCounter.linePos(error.pos[0]).line || undefined,
        path: [],
        message: `not valid YAML: ${error.message.split('\n')[0]}`,
      })),
    };
  }
  const parsed = schema.safeParse(doc.toJS());
  const issues = parsed.success
    ? (extra?.(parsed.data) ?? [])
    : parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
  if (parsed.success && issues.length === 0) return { value: parsed.data, problems: [] };
  return {
    value: null,
    problems: issues.map((issue) => ({
      line: lineOf(doc, issue.path, lineCounter),
      path: issue.path,
      message: `${issue.path.length ? `${formatIssuePath(issue.path)}: ` : ''}${issue.message}`,
    })),
  };
}

/** The settings in `file`; throws naming file and line of the first problem. */
export function readYamlSettingsFile<T>(
  file: string,
  schema: z.ZodType<T>,
  extra?: ExtraChecks<T>,
): T {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new SettingsFileError(`cannot read ${file}: ${code ?? message}`);
  }
  const result = parseYamlSettings(text, schema, extra);
  if (result.value === null)
    throw new SettingsFileError(formatSettingsProblem(path.basename(file), result.problems[0]!));
  return result.value;
}

/**
 * `npm run scripts:lint`'s check of <library>/<fileName>, as problems named by file and line.
 * A library without the file is fine unless `required` (the project's own library).
 */
export function lintYamlSettingsFile<T>(
  libraryDir: string,
  fileName: string,
  required: boolean,
  schema: z.ZodType<T>,
  extra?: ExtraChecks<T>,
): Array<{ file: string; line?: number; message: string }> {
  let text: string;
  try {
    text = readFileSync(path.join(libraryDir, fileName), 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT' && !required) return [];
    return [{ file: fileName, message: `cannot read the file: ${code ?? message}` }];
  }
  return parseYamlSettings(text, schema, extra).problems.map(({ line, message }) => ({
    file: fileName,
    ...(line === undefined ? {} : { line }),
    message,
  }));
}

/** The line of the deepest node on the issue's path that the document has. */
function lineOf(
  doc: Document,
  issuePath: readonly PropertyKey[],
  lineCounter: LineCounter,
): number | undefined {
  for (let n = issuePath.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(issuePath.slice(0, n), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}
