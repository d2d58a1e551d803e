import { z } from 'zod';
import { objectionCategories } from '../domain/objection-categories';

/**
 * A phrase list of the objection detector, one file per language in
 * scripts-library/objection-phrases/ (zh-CN.yaml, en.yaml), kept by supervisors. Patterns are
 * data, not regular expressions:
 *
 * - literal text, matched after the same folding as the messages (full-width → half-width,
 *   lower case, traditional → simplified, white space collapsed), so "太貴", "太 贵" and "太贵"
 *   are one phrase;
 * - "…" (or "...") between two parts: at most `gap` units (characters or words, see `unit`) of
 *   anything but a clause end in between ("太…贵" matches 太贵, 太特么贵; "price…high" matches
 *   "price is a bit high");
 * - "*" at the end of a word: the word may go on ("refund*" = refund, refunds, refunded).
 *
 * A phrase starting or ending with a Latin letter or digit only matches whole words ("cost"
 * does not match "costume").
 */

export const objectionPhraseLimits = {
  phraseMax: 60,
  phrasesMax: 2_000,
  gapMax: 20,
  windowMax: 10,
} as const;

const GAP = /…|\.\.\./;

/** Splits a pattern at its gaps; each part may end with "*". */
export function patternParts(pattern: string): string[] {
  return pattern.split(GAP).map((part) => part.trim());
}

const literalSchema = z
  .string()
  .trim()
  .min(1)
  .max(objectionPhraseLimits.phraseMax)
  .refine((s) => !GAP.test(s) && !s.includes('*'), 'a plain phrase: no "…" gap and no "*"');

const patternSchema = z
  .string()
  .trim()
  .min(1)
  .max(objectionPhraseLimits.phraseMax)
  .superRefine((pattern, ctx) => {
    const parts = patternParts(pattern);
    if (parts.some((part) => part === '' || part === '*')) {
      ctx.addIssue({ code: 'custom', message: 'a "…" gap needs text on both sides' });
    }
    if (parts.some((part) => part.slice(0, -1).includes('*'))) {
      ctx.addIssue({ code: 'custom', message: '"*" may only end a word of the phrase' });
    }
  });

const weightSchema = z.number().gt(0).max(1);
const gapSchema = z.int().min(1).max(objectionPhraseLimits.gapMax);
const windowSchema = z.int().min(0).max(objectionPhraseLimits.windowMax);

export const objectionPhraseSchema = z.union([
  patternSchema,
  z.strictObject({
    phrase: patternSchema,
    /** How strongly the phrase alone says "objection" (0, 1]; default: the file's defaultWeight. */
    weight: weightSchema.optional(),
    /** false: a negation cue before it does not cancel it. Default: the category's. */
    negatable: z.boolean().optional(),
    /** Units a "…" may stand for in this phrase; default: the file's gap. */
    gap: gapSchema.optional(),
  }),
]);

const phraseText = (entry: z.infer<typeof objectionPhraseSchema>) =>
  (typeof entry === 'string' ? entry : entry.phrase).toLowerCase();

const categoryListSchema = z.strictObject({
  /** Default for the category's phrases: whether a negation cue before them cancels them. */
  negatable: z.boolean().default(true),
  phrases: z
    .array(objectionPhraseSchema)
    .min(1)
    .max(objectionPhraseLimits.phrasesMax)
    .superRefine((entries, ctx) => {
      const seen = new Set<string>();
      entries.forEach((entry, i) => {
        const text = phraseText(entry);
        if (seen.has(text)) {
          ctx.addIssue({ code: 'custom', message: `"${text}" is listed twice`, path: [i] });
        }
        seen.add(text);
      });
    }),
});

const weightedLiteralSchema = z.union([
  literalSchema,
  z.strictObject({ phrase: literalSchema, boost: weightSchema }),
]);

export const objectionPhraseListSchema = z.strictObject({
  /** BCP 47 tag, the file's name without .yaml. */
  language: z.string().regex(/^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$/, 'a language tag like zh-CN'),
  /** What gaps and windows count: characters (Chinese) or words (English). */
  unit: z.enum(['character', 'word']),
  /** Default number of units a "…" stands for. */
  gap: gapSchema.default(4),
  /** Weight of a phrase that gives none. */
  defaultWeight: weightSchema.default(0.8),
  negation: z.strictObject({
    /** Cues that cancel a phrase they come shortly before: 不, 没有, not, isn't… */
    cues: z.array(literalSchema).min(1),
    /** Most units between the cue and the phrase ("不是很贵": 2 characters). */
    window: windowSchema.default(3),
    /** Cues that cancel a phrase they come shortly after (贵不贵无所谓, …is fine). */
    after: z.array(literalSchema).default([]),
    /** Words that end a negation's reach like a comma does (但是, but). */
    scopeBreakers: z.array(literalSchema).default([]),
    /**
     * A clause ending in one of these is a worried question, where a negation does not cancel
     * (不包邮吗？ 不会坏吧？ It won't leak, right?).
     */
    questionEndings: z.array(literalSchema).default([]),
    /** "X不X" / "X没X" (贵不贵, 有没有) is a question, not a negation: the cue is ignored. */
    aNotAQuestions: z.boolean().default(false),
  }),
  intensifiers: z
    .strictObject({
      /** Most units between the intensifier and the phrase. */
      window: windowSchema.default(1),
      /** Default boost: a phrase of weight w right after an intensifier weighs w + (1 − w) × boost. */
      boost: weightSchema.default(0.3),
      phrases: z.array(weightedLiteralSchema).default([]),
    })
    .default({ window: 1, boost: 0.3, phrases: [] }),
  /**
   * Text that is never a phrase or a cue, although it contains one (贵店 contains 贵, 不过
   * contains 不): any match inside it is dropped.
   */
  ignore: z.array(literalSchema).default([]),
  categories: z.partialRecord(z.enum(objectionCategories), categoryListSchema),
});

export type ObjectionPhraseListInput = z.input<typeof objectionPhraseListSchema>;
export type ObjectionPhraseList = z.output<typeof objectionPhraseListSchema>;
export type ObjectionPhraseEntry = z.output<typeof objectionPhraseSchema>;
