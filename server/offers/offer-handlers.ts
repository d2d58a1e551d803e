import { ErrorCode } from '../../shared/errors';
import {
  respondOfferSchema,
  sendOfferSchema,
  type OfferUpdate,
} from '../../shared/schemas/offer-card';
import { presentMessage } from '../conversations/conversation-presenter';
import type { ConversationService } from '../conversations/conversation-service';
import { Message, messageId } from '../conversations/message-model';
import type { MessageStore } from '../conversations/message-store';
import { AppError } from '../errors';
import type { Logger } from '../infra/logger';
import { isStaff } from '../realtime/actor';
import { rooms } from '../realtime/rooms';
import { registerHandler, type EventGate, type HandlerContext } from '../realtime/socket-handler';
import type { ChatServer, ChatSocket } from '../realtime/socket-server';
import { buildOfferCard, offerCardText } from './offer-cards';
import { OfferEvent } from './offer-event-model';

export interface OfferHandlerDeps {
  io: ChatServer;
  logger: Logger;
  conversations: ConversationService;
  messages: MessageStore;
  eventGate: EventGate;
}

/**
 * `offer:send` (agent): an offer card becomes a message of the chat, stored like any other.
 * `offer:respond` (shopper): accept or decline it, once; everyone in the chat sees it live.
 */
export function registerOfferHandlers(socket: ChatSocket, deps: OfferHandlerDeps): void {
  const actor = socket.data.actor;
  const ctx: HandlerContext = { socket, actor };
  const options = { logger: deps.logger, gate: deps.eventGate };

  registerHandler(ctx, options, 'offer:send', sendOfferSchema, async (input) => {
    if (!isStaff(actor) || actor.role === 'trainer') {
      throw new AppError(ErrorCode.Forbidden, 'Only agents send offers.');
    }
    const conversation = await deps.conversations.findForActor(actor, input.conversationId);
    if (conversation.status === 'closed') {
      throw new AppError(ErrorCode.Validation, 'This conversation is closed.');
    }
    const card = await buildOfferCard(input.offer);
    const stored = await deps.messages.append({
      conversationId: conversation._id,
      clientMessageId: input.clientMessageId,
      author: { kind: 'agent', id: actor.username, name: actor.displayName },
      text: offerCardText(card, conversation.locale),
      offer: card,
    });
    const message = presentMessage(stored);
    if (stored.created) {
      deps.io.to(rooms.conversation(conversation._id)).emit('message:new', message);
      deps.conversations
        .noteMessage(conversation, stored)
        .catch((err: unknown) =>
          deps.logger.warn({ err, conversationId: conversation._id }, 'summary not updated'),
        );
      await OfferEvent.updateOne(
        { _id: messageId(conversation._id, stored.seq) },
        {
          $setOnInsert: {
            conversationId: conversation._id,
            seq: stored.seq,
            customerId: conversation.customerId ?? null,
            agentId: actor.username,
            kind: card.kind,
            ref: card.bundleId ?? card.sku!,
            price: card.price,
            listPrice: card.listPrice,
            sentAt: stored.createdAt,
            response: null,
            respondedAt: null,
          },
        },
        { upsert: true },
      );
    }
    return { message, duplicate: !stored.created };
  });

  registerHandler(ctx, options, 'offer:respond', respondOfferSchema, async (input) => {
    if (isStaff(actor)) throw new AppError(ErrorCode.Forbidden, 'Only the shopper answers offers.');
    const conversation = await deps.conversations.findForActor(actor, input.conversationId);
    const id = messageId(conversation._id, input.seq);
    const message = await Message.findById(id).lean();
    if (!message?.offer || message.author.kind !== 'agent') {
      throw new AppError(ErrorCode.NotFound, 'There is no offer with that number in this chat.');
    }
    const previous = message.offer.response;
    if (previous) {
      if (previous.value === input.response) return { response: previous };
      throw new AppError(
        ErrorCode.OfferAnswered,
        `This offer was already ${previous.value}; it cannot be changed.`,
      );
    }
    const now = new Date();
    const response = { value: input.response, at: now.toISOString() };
    const updated = await Message.updateOne(
      { _id: id, 'offer.response': null },
      { $set: { 'offer.response': response } },
    );
    if (updated.modifiedCount === 0) {
      // Another tab answered at the same moment: report what was stored.
      const stored = (await Message.findById(id).lean())?.offer?.response;
      if (stored?.value === input.response) return { response: stored };
      throw new AppError(ErrorCode.OfferAnswered, 'This offer was already answered.');
    }
    await OfferEvent.updateOne(
      { _id: id },
      { $set: { response: input.response, respondedAt: now } },
    );
    const update: OfferUpdate = {
      conversationId: conversation._id,
      seq: input.seq,
      messageId: message.clientMessageId,
      response,
    };
    deps.io.to(rooms.conversation(conversation._id)).emit('offer:updated', update);
    return { response };
  });
}
