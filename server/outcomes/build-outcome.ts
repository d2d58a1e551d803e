import type { ObjectionCategory } from '../../shared/domain/objection-categories';
import { stagesReached } from '../../shared/domain/conversation-stage';
import { conversationStages } from '../../shared/domain/scripts';
import { conversationTimings } from '../../shared/domain/conversation-timings';
import { dayOf, formatDay } from '../../shared/domain/utc-day';
import type { Disposition } from '../../shared/schemas/conversation';
import type { CloseDetails, OutcomeOrder, QualityFlag } from '../../shared/schemas/outcome';
import type { ConversationDoc } from '../conversations/conversation-model';
import type { MessageDoc } from '../conversations/message-model';
import type { OfferEventDoc } from '../offers/offer-event-model';
import type { OutcomeDoc } from './outcome-model';

export interface OutcomeInputs {
  conversation: ConversationDoc;
  /** The conversation's messages in seq order. */
  messages: ReadonlyArray<MessageDoc & { visibility?: string }>;
  offerEvents: readonly OfferEventDoc[];
  objectionsOf: (text: string) => readonly ObjectionCategory[];
  segment: string;
  tier: string | null;
  disposition: Disposition;
  details: CloseDetails;
  order: OutcomeOrder | null;
  satisfaction: number | null;
  quality: QualityFlag[];
  closedAt: Date;
}

/** The outcome record of a conversation at close (see shared/schemas/outcome.ts). */
export function buildOutcome(input: OutcomeInputs): OutcomeDoc {
  const { conversation, closedAt } = input;
  const talk = input.messages.filter((m) => m.visibility !== 'staff');
  const responses = new Map(input.offerEvents.map((e) => [e.seq, e]));

  const offers = [...input.offerEvents]
    .sort((a, b) => a.seq - b.seq)
    .map((e) => ({ seq: e.seq, kind: e.kind, ref: e.ref, price: e.price, response: e.response }));
  const acceptedAt = input.offerEvents
    .filter((e) => e.response === 'accepted' && e.respondedAt)
    .map((e) => e.respondedAt!.getTime());

  const notOvercome = new Set(input.details.notOvercome ?? []);
  const purchased = input.disposition === 'purchased';
  const objections: OutcomeDoc['objections'] = [];
  const categoriesBySeq = new Map<number, readonly ObjectionCategory[]>();
  for (const message of talk) {
    if (message.author.kind !== 'shopper') continue;
    const categories = input.objectionsOf(message.text);
    categoriesBySeq.set(message.seq, categories);
    for (const category of categories) {
      if (objections.some((o) => o.category === category)) continue;
      const raisedAt = message.createdAt.getTime();
      const overcome =
        !notOvercome.has(category) && (purchased || acceptedAt.some((t) => t >= raisedAt));
      objections.push({ category, seq: message.seq, overcome });
    }
  }

  const scripts: OutcomeDoc['scripts'] = [];
  for (const message of talk) {
    if (message.author.kind !== 'agent' || !message.scriptId || !message.scriptVersion) continue;
    const variant = message.scriptVariant ?? 'base';
    const known = scripts.some(
      (s) =>
        s.scriptId === message.scriptId &&
        s.version === message.scriptVersion &&
        s.variant === variant,
    );
    if (!known)
      scripts.push({
        scriptId: message.scriptId,
        version: message.scriptVersion,
        variant,
        seq: message.seq,
      });
  }

  // The stored offer card may predate the shopper's answer: the offer event holds it.
  const withResponses = talk.map((m) => {
    const event = m.offer ? responses.get(m.seq) : undefined;
    return event?.response ? { ...m, offer: { response: { value: event.response } } } : m;
  });
  const computedStages = stagesReached(withResponses, {
    objections: (m) => categoriesBySeq.get(m.seq) ?? [],
    closed: true,
  });
  const stageSet = new Set([...computedStages, ...(input.details.stages ?? [])]);

  const firstAssigned = conversation.history.find((h) => h.event === 'assigned')?.at ?? null;
  return {
    _id: conversation._id,
    visitorId: conversation.visitorId,
    customerId: conversation.customerId ?? null,
    shopperName: conversation.shopperName,
    agentId: conversation.assigneeId ?? null,
    agentName: conversation.assigneeName ?? null,
    locale: conversation.locale,
    segment: input.segment,
    tier: input.tier,
    openedAt: conversation.createdAt,
    closedAt,
    day: formatDay(dayOf(closedAt.getTime())),
    disposition: input.disposition,
    order: input.order,
    offers,
    objections,
    scripts,
    stages: conversationStages.filter((s) => stageSet.has(s)),
    satisfaction: input.satisfaction,
    timings: conversationTimings(talk, {
      assignedAt: firstAssigned ?? conversation.assignedAt ?? null,
      closedAt,
    }),
    quality: input.quality,
    updatedAt: closedAt,
  };
}
