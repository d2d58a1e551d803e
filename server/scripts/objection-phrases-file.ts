import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import {
  objectionPhraseListSchema,
  type ObjectionPhraseList,
} from '../../shared/schemas/objection-phrases';
import { projectRoot } from '../config';

/** Where the supervisors' phrase lists live: one <language>.yaml per language. */
export const objectionPhrasesDir = path.join(projectRoot, 'scripts-library', 'objection-phrases');

/** A phrase file that cannot be read or is not a valid list; the message names file and line. */
export class ObjectionPhrasesFileError extends Error {
  override name = 'ObjectionPhrasesFileError';
}

/**
 * Parses and validates one phrase list. `file` names it in errors ("zh-CN.yaml:12: …") and its
 * base name must be the list's language.
 */
export function parseObjectionPhrases(text: string, file: string): ObjectionPhraseList {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const name = path.basename(file);
  const firstError = doc.errors[0];
  if (firstError) {
    const line = lineCounter.linePos(firstError.pos[0]).line;
    throw new ObjectionPhrasesFileError(
      `${name}${line ? `:${line}` : ''}: not valid YAML: ${firstError.message.split('\n')[0]}`,
    );
  }
  const parsed = objectionPhraseListSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const line = lineOf(doc, issue.path, lineCounter);
    const where = issue.path.length ? `${formatPath(issue.path)}: ` : '';
    throw new ObjectionPhrasesFileError(
      `${name}${line ? `:${line}` : ''}: ${where}${issue.message}`,
    );
  }
  const expected = name.replace(/\.ya?ml$/, '');
  if (parsed.data.language !== expected) {
    throw new ObjectionPhrasesFileError(
      `${name}: language is "${parsed.data.language}" but the file is named for "${expected}"`,
    );
  }
  return parsed.data;
}

export function readObjectionPhrasesFile(file: string): ObjectionPhraseList {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new ObjectionPhrasesFileError(`cannot read ${file}: ${code ?? message}`);
  }
  return parseObjectionPhrases(text, file);
}

/** Every *.yaml list in `dir`, by file name. */
export function readObjectionPhrases(dir: string = objectionPhrasesDir): ObjectionPhraseList[] {
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n));
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new ObjectionPhrasesFileError(
      `cannot read the phrase lists in ${dir}: ${code ?? message}`,
    );
  }
  if (names.length === 0) {
    throw new ObjectionPhrasesFileError(`no phrase lists (*.yaml) in ${dir}`);
  }
  return names.sort().map((n) => readObjectionPhrasesFile(path.join(dir, n)));
}

function formatPath(issuePath: readonly PropertyKey[]): string {
  return issuePath
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`))
    .join('');
}

/** The line of the deepest node on the issue's path that the document has. */
function lineOf(
  doc: Document,
  issuePath: z.core.$ZodIssue['path'],
  lineCounter: LineCounter,
): number | undefined {
  for (let n = issuePath.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(issuePath.slice(0, n), true);
    if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
  }
  return undefined;
}
