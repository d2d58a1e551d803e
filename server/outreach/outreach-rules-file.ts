import path from 'node:path';
import { isValidTimeZone } from '../../shared/domain/outreach-rules';
import { outreachRulesSchema, type OutreachRules } from '../../shared/schemas/outreach';
import { projectRoot } from '../config';
import {
  lintYamlSettingsFile,
  parseYamlSettings,
  readYamlSettingsFile,
  type SettingsProblem,
} from '../infra/yaml-settings-file';

export { formatIssuePath } from '../infra/yaml-settings-file';

/** The default outreach rules, copied into the database when it has none. */
export const OUTREACH_RULES_FILE_NAME = 'outreach-rules.yaml';
export const defaultOutreachRulesFile = path.join(
  projectRoot,
  'scripts-library',
  OUTREACH_RULES_FILE_NAME,
);

export type OutreachRulesProblem = SettingsProblem;

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

/** Parses and checks the rule file; every problem found, each with its line when it has one. */
export function parseOutreachRules(
  text: string,
): { rules: OutreachRules; problems: [] } | { rules: null; problems: OutreachRulesProblem[] } {
  const result = parseYamlSettings(text, outreachRulesSchema, outreachRulesProblems);
  return result.value !== null
    ? { rules: result.value, problems: [] }
    : { rules: null, problems: result.problems };
}

/** The rules in `file`; throws naming file and line of the first problem. */
export function readOutreachRulesFile(file: string = defaultOutreachRulesFile): OutreachRules {
  return readYamlSettingsFile(file, outreachRulesSchema, outreachRulesProblems);
}

/** `npm run scripts:lint`'s check of <library>/outreach-rules.yaml (required in the project's own). */
export function lintOutreachRulesFile(libraryDir: string, required: boolean) {
  return lintYamlSettingsFile(
    libraryDir,
    OUTREACH_RULES_FILE_NAME,
    required,
    outreachRulesSchema,
    outreachRulesProblems,
  );
}
