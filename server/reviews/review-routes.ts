import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { trusted } from 'mongoose';
import { maskSensitive } from '../../shared/domain/masking';
import { emptyRubricScores, rubricCriteria, rubricTotal } from '../../shared/domain/rubric';
import { ErrorCode } from '../../shared/errors';
import type { StaffRole } from '../../shared/schemas/auth';
import {
  annotationInputSchema,
  annotationParamSchema,
  conversationParamSchema,
  exemplaryInputSchema,
  reviewQueueQuerySchema,
  reviewScoreInputSchema,
  unmaskInputSchema,
  type ExemplaryDetail,
  type ExemplaryItem,
  type MyReview,
  type ReviewDetail,
} from '../../shared/schemas/review';
import { recordAudit } from '../audit/audit-model';
import type { SessionTokens, StaffSession } from '../auth/session-tokens';
import { requireStaff } from '../auth/staff-guard';
import { Message, messageId } from '../conversations/message-model';
import { AppError } from '../errors';
import { parseInput } from '../http/validate';
import { findWhereIn } from '../infra/find-where-in';
import { Outcome, type OutcomeDoc } from '../outcomes/outcome-model';
import { Review, type ReviewDoc } from './review-model';
import {
  presentOutcome,
  presentReview,
  presentTranscript,
  type TranscriptMessage,
} from './review-presenter';
import { findQueueMatches, reviewQueue } from './review-queue';
import { transcriptCsv } from './transcript-csv';

/*
 * Transcript reviews (质检) over HTTP. Trainers, supervisors and admins search closed
 * conversations, read them masked, unmask them with a reason (audited), score them on the rubric,
 * annotate single lines and mark exemplary ones. Agents read their own reviews and the exemplary
 * library, never anyone else's review: a foreign id is simply not found.
 *
 *   GET    /api/reviews/queue?agent&from&to&disposition&objection&script&segment&q&flagged&reviewed&page
 *   GET    /api/reviews/export.csv?<same filters>        masked transcripts, one row per line
 *   GET    /api/reviews/mine                             the caller's own reviewed chats
 *   GET    /api/reviews/:conversationId                  outcome, masked transcript, review
 *   POST   /api/reviews/:conversationId/unmask  {reason} the real transcript (audited)
 *   PUT    /api/reviews/:conversationId/score   {scores, comments, overall}
 *   POST   /api/reviews/:conversationId/annotations {seq, text}
 *   DELETE /api/reviews/:conversationId/annotations/:annotationId
 *   PUT    /api/reviews/:conversationId/exemplary {exemplary, note}
 *   GET    /api/exemplary                                exemplary chats, with the trainer's note
 *   GET    /api/exemplary/:conversationId                one of them, masked
 */

const staff: readonly StaffRole[] = ['agent', 'supervisor', 'trainer', 'admin'];
const reviewers: readonly StaffRole[] = ['trainer', 'supervisor', 'admin'];
/** An export holds at most this many conversations (the newest in queue order). */
export const MAX_EXPORT_CONVERSATIONS = 1000;

const caller = (res: Response) => res.locals.staff as StaffSession;
const noConversation = (id: string) =>
  new AppError(ErrorCode.NotFound, `No closed conversation ${id} to review.`);

async function loadOutcome(conversationId: string): Promise<OutcomeDoc> {
  const outcome = await Outcome.findById(conversationId).lean<OutcomeDoc>();
  if (!outcome) throw noConversation(conversationId);
  return outcome;
}

function loadMessages(conversationId: string): Promise<TranscriptMessage[]> {
  return Message.find({ conversationId }, { _id: 0, seq: 1, author: 1, text: 1, createdAt: 1 })
    .sort({ seq: 1 })
    .lean<TranscriptMessage[]>();
}

/** A review not written yet, minus the fields a write sets itself. */
function newReviewFields(agentId: string | null, except: readonly string[]) {
  const fields: Record<string, unknown> = {
    agentId,
    reviewerId: null,
    scores: emptyRubricScores(),
    comments: Object.fromEntries(rubricCriteria.map((c) => [c, ''])),
    overall: '',
    total: null,
    annotations: [],
    exemplary: null,
    reviewedAt: null,
  };
  for (const key of except) delete fields[key];
  return fields;
}

/**
 * Writes to one review one at a time on this node: the embedded FerretDB can lose one of two
 * concurrent updates of the same document (annotations are read, changed and written back).
 */
function createWriteQueue() {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, write: () => Promise<T>): Promise<T> => {
    const previous = tails.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(write);
    tails.set(key, next);
    void next
      .finally(() => {
        if (tails.get(key) === next) tails.delete(key);
      })
      .catch(() => undefined);
    return next;
  };
}

/** Sets `set` on the review of `outcome`, creating it when it is the first write. */
async function writeReview(outcome: OutcomeDoc, set: Record<string, unknown>): Promise<ReviewDoc> {
  const now = new Date();
  const review = await Review.findOneAndUpdate(
    { _id: outcome._id },
    {
      $set: { ...set, updatedAt: now },
      $setOnInsert: newReviewFields(outcome.agentId, Object.keys(set)),
    },
    { upsert: true, new: true },
  ).lean<ReviewDoc>();
  return review!;
}

async function detail(
  outcome: OutcomeDoc,
  review: ReviewDoc | null,
  mask: boolean,
): Promise<ReviewDetail> {
  const messages = await loadMessages(outcome._id);
  return {
    outcome: presentOutcome(outcome, { mask }),
    transcript: presentTranscript(messages, { mask }),
    review: review ? presentReview(review) : null,
    unmasked: !mask,
  };
}

function exemplaryItem(review: ReviewDoc, outcome: OutcomeDoc): ExemplaryItem {
  const { total, max } = rubricTotal(review.scores ?? {});
  return {
    conversationId: outcome._id,
    agentName: outcome.agentName,
    closedAt: new Date(outcome.closedAt).toISOString(),
    disposition: outcome.disposition,
    locale: outcome.locale,
    segment: outcome.segment,
    note: review.exemplary!.note,
    markedBy: review.exemplary!.by,
    markedAt: new Date(review.exemplary!.at).toISOString(),
    total,
    maxTotal: max,
  };
}

export function reviewRouter(deps: { tokens: SessionTokens }): Router {
  const router = Router();
  const anyStaff = requireStaff(deps.tokens, staff);
  const reviewersOnly = requireStaff(deps.tokens, reviewers);
  const serialized = createWriteQueue();
  const audit = (req: Request, action: string, subject: string, details: Record<string, unknown>) =>
    recordAudit({
      actor: caller(req.res!).username,
      action,
      subject,
      details,
      address: req.ip ?? null,
    });

  router.get('/api/reviews/queue', reviewersOnly, async (req, res) => {
    const query = parseInput(reviewQueueQuerySchema, req.query);
    res.json(await reviewQueue(query));
  });

  router.get('/api/reviews/export.csv', reviewersOnly, async (req, res) => {
    const { page: _page, ...query } = parseInput(reviewQueueQuerySchema, req.query);
    const matches = (await findQueueMatches({ ...query, page: 1 })).slice(
      0,
      MAX_EXPORT_CONVERSATIONS,
    );
    const ids = matches.map((m) => m.outcome._id);
    const messages = await findWhereIn<TranscriptMessage & { conversationId: string }>(
      Message.collection,
      'conversationId',
      ids,
      { _id: 0, seq: 1, author: 1, text: 1, createdAt: 1 },
    );
    const byConversation = new Map<string, TranscriptMessage[]>();
    for (const m of messages) {
      const list = byConversation.get(m.conversationId) ?? [];
      list.push(m);
      byConversation.set(m.conversationId, list);
    }
    const csv = transcriptCsv(
      ids.map((conversationId) => ({
        conversationId,
        lines: presentTranscript(byConversation.get(conversationId) ?? [], { mask: true }),
      })),
    );
    await audit(req, 'transcripts.export', 'reviews:export', {
      filters: query,
      conversations: ids.length,
      lines: messages.length,
      masked: true,
    });
    const day = new Date().toISOString().slice(0, 10);
    res.type('text/csv; charset=utf-8').attachment(`transcripts-${day}.csv`).send(csv);
  });

  router.get('/api/reviews/mine', anyStaff, async (_req, res) => {
    const me = caller(res).username;
    const reviews = await Review.find({ agentId: me }).lean<ReviewDoc[]>();
    const outcomes = await findWhereIn<OutcomeDoc>(
      Outcome.collection,
      '_id',
      reviews.map((r) => r._id),
      { closedAt: 1, shopperName: 1, disposition: 1, agentId: 1 },
    );
    const outcomeById = new Map(outcomes.map((o) => [o._id, o]));
    const mine: MyReview[] = [];
    for (const review of reviews) {
      const outcome = outcomeById.get(review._id);
      if (!outcome || outcome.agentId !== me) continue;
      mine.push({
        review: presentReview(review),
        closedAt: new Date(outcome.closedAt).toISOString(),
        shopperName: maskSensitive(outcome.shopperName).text,
        disposition: outcome.disposition,
      });
    }
    mine.sort((a, b) => b.review.updatedAt.localeCompare(a.review.updatedAt));
    res.json({ reviews: mine });
  });

  router.get('/api/reviews/:conversationId', anyStaff, async (req, res) => {
    const { conversationId } = parseInput(conversationParamSchema, req.params);
    const me = caller(res);
    if (me.role === 'agent') {
      // The caller is in the query: another agent's review, or none yet, is not found.
      const review = await Review.findOne({
        _id: conversationId,
        agentId: me.username,
      }).lean<ReviewDoc>();
      const outcome = review && (await Outcome.findById(conversationId).lean<OutcomeDoc>());
      if (!review || !outcome || outcome.agentId !== me.username) {
        throw new AppError(ErrorCode.NotFound, `No review of conversation ${conversationId}.`);
      }
      res.json(await detail(outcome, review, true));
      return;
    }
    const outcome = await loadOutcome(conversationId);
    const review = await Review.findById(conversationId).lean<ReviewDoc>();
    res.json(await detail(outcome, review, true));
  });

  router.post('/api/reviews/:conversationId/unmask', anyStaff, async (req, res) => {
    const { conversationId } = parseInput(conversationParamSchema, req.params);
    const me = caller(res);
    if (!reviewers.includes(me.role)) {
      await audit(req, 'transcript.unmask.denied', `conversation:${conversationId}`, {});
      throw new AppError(ErrorCode.Forbidden, 'Only trainers, supervisors and admins may unmask.');
    }
    const { reason } = parseInput(unmaskInputSchema, req.body);
    const outcome = await loadOutcome(conversationId);
    const review = await Review.findById(conversationId).lean<ReviewDoc>();
    await audit(req, 'transcript.unmask', `conversation:${conversationId}`, { reason });
    res.json(await detail(outcome, review, false));
  });

  router.put('/api/reviews/:conversationId/score', reviewersOnly, async (req, res) => {
    const { conversationId } = parseInput(conversationParamSchema, req.params);
    const input = parseInput(reviewScoreInputSchema, req.body);
    const outcome = await loadOutcome(conversationId);
    const scores = { ...emptyRubricScores(), ...input.scores };
    const comments = Object.fromEntries(rubricCriteria.map((c) => [c, input.comments[c] ?? '']));
    const review = await serialized(conversationId, () =>
      writeReview(outcome, {
        scores,
        comments,
        overall: input.overall,
        total: rubricTotal(scores).total,
        reviewerId: caller(res).username,
        reviewedAt: new Date(),
      }),
    );
    res.json({ review: presentReview(review) });
  });

  router.post('/api/reviews/:conversationId/annotations', reviewersOnly, async (req, res) => {
    const { conversationId } = parseInput(conversationParamSchema, req.params);
    const { seq, text } = parseInput(annotationInputSchema, req.body);
    const outcome = await loadOutcome(conversationId);
    if (!(await Message.exists({ _id: messageId(conversationId, seq) }))) {
      throw new AppError(ErrorCode.Validation, `Invalid input: seq: no line ${seq} in this chat.`);
    }
    const annotation = {
      id: randomUUID().slice(0, 12),
      seq,
      text,
      by: caller(res).username,
      at: new Date(),
    };
    const review = await serialized(conversationId, async () => {
      const current = await Review.findById(conversationId, { annotations: 1 }).lean<ReviewDoc>();
      return writeReview(outcome, { annotations: [...(current?.annotations ?? []), annotation] });
    });
    res.status(201).json({ review: presentReview(review) });
  });

  router.delete(
    '/api/reviews/:conversationId/annotations/:annotationId',
    reviewersOnly,
    async (req, res) => {
      const { conversationId, annotationId } = parseInput(annotationParamSchema, req.params);
      const review = await serialized(conversationId, async () => {
        const current = await Review.findById(conversationId).lean<ReviewDoc>();
        const kept = (current?.annotations ?? []).filter((a) => a.id !== annotationId);
        if (!current || kept.length === current.annotations.length) {
          throw new AppError(ErrorCode.NotFound, `No annotation ${annotationId}.`);
        }
        const outcome = await loadOutcome(conversationId);
        return writeReview(outcome, { annotations: kept });
      });
      res.json({ review: presentReview(review) });
    },
  );

  router.put('/api/reviews/:conversationId/exemplary', reviewersOnly, async (req, res) => {
    const { conversationId } = parseInput(conversationParamSchema, req.params);
    const input = parseInput(exemplaryInputSchema, req.body);
    const outcome = await loadOutcome(conversationId);
    const exemplary = input.exemplary
      ? { by: caller(res).username, at: new Date(), note: input.note }
      : null;
    const review = await serialized(conversationId, () => writeReview(outcome, { exemplary }));
    res.json({ review: presentReview(review) });
  });

  router.get('/api/exemplary', anyStaff, async (_req, res) => {
    const reviews = await Review.find({ exemplary: trusted({ $ne: null }) }).lean<ReviewDoc[]>();
    const outcomes = await findWhereIn<OutcomeDoc>(
      Outcome.collection,
      '_id',
      reviews.map((r) => r._id),
      { agentName: 1, closedAt: 1, disposition: 1, locale: 1, segment: 1 },
    );
    const outcomeById = new Map(outcomes.map((o) => [o._id, o]));
    const items = reviews
      .filter((r) => r.exemplary && outcomeById.has(r._id))
      .map((r) => exemplaryItem(r, outcomeById.get(r._id)!))
      .sort((a, b) => b.markedAt.localeCompare(a.markedAt));
    res.json({ items });
  });

  router.get('/api/exemplary/:conversationId', anyStaff, async (req, res) => {
    const { conversationId } = parseInput(conversationParamSchema, req.params);
    const review = await Review.findById(conversationId).lean<ReviewDoc>();
    const outcome =
      review?.exemplary && (await Outcome.findById(conversationId).lean<OutcomeDoc>());
    if (!review || !outcome) {
      throw new AppError(ErrorCode.NotFound, `No exemplary conversation ${conversationId}.`);
    }
    const body: ExemplaryDetail = {
      item: exemplaryItem(review, outcome),
      transcript: presentTranscript(await loadMessages(conversationId), { mask: true }),
      annotations: presentReview(review).annotations,
    };
    res.json(body);
  });

  return router;
}
