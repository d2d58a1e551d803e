import { readFileSync } from 'node:fs';
import path from 'node:path';
import { isNode, LineCounter, parseDocument, type Document } from 'yaml';
import { isValidTimeZone } from '../../shared/domain/outreach-rules';
import { outreachRulesSchema, type OutreachRules } from '../../shared/schemas/outreach';
import { projectRoot } from '../config';

/** The default outreach rules, copied into the database when it has none. */
export const OUTREACH_RULES_FILE_NAME = 'outreach-rules.yaml';
export const defaultOutreachRulesFile = path.join(
  projectRoot,
  'scripts-library',
  OUTREACH_RULES_FILE_NAME,
);

export interface OutreachRulesProblem {
  line?: number;
  path: PropertyKey[];
  message: string;
}

/**
 * Problems of a rule set beyond its shape: the time zone must be one Intl knows (a typo would
 * otherwise stop every plan). Used by the file check, PUT and the dry run alike.
 */
export function outreachRulesProblems(
  rules: OutreachRules,
): Array<{ path: PropertyKey[]; message: string }> {
  const problems: Array<{ path: PropertyKey[]; message: string }> = [];
  if (!isValidTimeZone(rules.quietHours.timeZone)) {
    problems.push({
      path: ['quietHours', 'timeZone'],
      message: `unknown time zone "${rules.quietHours.timeZone}" (an IANA name such as Asia/Shanghai)`,
    });
  }
  return problems;
}

export function formatIssuePath(issuePath: readonly PropertyKey[]): string {
  return issuePath
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`))
    .join('');
}

/** Parses and checks the rule file; every problem found, each with its line when it has one. */
export function parseOutreachRules(
  text: string,
): { rules: OutreachRules; problems: [] } | { rules: null; problems: OutreachRulesProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    return {
      rules: null,
      problems: doc.errors.map((error) => ({
        line: lineCounter.linePos(error.pos[0]).line || undefined,
        path: [],
        message: `not valid YAML: ${error.message.split('\n')[0]}`,
      })),
    };
  }
  const parsed = outreachRulesSchema.safeParse(doc.toJS());
  const issues = parsed.success
    ? outreachRulesProblems(parsed.data)
    : parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
  if (parsed.success && issues.length === 0) return { rules: parsed.data, problems: [] };
  return {
    rules: null,
    problems: issues.map((issue) => ({
      line: lineOf(doc, issue.path, lineCounter),
      path: issue.path,
      message: `${issue.path.length ? `${formatIssuePath(issue.path)}: ` : ''}${issue.message}`,
    })),
  };
}

export class OutreachRulesFileError extends Error {
  override name = 'OutreachRulesFileError';
}

/** The rules in `file`; throws naming file and line of the first problem. */
export function readOutreachRulesFile(file: string = defaultOutreachRulesFile): OutreachRules {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    throw new OutreachRulesFileError(`cannot read ${file}: ${code ?? message}`);
  }
  const result = parseOutreachRules(text);
  if (!result.rules) {
    const first = result.problems[0]!;
    throw new OutreachRulesFileError(
      `${path.basename(file)}${first.line === undefined ? '' : `:${first.line}`} ${first.message}`,
    );
  }
  return result.rules;
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

/**
 * `npm run scripts:lint`'s check of <library>/outreach-rules.yaml, as problems named by file and
 * line. A library without the file is fine unless `required` (the project's own library).
 */
export function lintOutreachRulesFile(
  libraryDir: string,
  required: boolean,
): Array<{ file: string; line?: number; message: string }> {
  const file = path.join(libraryDir, OUTREACH_RULES_FILE_NAME);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    if (code === 'ENOENT' && !required) return [];
    return [
      { file: OUTREACH_RULES_FILE_NAME, message: `cannot read the file: ${code ?? message}` },
    ];
  }
  return parseOutreachRules(text).problems.map(({ line, message }) => ({
    file: OUTREACH_RULES_FILE_NAME,
    ...(line === undefined ? {} : { line }),
    message,
  }));
}
