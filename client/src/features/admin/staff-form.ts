import type { FormRule } from 'antd';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { ErrorCode } from '../../../../shared/errors';
import { staffRoleSchema, type StaffRole } from '../../../../shared/schemas/auth';
import { createStaffSchema } from '../../../../shared/schemas/staff';
import { errorMessageKey } from '../../app/api';
import { ApiRequestError } from '../../app/api';

const fields = createStaffSchema.shape;

function bound(value: number | null, what: string): number {
  if (value === null) throw new Error(`createStaffSchema has no ${what}`);
  return value;
}

/** The limits the server checks, read from the same schema so the form cannot drift from it. */
export const staffLimits = {
  usernameMin: bound(fields.username.minLength, 'username minimum'),
  usernameMax: bound(fields.username.maxLength, 'username maximum'),
  displayNameMax: bound(fields.displayName.maxLength, 'display name maximum'),
  passwordMin: bound(fields.password.minLength, 'password minimum'),
  passwordMax: bound(fields.password.maxLength, 'password maximum'),
  skillMax: bound(fields.skills.unwrap().element.maxLength, 'skill maximum'),
  capacityMin: bound(fields.maxConcurrentChats.unwrap().minValue, 'capacity minimum'),
  capacityMax: bound(fields.maxConcurrentChats.unwrap().maxValue, 'capacity maximum'),
  capacityDefault: fields.maxConcurrentChats.parse(undefined),
};

export const staffRoles: readonly StaffRole[] = staffRoleSchema.options;

/** A username as the server will store it (trimmed, lower case), to compare with existing ones. */
export function normalizeUsername(value: unknown): string {
  return typeof value === 'string' ? value.trim().toLowerCase() : '';
}

type Issue = z.core.$ZodIssue;

const isBlank = (value: unknown) =>
  value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** A form rule that runs the schema's own check and says its first problem in the UI language. */
function schemaRule(
  schema: z.ZodType,
  describe: (issue: Issue, value: unknown) => string,
  { optional = false } = {},
): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (optional && (value === undefined || value === '')) return;
      const issue = schema.safeParse(value).error?.issues[0];
      if (issue) throw new Error(describe(issue, value));
    },
  };
}

/** Form rules for each staff field: createStaffSchema's checks, said in the UI language. */
export function useStaffRules() {
  const { t } = useTranslation();
  return useMemo(() => {
    const l = staffLimits;
    const password = (issue: Issue, value: unknown) => {
      if (value === undefined || value === '') return t('admin.validation.passwordRequired');
      return issue.code === 'too_big'
        ? t('admin.validation.passwordTooLong', { max: l.passwordMax })
        : t('admin.validation.passwordTooShort', { min: l.passwordMin });
    };
    return {
      username: schemaRule(fields.username, (issue, value) => {
        if (isBlank(value)) return t('admin.validation.usernameRequired');
        if (issue.code === 'invalid_format') return t('admin.validation.usernameFormat');
        return t('admin.validation.usernameLength', { min: l.usernameMin, max: l.usernameMax });
      }),
      displayName: schemaRule(fields.displayName, (_issue, value) =>
        isBlank(value)
          ? t('admin.validation.displayNameRequired')
          : t('admin.validation.displayNameTooLong', { max: l.displayNameMax }),
      ),
      role: schemaRule(fields.role, () => t('admin.validation.roleRequired')),
      password: schemaRule(fields.password, password),
      /** A new password when editing: left empty, the current one stays. */
      newPassword: schemaRule(fields.password, password, { optional: true }),
      skills: schemaRule(fields.skills, (issue, value) => {
        const index = issue.path[0];
        if (typeof index !== 'number') {
          const max = issue.code === 'too_big' ? Number(issue.maximum) : 0;
          return t('admin.validation.tooManySkills', { max });
        }
        const skill = String((value as unknown[])[index] ?? '').trim();
        return issue.code === 'too_big'
          ? t('admin.validation.skillTooLong', { skill, max: l.skillMax })
          : t('admin.validation.skillFormat', { skill });
      }),
      capacity: schemaRule(fields.maxConcurrentChats.unwrap(), () =>
        t('admin.validation.capacityRange', { min: l.capacityMin, max: l.capacityMax }),
      ),
    };
  }, [t]);
}

// The two refusals staff admin explains only in its message (server/auth/staff-admin-routes.ts).
const usernameTakenMessage = /^The username (\S+) is taken\.$/;
const selfLockoutMessage = 'You cannot remove your own admin access.';

/**
 * What to tell the admin about a failed save: a sentence in the UI language and, for a
 * validation failure the client does not recognize, the server's own words as detail.
 */
export function staffErrorText(
  t: TFunction,
  error: unknown,
): { sentence: string; detail: string | null } {
  if (error instanceof ApiRequestError && error.code === ErrorCode.Validation) {
    const message = error.serverMessage;
    const taken = message ? usernameTakenMessage.exec(message) : null;
    if (taken)
      return { sentence: t('admin.errors.usernameTaken', { username: taken[1] }), detail: null };
    if (message === selfLockoutMessage)
      return { sentence: t('admin.errors.selfLockout'), detail: null };
    return { sentence: t('errors.E_VALIDATION'), detail: message };
  }
  return { sentence: t(errorMessageKey(error)), detail: null };
}
