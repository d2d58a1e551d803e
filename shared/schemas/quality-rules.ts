import { z } from 'zod';
import { normaliseObjectionText } from '../domain/objection-text';
import { qualityFlagSchema } from './outcome';

/**
 * The automatic quality checks run on every closed conversation (server/quality/), as data that
 * supervisors edit: which rules run, how severe their flags are, their thresholds and their
 * phrase lists. The default set is scripts-library/quality-rules.yaml; the live set is one
 * database document, changed through PUT /api/quality/rules. shared/domain/quality-checks.ts
 * applies them.
 *
 * What each rule flags (one flag per offending message):
 * - slow_first_response: the shopper's first message waited more than `thresholdSeconds` for the
 *   first agent reply (flag on the reply), or was still unanswered at close after that long
 *   (flag on the shopper's message).
 * - slow_reply: the same for every later shopper turn, timed from the turn's first unanswered
 *   shopper message.
 * - long_silence: no message from either side for more than `thresholdSeconds` between the first
 *   message and the close, whoever's turn it was (flag on the message that ended the silence, or
 *   on the last message when the silence ran into the close).
 * - risky_phrase: an agent message uses a phrase of one of the lists (absolute claims that the
 *   advertising law forbids, promises the shop cannot keep, asking to pay outside the shop),
 *   unless an `except` phrase of the same list covers it (最近 excuses 最).
 * - shopper_frustration: a shopper message uses a frustration phrase, or (when enabled) a run of
 *   at least `minRun` question or exclamation marks (？？？, !!!).
 * - unanswered_objection: a shopper message raises an objection (the objection detector) and no
 *   agent message follows it before the close.
 */

export const qualityRuleIds = [
  'slow_first_response',
  'slow_reply',
  'long_silence',
  'risky_phrase',
  'shopper_frustration',
  'unanswered_objection',
] as const;
export type QualityRuleId = (typeof qualityRuleIds)[number];

export const riskyPhraseListIds = [
  'absolute_claims',
  'unkeepable_promises',
  'off_platform_payment',
] as const;
export type RiskyPhraseListId = (typeof riskyPhraseListIds)[number];

export const qualitySeveritySchema = qualityFlagSchema.shape.severity;
export type QualitySeverity = z.infer<typeof qualitySeveritySchema>;
export const qualitySeverities = qualitySeveritySchema.options;

export const qualityRuleLimits = {
  thresholdMinSeconds: 1,
  /** One day: a chat open longer is not a chat any more. */
  thresholdMaxSeconds: 86_400,
  phraseMax: 60,
  phrasesMax: 300,
  minRunMin: 2,
  minRunMax: 10,
  dryRunDaysMax: 30,
  dryRunConversationsMax: 500,
} as const;

/** A phrase as the checks compare it: lower case, full-width and traditional folded, see
 * normaliseObjectionText. */
export const qualityPhraseKey = (phrase: string) => normaliseObjectionText(phrase).text;
const phraseKey = qualityPhraseKey;

const phraseSchema = z
  .string()
  .trim()
  .min(1)
  .max(qualityRuleLimits.phraseMax)
  .refine((phrase) => phraseKey(phrase) !== '', 'a phrase needs letters or characters');

const phrasesSchema = z
  .array(phraseSchema)
  .max(qualityRuleLimits.phrasesMax)
  .superRefine((phrases, ctx) => {
    const seen = new Set<string>();
    phrases.forEach((phrase, index) => {
      const key = phraseKey(phrase);
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', message: `"${phrase}" is listed twice`, path: [index] });
      }
      seen.add(key);
    });
  });

/** One list per UI language; a conversation is checked with the lists of its own language. */
export const localePhrasesSchema = z.strictObject({ 'zh-CN': phrasesSchema, en: phrasesSchema });
export type LocalePhrases = z.infer<typeof localePhrasesSchema>;

/**
 * Phrases that flag, and phrases that excuse a match lying inside them ("最近" excuses "最",
 * "第一次" excuses "第一", "at first" excuses "first"). A phrase that is also an exception would
 * never flag, so it is refused.
 */
export const phraseListSchema = z
  .strictObject({ phrases: localePhrasesSchema, except: localePhrasesSchema })
  .superRefine((list, ctx) => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const excepted = new Set(list.except[locale].map(phraseKey));
      list.phrases[locale].forEach((phrase, index) => {
        if (excepted.has(phraseKey(phrase))) {
          ctx.addIssue({
            code: 'custom',
            message: `"${phrase}" is also in the except list, so it would never flag`,
            path: ['phrases', locale, index],
          });
        }
      });
    }
  });
export type PhraseList = z.infer<typeof phraseListSchema>;

const ruleBase = { enabled: z.boolean(), severity: qualitySeveritySchema };
const thresholdSchema = z
  .number()
  .int()
  .min(qualityRuleLimits.thresholdMinSeconds)
  .max(qualityRuleLimits.thresholdMaxSeconds);
const timedRuleSchema = z.strictObject({ ...ruleBase, thresholdSeconds: thresholdSchema });

export const qualityRulesSchema = z.strictObject({
  slow_first_response: timedRuleSchema,
  slow_reply: timedRuleSchema,
  long_silence: timedRuleSchema,
  risky_phrase: z.strictObject({
    ...ruleBase,
    lists: z.strictObject({
      absolute_claims: phraseListSchema,
      unkeepable_promises: phraseListSchema,
      off_platform_payment: phraseListSchema,
    }),
  }),
  shopper_frustration: z.strictObject({
    ...ruleBase,
    phrases: localePhrasesSchema,
    except: localePhrasesSchema,
    repeatedPunctuation: z.strictObject({
      enabled: z.boolean(),
      /** How many ? ？ ! ！ in a row count as frustration. */
      minRun: z.number().int().min(qualityRuleLimits.minRunMin).max(qualityRuleLimits.minRunMax),
    }),
  }),
  unanswered_objection: z.strictObject(ruleBase),
});
export type QualityRules = z.infer<typeof qualityRulesSchema>;

/** GET /api/quality/rules and the answer of a successful PUT. */
export const qualityRulesStateSchema = z.object({
  /** Goes up by one with every saved change; a PUT names the version it started from. */
  version: z.number().int().min(1),
  rules: qualityRulesSchema,
  /** Username of the last editor; 'system' for the default set. */
  updatedBy: z.string(),
  updatedAt: z.string(),
});
export type QualityRulesState = z.infer<typeof qualityRulesStateSchema>;

/** PUT /api/quality/rules (supervisor, admin). */
export const updateQualityRulesSchema = z.strictObject({
  version: z.number().int().min(1),
  rules: qualityRulesSchema,
});
export type UpdateQualityRulesInput = z.infer<typeof updateQualityRulesSchema>;

/** POST /api/quality/dry-run (supervisor, admin): what `rules` would flag, before saving them. */
export const qualityDryRunSchema = z.strictObject({
  rules: qualityRulesSchema,
  days: z.number().int().min(1).max(qualityRuleLimits.dryRunDaysMax).optional(),
});
export type QualityDryRunInput = z.infer<typeof qualityDryRunSchema>;

export const qualityDryRunResultSchema = z.object({
  days: z.number().int(),
  /** Closed conversations looked at: those closed in the last `days` days, the newest first. */
  conversations: z.number().int(),
  /** More conversations closed in the period than the dry run reads (the oldest were left out). */
  truncated: z.boolean(),
  rules: z.array(
    z.object({
      rule: z.enum(qualityRuleIds),
      /** Conversations the proposed rules flag with this rule (0 when it is disabled). */
      conversations: z.number().int(),
      /** Flags, one per offending message. */
      flags: z.number().int(),
      /** Conversations the rules in force today flag with it, to compare. */
      currentConversations: z.number().int(),
    }),
  ),
});
export type QualityDryRunResult = z.infer<typeof qualityDryRunResultSchema>;
