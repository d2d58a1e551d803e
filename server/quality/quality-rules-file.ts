import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import type { z } from 'zod';
import { qualityRulesSchema, type QualityRules } from '../../shared/schemas/quality-rules';
import { projectRoot } from '../config';

/** The default quality rules, copied into the database when it has none. */
export const QUALITY_RULES_FILE_NAME = 'quality-rules.yaml';
export const defaultQualityRulesFile = path.join(
  projectRoot,
  'scripts-library',
  QUALITY_RULES_FILE_NAME,
);

export interface QualityRulesProblem {
  line?: number;
  message: string;
}

/** "quality-rules.yaml:12 risky_phrase.lists.absolute_claims.phrases.zh-CN[3]: …" */
export function formatQualityRulesProblem(file: string, problem: QualityRulesProblem): string {
  return `${file}${problem.line === undefined ? '' : `:${problem.line}`} ${problem.message}`;
}

/** Parses and checks the rule file; every problem found, each with its line when it has one. */
export function parseQualityRules(
  text: string,
): { rules: QualityRules; problems: [] } | { rules: null; problems: QualityRulesProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      rules: null,
      problems: doc.errors.map((error) => ({
        line: lineCounter.linePos(error.pos[0]).line || undefined,
        message: `not valid YAML: ${error.message.split('\n')[0]}`,
      })),
    };
  }
  const parsed = qualityRulesSchema.safeParse(doc.toJS());
  if (parsed.success) return { rules: parsed.data, problems: [] };
  return {
    rules: null,
    problems: parsed.error.issues.map((issue) => ({
      line: lineOf(doc, issue.path, lineCounter),
      message: `${issue.path.length ? `${formatPath(issue.path)}: ` : ''}${issue.message}`,
    })),
  };
}

export class QualityRulesFileError extends Error {
  override name = 'QualityRulesFileError';
}

/** The rules in `file`; throws naming file and line of the first problem. */
export function readQualityRulesFile(file: string = defaultQualityRulesFile): QualityRules {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new QualityRulesFileError(`cannot read ${file}: ${code ?? message}`);
  }
  const result = parseQualityRules(text);
  if (!result.rules) {
    throw new QualityRulesFileError(
      formatQualityRulesProblem(path.basename(file), result.problems[0]!),
    );
  }
  return result.rules;
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

/**
 * `npm run scripts:lint`'s check of <library>/quality-rules.yaml, as problems named by file and
 * line. A library without the file is fine unless `required` (the project's own library).
 */
export function lintQualityRulesFile(
  libraryDir: string,
  required: boolean,
): Array<{ file: string; line?: number; message: string }> {
  const file = path.join(libraryDir, QUALITY_RULES_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT' && !required) return [];
    return [{ file: QUALITY_RULES_FILE_NAME, message: `cannot read the file: ${code ?? message}` }];
  }
  return parseQualityRules(text).problems.map((problem) => ({
    file: QUALITY_RULES_FILE_NAME,
    ...problem,
  }));
}
