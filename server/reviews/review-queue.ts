import { trusted } from 'mongoose';
import { maskSensitive } from '../../shared/domain/masking';
import { rubricTotal } from '../../shared/domain/rubric';
import type { QualityFlag } from '../../shared/schemas/outcome';
import {
  QUEUE_PAGE_SIZE,
  type QueueRow,
  type ReviewQueue,
  type ReviewQueueQuery,
} from '../../shared/schemas/review';
import { Message } from '../conversations/message-model';
import { findWhereIn } from '../infra/find-where-in';
import { Outcome, type OutcomeDoc } from '../outcomes/outcome-model';
import { Review, type ReviewDoc } from './review-model';

/** The most a search looks at; an export beyond it asks for a narrower filter. */
export const MAX_CANDIDATES = 5000;
/** At most this many ids go into one `$in` (see infra/find-where-in.ts). */
const MAX_IN = 2000;

const severityRank: Record<QualityFlag['severity'], number> = { critical: 3, warning: 2, info: 1 };

type OutcomeFields = Pick<
  OutcomeDoc,
  | '_id'
  | 'agentId'
  | 'agentName'
  | 'shopperName'
  | 'segment'
  | 'disposition'
  | 'objections'
  | 'scripts'
  | 'quality'
  | 'closedAt'
>;
type ReviewFields = Pick<ReviewDoc, '_id' | 'scores' | 'reviewedAt' | 'exemplary'>;

export interface QueueMatch {
  outcome: OutcomeFields;
  review: ReviewFields | null;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The outcome filter the database can apply itself; the rest is checked here. */
function outcomeFilter(query: ReviewQueueQuery): Record<string, unknown> {
  const filter: Record<string, unknown> = {};
  if (query.agent) filter.agentId = query.agent;
  if (query.disposition) filter.disposition = query.disposition;
  if (query.segment) filter.segment = query.segment;
  if (query.objection) filter['objections.category'] = query.objection;
  if (query.script) filter['scripts.scriptId'] = query.script;
  if (query.from || query.to) {
    filter.day = trusted({
      ...(query.from ? { $gte: query.from } : {}),
      ...(query.to ? { $lte: query.to } : {}),
    });
  }
  return filter;
}

/**
 * The conversations among `ids` with `q` in a line, as the trainer sees the line: a search for
 * a phone number finds nothing, since the trainer only ever sees it masked.
 */
async function conversationsMentioning(ids: readonly string[], q: string): Promise<Set<string>> {
  const text = trusted({ $regex: escapeRegex(q), $options: 'i' });
  const filter = ids.length <= MAX_IN ? { conversationId: trusted({ $in: ids }), text } : { text };
  const lines = await Message.find(filter, { _id: 0, conversationId: 1, text: 1 }).lean<
    { conversationId: string; text: string }[]
  >();
  const wanted = new Set(ids);
  const needle = q.toLocaleLowerCase();
  const found = new Set<string>();
  for (const line of lines) {
    if (!wanted.has(line.conversationId) || found.has(line.conversationId)) continue;
    if (maskSensitive(line.text).text.toLocaleLowerCase().includes(needle)) {
      found.add(line.conversationId);
    }
  }
  return found;
}

const worstSeverity = (flags: readonly QualityFlag[]) =>
  flags.reduce((worst, f) => Math.max(worst, severityRank[f.severity] ?? 0), 0);

/**
 * Flagged conversations nobody reviewed yet come first, the most severe flag first; then the
 * other unreviewed ones; then the reviewed. Newest first within each.
 */
function compareMatches(a: QueueMatch, b: QueueMatch): number {
  const group = (m: QueueMatch) =>
    m.review?.reviewedAt ? 2 : (m.outcome.quality ?? []).length > 0 ? 0 : 1;
  return (
    group(a) - group(b) ||
    (group(a) === 0 ? worstSeverity(b.outcome.quality) - worstSeverity(a.outcome.quality) : 0) ||
    new Date(b.outcome.closedAt).getTime() - new Date(a.outcome.closedAt).getTime() ||
    a.outcome._id.localeCompare(b.outcome._id)
  );
}

/** Every conversation the filters select, in queue order. */
export async function findQueueMatches(query: ReviewQueueQuery): Promise<QueueMatch[]> {
  const outcomes = await Outcome.find(outcomeFilter(query), {
    agentId: 1,
    agentName: 1,
    shopperName: 1,
    segment: 1,
    disposition: 1,
    objections: 1,
    scripts: 1,
    quality: 1,
    closedAt: 1,
  })
    .sort({ closedAt: -1 })
    .limit(MAX_CANDIDATES)
    .lean<OutcomeFields[]>();
  let candidates = query.flagged ? outcomes.filter((o) => (o.quality ?? []).length > 0) : outcomes;
  if (candidates.length === 0) return [];

  const reviews = await findWhereIn<ReviewFields>(
    Review.collection,
    '_id',
    candidates.map((o) => o._id),
    { scores: 1, reviewedAt: 1, exemplary: 1 },
  );
  const reviewById = new Map(reviews.map((r) => [r._id, r]));
  if (query.reviewed !== undefined) {
    candidates = candidates.filter(
      (o) => Boolean(reviewById.get(o._id)?.reviewedAt) === query.reviewed,
    );
  }
  if (query.q && candidates.length > 0) {
    const mentioning = await conversationsMentioning(
      candidates.map((o) => o._id),
      query.q,
    );
    candidates = candidates.filter((o) => mentioning.has(o._id));
  }
  return candidates
    .map((outcome) => ({ outcome, review: reviewById.get(outcome._id) ?? null }))
    .sort(compareMatches);
}

export function presentQueueRow({ outcome, review }: QueueMatch): QueueRow {
  const flags = [...(outcome.quality ?? [])].sort(
    (a, b) => severityRank[b.severity] - severityRank[a.severity],
  );
  const { total, max } = rubricTotal(review?.scores ?? {});
  return {
    conversationId: outcome._id,
    closedAt: new Date(outcome.closedAt).toISOString(),
    agent: { id: outcome.agentId, name: outcome.agentName },
    shopperName: maskSensitive(outcome.shopperName).text,
    segment: outcome.segment,
    disposition: outcome.disposition,
    objections: [...new Set((outcome.objections ?? []).map((o) => o.category))],
    scripts: [...new Set((outcome.scripts ?? []).map((s) => s.scriptId))],
    flags: {
      count: flags.length,
      top: flags[0] ? { severity: flags[0].severity, reason: flags[0].reason } : null,
    },
    review: {
      reviewed: Boolean(review?.reviewedAt),
      total,
      maxTotal: max,
      exemplary: Boolean(review?.exemplary),
    },
  };
}

export async function reviewQueue(query: ReviewQueueQuery): Promise<ReviewQueue> {
  const matches = await findQueueMatches(query);
  const start = (query.page - 1) * QUEUE_PAGE_SIZE;
  return {
    rows: matches.slice(start, start + QUEUE_PAGE_SIZE).map(presentQueueRow),
    total: matches.length,
    page: query.page,
    pageSize: QUEUE_PAGE_SIZE,
  };
}
