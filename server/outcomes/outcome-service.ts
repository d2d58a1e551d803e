import { trusted } from 'mongoose';
import type { ObjectionCategory } from '../../shared/domain/objection-categories';
import { ErrorCode } from '../../shared/errors';
import type { CloseDetails, OutcomeOrder, QualityFlag } from '../../shared/schemas/outcome';
import type { z } from 'zod';
import type { outcomeEditSchema } from '../../shared/schemas/outcome';
import { recordAudit } from '../audit/audit-model';
import type { StaffSession } from '../auth/session-tokens';
import { Conversation, type ConversationDoc } from '../conversations/conversation-model';
import { Message, type MessageDoc } from '../conversations/message-model';
import type { RecordedOrder } from '../customers/orders/order-documents';
import { Order } from '../customers/order-model';
import { AppError } from '../errors';
import type { Logger } from '../infra/logger';
import { OfferEvent, type OfferEventDoc } from '../offers/offer-event-model';
import { buildOutcome } from './build-outcome';
import { Outcome, type OutcomeDoc } from './outcome-model';

export type OutcomeEdit = z.infer<typeof outcomeEditSchema>;

export interface OutcomeServiceDeps {
  segmentOf: (customerId: string | null) => Promise<{ segment: string; tier: string | null }>;
  objectionsOf: (text: string) => readonly ObjectionCategory[];
  /** The automatic quality checks of a closed conversation (server/quality/). */
  evaluateQuality?: (
    conversation: ConversationDoc,
    messages: readonly MessageDoc[],
  ) => Promise<QualityFlag[]>;
  /** Every created or changed outcome (the dashboards' rollups follow it). */
  onChange?: (previous: OutcomeDoc | null, next: OutcomeDoc) => Promise<void>;
  /** An order paid this long after a chat closed is still that chat's sale. */
  attributionWindowMs: number;
  logger?: Logger;
}

const forbidden = () => new AppError(ErrorCode.Forbidden, 'You may not change this outcome.');
const notFound = () => new AppError(ErrorCode.NotFound, 'No outcome for this conversation.');

/**
 * The outcome record of every closed conversation: written at close, amended when the shopper
 * rates the chat, pays within the attribution window or gets a refund, edited by hand (audited).
 */
export function createOutcomeService(deps: OutcomeServiceDeps) {
  // One write at a time on this node: FerretDB can lose one of two concurrent updates of a
  // document, and the rollups add the difference between the old and the new record.
  let lane: Promise<unknown> = Promise.resolve();
  function inLane<T>(write: () => Promise<T>): Promise<T> {
    const next = lane.then(write, write);
    lane = next.catch(() => undefined);
    return next;
  }

  async function save(previous: OutcomeDoc | null, next: OutcomeDoc): Promise<OutcomeDoc> {
    await Outcome.replaceOne({ _id: next._id }, next, { upsert: true });
    // Not awaited: the rollups queue their own writes in order, and a close need not wait.
    deps
      .onChange?.(previous, next)
      .catch((err: unknown) =>
        deps.logger?.error({ err, conversationId: next._id }, 'outcome rollups not updated'),
      );
    return next;
  }

  /** A paid order of the customer placed while the chat was open (or just before it closed). */
  async function orderDuringChat(conversation: ConversationDoc, closedAt: Date) {
    if (!conversation.customerId) return null;
    const orders = await Order.find(
      {
        customerId: conversation.customerId,
        paidAt: trusted({ $gte: conversation.createdAt, $lte: closedAt }),
      },
      { orderId: 1, amount: 1, status: 1, paidAt: 1 },
    )
      .sort({ paidAt: -1 })
      .limit(1)
      .lean();
    const order = orders[0];
    if (!order) return null;
    if (await Outcome.exists({ 'order.orderId': order.orderId })) return null;
    return {
      orderId: order.orderId,
      value: order.amount,
      source: 'linked',
      refunded: order.status === 'refunded',
    } satisfies OutcomeOrder;
  }

  async function recordClose(
    conversation: ConversationDoc,
    details: CloseDetails = {},
  ): Promise<OutcomeDoc> {
    const closedAt = conversation.closedAt ?? new Date();
    const [messages, offerEvents, standing, previous] = await Promise.all([
      Message.find({ conversationId: conversation._id }).sort({ seq: 1 }).lean<MessageDoc[]>(),
      OfferEvent.find({ conversationId: conversation._id }).lean<OfferEventDoc[]>(),
      deps.segmentOf(conversation.customerId ?? null),
      Outcome.findOne({ _id: conversation._id }).lean<OutcomeDoc>(),
    ]);
    const disposition = (conversation.disposition ?? 'service_only') as OutcomeDoc['disposition'];
    const entered: OutcomeOrder | null = details.order
      ? { ...details.order, source: 'entered', refunded: false }
      : null;
    const order =
      entered ??
      previous?.order ??
      (disposition === 'purchased' ? await orderDuringChat(conversation, closedAt) : null);
    const quality = deps.evaluateQuality
      ? await deps.evaluateQuality(conversation, messages).catch((err: unknown) => {
          deps.logger?.warn({ err, conversationId: conversation._id }, 'quality checks failed');
          return [] as QualityFlag[];
        })
      : [];
    const next = buildOutcome({
      conversation,
      messages,
      offerEvents,
      objectionsOf: deps.objectionsOf,
      segment: standing.segment,
      tier: standing.tier,
      disposition,
      details,
      order,
      // A rating given before the close, or to the chat before it was reopened, stays.
      satisfaction: conversation.satisfaction ?? previous?.satisfaction ?? null,
      quality,
      closedAt,
    });
    return inLane(async () => {
      // The shopper may have rated the chat since it was read (on this node or another).
      const rated = await Conversation.findOne(
        { _id: conversation._id },
        { satisfaction: 1 },
      ).lean();
      const satisfaction = rated?.satisfaction ?? next.satisfaction;
      return save(await current(conversation._id), { ...next, satisfaction });
    });
  }

  const current = (conversationId: string) =>
    Outcome.findOne({ _id: conversationId }).lean<OutcomeDoc>();

  async function change(
    conversationId: string,
    update: (outcome: OutcomeDoc) => OutcomeDoc | null,
  ): Promise<OutcomeDoc | null> {
    return inLane(async () => {
      const previous = await current(conversationId);
      if (!previous) return null;
      const next = update(previous);
      if (!next) return previous;
      return save(previous, { ...next, updatedAt: new Date() });
    });
  }

  /** The shopper's 1–5 rating; false when the chat has no outcome yet (it is kept on the chat). */
  async function rate(conversationId: string, rating: number): Promise<boolean> {
    return Boolean(await change(conversationId, (o) => ({ ...o, satisfaction: rating })));
  }

  /**
   * A paid order links to the customer's latest chat that closed within the window before it
   * and has no order yet; the chat then counts as a purchase. A refund marks the linked order.
   */
  async function noteOrder(order: RecordedOrder): Promise<void> {
    const linked = await Outcome.findOne({ 'order.orderId': order.orderId }).lean<OutcomeDoc>();
    if (linked) {
      const refunded = order.status === 'refunded';
      if (linked.order && linked.order.refunded !== refunded)
        await change(linked._id, (o) => (o.order ? { ...o, order: { ...o.order, refunded } } : o));
      return;
    }
    if (order.status !== 'paid') return;
    const candidates = await Outcome.find(
      {
        customerId: order.customerId,
        closedAt: trusted({
          $gte: new Date(order.paidAt.getTime() - deps.attributionWindowMs),
          $lte: order.paidAt,
        }),
      },
      { _id: 1, order: 1, closedAt: 1 },
    )
      .sort({ closedAt: -1 })
      .limit(5)
      .lean();
    const target = candidates.find((c) => !c.order);
    if (!target) return;
    const before = await change(target._id, (o) =>
      o.order
        ? null
        : {
            ...o,
            disposition: 'purchased',
            order: {
              orderId: order.orderId,
              value: order.amount,
              source: 'linked',
              refunded: false,
            },
          },
    );
    if (before)
      await recordAudit({
        actor: 'system',
        action: 'outcome.order_linked',
        subject: `outcome:${target._id}`,
        details: { orderId: order.orderId, value: order.amount },
        address: null,
      });
  }

  function mayEdit(actor: StaffSession, outcome: OutcomeDoc): boolean {
    if (actor.role === 'supervisor' || actor.role === 'admin') return true;
    return actor.role === 'agent' && outcome.agentId === actor.username;
  }

  async function read(actor: StaffSession, conversationId: string): Promise<OutcomeDoc> {
    const outcome = await current(conversationId);
    if (!outcome) throw notFound();
    if (actor.role === 'agent' && outcome.agentId !== actor.username) throw notFound();
    return outcome;
  }

  async function edit(
    actor: StaffSession,
    conversationId: string,
    input: OutcomeEdit,
    address: string | null,
  ): Promise<OutcomeDoc> {
    const existing = await read(actor, conversationId);
    if (!mayEdit(actor, existing)) throw forbidden();
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    const next = await change(conversationId, (o) => {
      const updated = { ...o };
      if (input.disposition !== undefined && input.disposition !== o.disposition) {
        before.disposition = o.disposition;
        after.disposition = updated.disposition = input.disposition;
      }
      if (input.order !== undefined) {
        before.order = o.order;
        after.order = updated.order = input.order
          ? { ...input.order, source: 'entered', refunded: false }
          : null;
      }
      if (input.objections) {
        const overcome = new Map(input.objections.map((x) => [x.category, x.overcome]));
        before.objections = o.objections;
        after.objections = updated.objections = o.objections.map((x) => ({
          ...x,
          overcome: overcome.get(x.category) ?? x.overcome,
        }));
      }
      return Object.keys(after).length ? updated : null;
    });
    if (!next) throw notFound();
    if (Object.keys(after).length)
      await recordAudit({
        actor: actor.username,
        action: 'outcome.edit',
        subject: `outcome:${conversationId}`,
        details: { reason: input.reason, before, after },
        address,
      });
    return next;
  }

  return { recordClose, rate, noteOrder, read, edit, flush: () => lane.then(() => undefined) };
}

export type OutcomeService = ReturnType<typeof createOutcomeService>;
