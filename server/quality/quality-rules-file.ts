import path from 'node:path';
import { qualityRulesSchema, type QualityRules } from '../../shared/schemas/quality-rules';
import { projectRoot } from '../config';
import {
  formatSettingsProblem,
  lintYamlSettingsFile,
  parseYamlSettings,
  readYamlSettingsFile,
} from '../infra/yaml-settings-file';

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

export const formatQualityRulesProblem = formatSettingsProblem;

/** Parses and checks the rule file; every problem found, each with its line when it has one. */
export function parseQualityRules(
  text: string,
): { rules: QualityRules; problems: [] } | { rules: null; problems: QualityRulesProblem[] } {
  const result = parseYamlSettings(text, qualityRulesSchema);
  if (result.value !== null) return { rules: result.value, problems: [] };
  return { rules: null, problems: result.problems.map(({ line, message }) => ({ line, message })) };
}

/** The rules in `file`; throws naming file and line of the first problem. */
export function readQualityRulesFile(file: string = defaultQualityRulesFile): QualityRules {
  return readYamlSettingsFile(file, qualityRulesSchema);
}

/** `npm run scripts:lint`'s check of <library>/quality-rules.yaml (required in the project's own). */
export function lintQualityRulesFile(libraryDir: string, required: boolean) {
  return lintYamlSettingsFile(libraryDir, QUALITY_RULES_FILE_NAME, required, qualityRulesSchema);
}
