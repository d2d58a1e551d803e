import { ErrorCode } from '../../shared/errors';
import { rateConversationSchema } from '../../shared/schemas/outcome';
import { presentConversation } from '../conversations/conversation-presenter';
import type { ConversationService } from '../conversations/conversation-service';
import { AppError } from '../errors';
import type { Logger } from '../infra/logger';
import { isStaff } from '../realtime/actor';
import { registerHandler, type EventGate } from '../realtime/socket-handler';
import type { ChatSocket } from '../realtime/socket-server';
import type { OutcomeService } from './outcome-service';

export interface OutcomeHandlerDeps {
  logger: Logger;
  conversations: ConversationService;
  outcomes: OutcomeService;
  eventGate: EventGate;
}

/** `conversation:rate` (shopper): 1–5 stars for a closed chat, asked for by the widget. */
export function registerOutcomeHandlers(socket: ChatSocket, deps: OutcomeHandlerDeps): void {
  const actor = socket.data.actor;
  registerHandler(
    { socket, actor },
    { logger: deps.logger, gate: deps.eventGate },
    'conversation:rate',
    rateConversationSchema,
    async ({ conversationId, rating }) => {
      if (isStaff(actor)) throw new AppError(ErrorCode.Forbidden, 'Only the shopper rates a chat.');
      const conversation = await deps.conversations.findForActor(actor, conversationId);
      if (conversation.status !== 'closed')
        throw new AppError(ErrorCode.Validation, 'A chat can be rated once it has ended.');
      const rated = await deps.conversations.rate(conversationId, rating);
      if (!rated)
        throw new AppError(ErrorCode.Validation, 'A chat can be rated once it has ended.');
      await deps.outcomes.rate(conversationId, rating);
      return { conversation: presentConversation(rated) };
    },
  );
}
