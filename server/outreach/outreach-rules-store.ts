import { ErrorCode } from '../../shared/errors';
import { outreachRulesSchema, type OutreachRules } from '../../shared/schemas/outreach';
import { AppError } from '../errors';
import {
  createVersionedSettingsStore,
  versionedSettingsModel,
  type VersionedSettingsDoc,
  type VersionedSettingsSnapshot,
  type VersionedSettingsStore,
} from '../infra/versioned-settings';
import { readOutreachRulesFile } from './outreach-rules-file';

/**
 * The outreach rules in force: `outreach_rules/current`, seeded from
 * scripts-library/outreach-rules.yaml (see infra/versioned-settings.ts for how nodes share it).
 */
export type OutreachRulesDoc = VersionedSettingsDoc<OutreachRules>;
export type OutreachRulesSnapshot = VersionedSettingsSnapshot<OutreachRules>;
export type OutreachRulesStore = VersionedSettingsStore<OutreachRules>;
export { CURRENT_SETTINGS_ID as CURRENT_OUTREACH_RULES_ID } from '../infra/versioned-settings';

export const OutreachRulesModel = versionedSettingsModel<OutreachRules>(
  'OutreachRules',
  'outreach_rules',
);

export function createOutreachRulesStore(
  options: { maxAgeMs?: number; now?: () => number; readDefault?: () => OutreachRules } = {},
): OutreachRulesStore {
  return createVersionedSettingsStore({
    model: OutreachRulesModel,
    schema: outreachRulesSchema,
    readDefault: options.readDefault ?? (() => readOutreachRulesFile()),
    maxAgeMs: options.maxAgeMs,
    now: options.now,
    conflict: (fromVersion, currentVersion) =>
      new AppError(
        ErrorCode.OutreachConflict,
        `The outreach rules are at version ${currentVersion}, not ${fromVersion}: someone saved them meanwhile. Reload and try again.`,
      ),
  });
}

/** The rules of this process (routes and the scheduler share it). */
export const outreachRulesStore: OutreachRulesStore = createOutreachRulesStore();
