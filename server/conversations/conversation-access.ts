import type { FilterQuery } from 'mongoose';
import { isStaff, type Actor } from '../realtime/actor';
import type { ConversationDoc } from './conversation-model';

/**
 * The filter that decides who may see a conversation, built into every query so that a
 * foreign id simply finds nothing: its shopper, its assigned agent, or a supervisor/admin.
 * Trainers read closed transcripts through the review capability, not here.
 */
export function conversationScope(
  actor: Actor,
  conversationId: string,
): FilterQuery<ConversationDoc> | null {
  if (!isStaff(actor)) return { _id: conversationId, visitorId: actor.visitorId };
  switch (actor.role) {
    case 'supervisor':
    case 'admin':
      return { _id: conversationId };
    case 'agent':
      return { _id: conversationId, assigneeId: actor.username };
    default:
      return null;
  }
}
