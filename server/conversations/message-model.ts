import mongoose, { Schema } from 'mongoose';
import type { OfferCard } from '../../shared/schemas/offer-card';

export interface MessageDoc {
  conversationId: string;
  clientMessageId: string;
  seq: number;
  author: { kind: 'shopper' | 'agent' | 'system'; id: string; name: string };
  text: string;
  createdAt: Date;
  scriptId?: string | undefined;
  scriptVersion?: number | undefined;
  scriptVariant?: string | undefined;
  offer?: OfferCard | undefined;
  /** 'staff': a supervisor's whisper, delivered to staff only; absent = everyone in the chat. */
  visibility?: 'staff' | undefined;
}

/**
 * A message's `_id` is its conversation and sequence number: "is seq N taken?" is then a lookup
 * by `_id`, the one lookup FerretDB answers from an index (others scan the collection).
 */
export const messageId = (conversationId: string, seq: number) => `${conversationId}:${seq}`;

const messageSchema = new Schema<MessageDoc & { _id: string }>(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    clientMessageId: { type: String, required: true },
    seq: { type: Number, required: true },
    author: {
      kind: { type: String, enum: ['shopper', 'agent', 'system'], required: true },
      id: { type: String, required: true },
      name: { type: String, required: true },
    },
    text: { type: String, required: true },
    createdAt: { type: Date, required: true },
    scriptId: { type: String },
    scriptVersion: { type: Number },
    scriptVariant: { type: String },
    // Built by the server from the catalogue (offer-cards.ts), never from client input.
    offer: { type: Schema.Types.Mixed },
    visibility: { type: String, enum: ['staff'] },
  },
  { versionKey: false, collection: 'messages' },
);

// A retried send hits this index and resolves to the original message.
messageSchema.index({ conversationId: 1, clientMessageId: 1 }, { unique: true });
// Two writers can never give out the same sequence number; a clash is retried.
messageSchema.index({ conversationId: 1, seq: 1 }, { unique: true });

export const Message = mongoose.model<MessageDoc & { _id: string }>('Message', messageSchema);
