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

/**
 * The same rule as `conversationScope`, for a conversation already fetched by id: a lookup by
 * `_id` alone is the one every MongoDB-compatible store answers fastest (FerretDB ~3× faster
 * than `_id` plus another field), and `message:send` does one per message.
 */
export function mayAccess(actor: Actor, doc: ConversationDoc): boolean {
  if (!isStaff(actor)) return doc.visitorId === actor.visitorId;
  switch (actor.role) {
    case 'supervisor':
    case 'admin':
      return true;
    case 'agent':
      return doc.assigneeId === actor.username;
    default:
      return false;
  }
}
