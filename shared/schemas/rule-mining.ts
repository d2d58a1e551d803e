import { z } from 'zod';
import { profileItemSchema } from './profile';

/**
 * Cross-sell rule mining runs (关联规则挖掘): `POST /api/offers/rules/refresh` answers
 * `ruleRefreshResponseSchema`, `GET /api/offers/rules/status` answers `ruleMiningStatusSchema`.
 */

export const ruleRunStateSchema = z.enum(['queued', 'running', 'done', 'failed']);
export type RuleRunState = z.infer<typeof ruleRunStateSchema>;

/** What started a run: the server finding no (or old) rules at start, its timer, a person, the CLI. */
export const ruleRunTriggerSchema = z.enum(['startup', 'schedule', 'manual', 'cli']);
export type RuleRunTrigger = z.infer<typeof ruleRunTriggerSchema>;

/** queued → orders (read with a cursor) → mining → storing → done. */
export const ruleRunStepSchema = z.enum(['queued', 'orders', 'mining', 'storing', 'done']);
export type RuleRunStep = z.infer<typeof ruleRunStepSchema>;

export const ruleRunProgressSchema = z.object({
  step: ruleRunStepSchema,
  /** Within the step: orders read, chunks stored… */
  done: z.number().int().min(0),
  total: z.number().int().min(0),
});
export type RuleRunProgress = z.infer<typeof ruleRunProgressSchema>;

export const ruleRunViewSchema = z.object({
  id: z.string(),
  state: ruleRunStateSchema,
  trigger: ruleRunTriggerSchema,
  progress: ruleRunProgressSchema,
  params: z.object({
    /** As asked; null = automatic: max(0.2%, 3 baskets). */
    minSupport: z.number().nullable(),
    minConfidence: z.number(),
    maxLen: z.number().int(),
    /** Rules are kept only above this lift, and only the best `maxRules` by lift. */
    minLift: z.number(),
    maxRules: z.number().int(),
  }),
  /** The support threshold actually applied, once known. */
  minSupportUsed: z.number().nullable(),
  /** Once the run is done: orders read (any status), paid baskets mined, itemsets, rules kept. */
  counts: z
    .object({
      orders: z.number().int(),
      baskets: z.number().int(),
      itemsets: z.number().int(),
      rules: z.number().int(),
    })
    .nullable(),
  timings: z
    .object({
      loadMs: z.number(),
      miningMs: z.number(),
      storeMs: z.number(),
      totalMs: z.number(),
    })
    .nullable(),
  /** ISO 8601. */
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  /** A failed run's reason, a sentence. */
  error: z.string().nullable(),
});
export type RuleRunView = z.infer<typeof ruleRunViewSchema>;

export const minedRuleViewSchema = z.object({
  antecedent: z.array(profileItemSchema),
  consequent: z.array(profileItemSchema),
  support: z.number(),
  confidence: z.number(),
  lift: z.number(),
  count: z.number().int(),
});
export type MinedRuleView = z.infer<typeof minedRuleViewSchema>;

export const ruleMiningStatusSchema = z.object({
  /** The run going on now (on any server), with its progress; null when none. */
  running: ruleRunViewSchema.nullable(),
  /** The latest run that ended, done or failed. */
  lastFinished: ruleRunViewSchema.nullable(),
  /** The rules in use: from the latest successful run. Null before any run succeeded. */
  current: z
    .object({ runId: z.string(), finishedAt: z.string(), rules: z.number().int() })
    .nullable(),
  /** The best stored rules by lift (at most 20), with product names. */
  topRules: z.array(minedRuleViewSchema),
});
export type RuleMiningStatus = z.infer<typeof ruleMiningStatusSchema>;

export const ruleRefreshResponseSchema = z.object({ runId: z.string() });
export type RuleRefreshResponse = z.infer<typeof ruleRefreshResponseSchema>;
