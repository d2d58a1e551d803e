import { z } from 'zod';
import { objectionCategories } from '../domain/objection-categories';
import { RUBRIC_MAX, RUBRIC_MIN, rubricCriteria } from '../domain/rubric';
import { conversationIdSchema } from './chat';
import { dispositionSchema } from './conversation';
import { outcomeSchema, qualityFlagSchema } from './outcome';

/**
 * Transcript reviews (server/reviews/): the trainer's search over closed conversations, the
 * masked transcript, annotations on single lines, rubric scores, exemplary chats for new agents.
 * A review's id is its conversation's id.
 */

export const QUEUE_PAGE_SIZE = 25;

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** GET /api/reviews/queue and GET /api/reviews/export.csv. Days are UTC, both ends included. */
export const reviewQueueQuerySchema = z.strictObject({
  agent: z.string().trim().min(1).max(64).optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  disposition: dispositionSchema.optional(),
  objection: z.enum(objectionCategories).optional(),
  script: z.string().trim().min(1).max(100).optional(),
  /** RFM eight-class, or 'unknown' for guests. */
  segment: z.string().trim().min(1).max(16).optional(),
  /** Words in the transcript (case-insensitive). */
  q: z.string().trim().min(1).max(100).optional(),
  /** true: only chats with quality flags. */
  flagged: flag.optional(),
  /** false: only chats not reviewed yet; true: only reviewed ones. */
  reviewed: flag.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type ReviewQueueQuery = z.infer<typeof reviewQueueQuerySchema>;
/** The query as the client sends it (strings before parsing). */
export type ReviewQueueFilters = z.input<typeof reviewQueueQuerySchema>;

export const conversationParamSchema = z.strictObject({ conversationId: conversationIdSchema });

const score = z.number().int().min(RUBRIC_MIN).max(RUBRIC_MAX).nullable();
const comment = z.string().trim().max(1000);

/** PUT /api/reviews/:conversationId/score: the whole rubric at once; missing criteria are null. */
export const reviewScoreInputSchema = z.strictObject({
  scores: z.strictObject(
    Object.fromEntries(rubricCriteria.map((c) => [c, score.optional()])) as Record<
      (typeof rubricCriteria)[number],
      z.ZodOptional<typeof score>
    >,
  ),
  comments: z
    .strictObject(
      Object.fromEntries(rubricCriteria.map((c) => [c, comment.optional()])) as Record<
        (typeof rubricCriteria)[number],
        z.ZodOptional<typeof comment>
      >,
    )
    .default({}),
  overall: z.string().trim().max(2000).default(''),
});
export type ReviewScoreInput = z.input<typeof reviewScoreInputSchema>;

/** POST /api/reviews/:conversationId/annotations: a note on one line of the transcript. */
export const annotationInputSchema = z.strictObject({
  seq: z.number().int().min(1),
  text: z.string().trim().min(1).max(1000),
});
export type AnnotationInput = z.infer<typeof annotationInputSchema>;

export const annotationParamSchema = conversationParamSchema.extend({
  annotationId: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
});

/** PUT /api/reviews/:conversationId/exemplary. */
export const exemplaryInputSchema = z.strictObject({
  exemplary: z.boolean(),
  note: z.string().trim().max(500).default(''),
});
export type ExemplaryInput = z.input<typeof exemplaryInputSchema>;

/** POST /api/reviews/:conversationId/unmask: why the trainer needs the real text (audited). */
export const unmaskInputSchema = z.strictObject({
  reason: z.string().trim().min(3).max(200),
});

// ---- what the server answers ----------------------------------------------------------------

export const annotationSchema = z.object({
  id: z.string(),
  seq: z.number(),
  text: z.string(),
  /** Username of the reviewer who wrote it. */
  by: z.string(),
  at: z.string(),
});
export type Annotation = z.infer<typeof annotationSchema>;

const criterionRecord = <T extends z.ZodType>(value: T) =>
  z.object(
    Object.fromEntries(rubricCriteria.map((c) => [c, value])) as Record<
      (typeof rubricCriteria)[number],
      T
    >,
  );

export const reviewViewSchema = z.object({
  conversationId: z.string(),
  agentId: z.string().nullable(),
  reviewerId: z.string().nullable(),
  scores: criterionRecord(z.number().nullable()),
  comments: criterionRecord(z.string()),
  overall: z.string(),
  /** The scored criteria added up (null when none is scored) out of `maxTotal`. */
  total: z.number().nullable(),
  maxTotal: z.number(),
  annotations: z.array(annotationSchema),
  exemplary: z.object({ by: z.string(), at: z.string(), note: z.string() }).nullable(),
  reviewedAt: z.string().nullable(),
  updatedAt: z.string(),
});
export type ReviewView = z.infer<typeof reviewViewSchema>;

export const transcriptLineSchema = z.object({
  seq: z.number(),
  author: z.object({ kind: z.enum(['shopper', 'agent', 'system']), name: z.string() }),
  text: z.string(),
  createdAt: z.string(),
  /** Something in this line was masked (false in an unmasked transcript). */
  masked: z.boolean(),
});
export type TranscriptLine = z.infer<typeof transcriptLineSchema>;

/** GET /api/reviews/:conversationId and POST …/unmask. */
export const reviewDetailSchema = z.object({
  outcome: outcomeSchema,
  transcript: z.array(transcriptLineSchema),
  review: reviewViewSchema.nullable(),
  /** true only in the answer to POST …/unmask. */
  unmasked: z.boolean(),
});
export type ReviewDetail = z.infer<typeof reviewDetailSchema>;

const severitySchema = qualityFlagSchema.shape.severity;

export const queueRowSchema = z.object({
  conversationId: z.string(),
  closedAt: z.string(),
  agent: z.object({ id: z.string().nullable(), name: z.string().nullable() }),
  /** Masked like the transcript (a shopper may type a phone number as their name). */
  shopperName: z.string(),
  segment: z.string(),
  disposition: dispositionSchema,
  objections: z.array(z.enum(objectionCategories)),
  scripts: z.array(z.string()),
  flags: z.object({
    count: z.number(),
    /** The most severe flag's severity and reason; null without flags. */
    top: z
      .object({
        severity: severitySchema,
        reason: z.object({ 'zh-CN': z.string(), en: z.string() }),
      })
      .nullable(),
  }),
  review: z.object({
    reviewed: z.boolean(),
    total: z.number().nullable(),
    maxTotal: z.number(),
    exemplary: z.boolean(),
  }),
});
export type QueueRow = z.infer<typeof queueRowSchema>;

export const reviewQueueSchema = z.object({
  rows: z.array(queueRowSchema),
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type ReviewQueue = z.infer<typeof reviewQueueSchema>;

/** GET /api/reviews/mine: the caller's own reviewed conversations. */
export const myReviewSchema = z.object({
  review: reviewViewSchema,
  closedAt: z.string(),
  shopperName: z.string(),
  disposition: dispositionSchema,
});
export type MyReview = z.infer<typeof myReviewSchema>;

/** GET /api/exemplary: conversations a trainer marked as exemplary. */
export const exemplaryItemSchema = z.object({
  conversationId: z.string(),
  agentName: z.string().nullable(),
  closedAt: z.string(),
  disposition: dispositionSchema,
  locale: z.enum(['zh-CN', 'en']),
  segment: z.string(),
  note: z.string(),
  markedBy: z.string(),
  markedAt: z.string(),
  total: z.number().nullable(),
  maxTotal: z.number(),
});
export type ExemplaryItem = z.infer<typeof exemplaryItemSchema>;

/** GET /api/exemplary/:conversationId: the masked transcript with the trainer's notes. */
export const exemplaryDetailSchema = z.object({
  item: exemplaryItemSchema,
  transcript: z.array(transcriptLineSchema),
  annotations: z.array(annotationSchema),
});
export type ExemplaryDetail = z.infer<typeof exemplaryDetailSchema>;
