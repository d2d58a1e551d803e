import mongoose, { Schema } from 'mongoose';

/**
 * Each visitor's latest conversation, keyed by visitor id. Opening the chat then takes two
 * lookups by `_id` instead of a search by visitor (FerretDB answers only `_id` from an index,
 * so a search costs a scan of every conversation), and the compare-and-set on this one
 * document leaves a visitor with one open chat even when two tabs open it at once.
 */
export interface VisitorChatDoc {
  _id: string;
  conversationId: string;
}

const visitorChatSchema = new Schema<VisitorChatDoc>(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
  },
  { versionKey: false, collection: 'visitor_chats', timestamps: true },
);

export const VisitorChat = mongoose.model<VisitorChatDoc>('VisitorChat', visitorChatSchema);
