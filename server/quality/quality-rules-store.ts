import { ErrorCode } from '../../shared/errors';
import { qualityRulesSchema, type QualityRules } from '../../shared/schemas/quality-rules';
import { AppError } from '../errors';
import {
  createVersionedSettingsStore,
  versionedSettingsModel,
  type VersionedSettingsDoc,
  type VersionedSettingsSnapshot,
  type VersionedSettingsStore,
} from '../infra/versioned-settings';
import { readQualityRulesFile } from './quality-rules-file';

/**
 * The quality rules in force: `quality_rules/current`, seeded from
 * scripts-library/quality-rules.yaml (see infra/versioned-settings.ts for how nodes share it).
 */
export type QualityRulesDoc = VersionedSettingsDoc<QualityRules>;
export type QualityRulesSnapshot = VersionedSettingsSnapshot<QualityRules>;
export type QualityRulesStore = VersionedSettingsStore<QualityRules>;
export { CURRENT_SETTINGS_ID as CURRENT_RULES_ID } from '../infra/versioned-settings';

export const QualityRulesModel = versionedSettingsModel<QualityRules>(
  'QualityRules',
  'quality_rules',
);

export function createQualityRulesStore(
  options: { maxAgeMs?: number; now?: () => number; readDefault?: () => QualityRules } = {},
): QualityRulesStore {
  return createVersionedSettingsStore({
    model: QualityRulesModel,
    schema: qualityRulesSchema,
    readDefault: options.readDefault ?? (() => readQualityRulesFile()),
    maxAgeMs: options.maxAgeMs,
    now: options.now,
    conflict: (fromVersion, currentVersion) =>
      new AppError(
        ErrorCode.QualityConflict,
        `The quality rules are at version ${currentVersion}, not ${fromVersion}: someone saved them meanwhile. Reload and try again.`,
      ),
  });
}

/** The rules of this process (routes and the close of a conversation share it). */
export const qualityRulesStore: QualityRulesStore = createQualityRulesStore();
