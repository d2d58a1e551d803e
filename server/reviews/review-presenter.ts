import { maskSensitive } from '../../shared/domain/masking';
import { emptyRubricScores, rubricCriteria, rubricTotal } from '../../shared/domain/rubric';
import type { OutcomeView } from '../../shared/schemas/outcome';
import type { ReviewView, TranscriptLine } from '../../shared/schemas/review';
import type { MessageDoc } from '../conversations/message-model';
import type { OutcomeDoc } from '../outcomes/outcome-model';
import type { ReviewDoc } from './review-model';

const iso = (date: Date | string) => new Date(date).toISOString();

/** What a review looks like on the wire: every criterion present, dates as ISO strings. */
export function presentReview(doc: ReviewDoc): ReviewView {
  const scores = { ...emptyRubricScores(), ...doc.scores };
  const comments = Object.fromEntries(
    rubricCriteria.map((c) => [c, doc.comments?.[c] ?? '']),
  ) as ReviewView['comments'];
  const { total, max } = rubricTotal(scores);
  return {
    conversationId: doc._id,
    // A first write's upsert may leave the nulls out.
    agentId: doc.agentId ?? null,
    reviewerId: doc.reviewerId ?? null,
    scores,
    comments,
    overall: doc.overall ?? '',
    total,
    maxTotal: max,
    annotations: (doc.annotations ?? [])
      .map((a) => ({ id: a.id, seq: a.seq, text: a.text, by: a.by, at: iso(a.at) }))
      .sort((a, b) => a.seq - b.seq || a.at.localeCompare(b.at)),
    exemplary: doc.exemplary
      ? { by: doc.exemplary.by, at: iso(doc.exemplary.at), note: doc.exemplary.note }
      : null,
    reviewedAt: doc.reviewedAt ? iso(doc.reviewedAt) : null,
    updatedAt: iso(doc.updatedAt),
  };
}

/**
 * The outcome record as the reviews show it; the shopper's name is masked like the transcript
 * (some shoppers chat under their phone number).
 */
export function presentOutcome(doc: OutcomeDoc, { mask }: { mask: boolean }): OutcomeView {
  return {
    conversationId: doc._id,
    visitorId: doc.visitorId,
    customerId: doc.customerId,
    shopperName: mask ? maskSensitive(doc.shopperName).text : doc.shopperName,
    agentId: doc.agentId,
    agentName: doc.agentName,
    locale: doc.locale,
    segment: doc.segment,
    tier: doc.tier,
    openedAt: iso(doc.openedAt),
    closedAt: iso(doc.closedAt),
    day: doc.day,
    disposition: doc.disposition,
    order: doc.order,
    offers: doc.offers ?? [],
    objections: doc.objections ?? [],
    scripts: doc.scripts ?? [],
    stages: doc.stages ?? [],
    satisfaction: doc.satisfaction,
    timings: doc.timings,
    quality: doc.quality ?? [],
    updatedAt: iso(doc.updatedAt),
  };
}

export type TranscriptMessage = Pick<MessageDoc, 'seq' | 'author' | 'text' | 'createdAt'>;

/**
 * The transcript in seq order. Masked, every line is: shoppers type their numbers and
 * addresses, and agents sometimes read them back.
 */
export function presentTranscript(
  messages: readonly TranscriptMessage[],
  { mask }: { mask: boolean },
): TranscriptLine[] {
  return [...messages]
    .sort((a, b) => a.seq - b.seq)
    .map((m) => {
      const result = mask ? maskSensitive(m.text) : { text: m.text, spans: [] };
      const name =
        m.author.kind === 'shopper' && mask ? maskSensitive(m.author.name).text : m.author.name;
      return {
        seq: m.seq,
        author: { kind: m.author.kind, name },
        text: result.text,
        createdAt: iso(m.createdAt),
        masked: result.spans.length > 0,
      };
    });
}
