import mongoose, { Schema } from 'mongoose';

/**
 * One offer sent in a chat and what the shopper did with it: the outcome record that conversion
 * figures are read from. `_id` is the offer message's id (`conversationId:seq`).
 */
export interface OfferEventDoc {
  _id: string;
  conversationId: string;
  seq: number;
  customerId: string | null;
  agentId: string;
  kind: 'bundle' | 'product';
  /** The bundle id or the product SKU. */
  ref: string;
  price: number;
  listPrice: number;
  sentAt: Date;
  response: 'accepted' | 'declined' | null;
  respondedAt: Date | null;
}

const offerEventSchema = new Schema<OfferEventDoc>(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    seq: { type: Number, required: true },
    customerId: { type: String, default: null },
    agentId: { type: String, required: true },
    kind: { type: String, enum: ['bundle', 'product'], required: true },
    ref: { type: String, required: true },
    price: { type: Number, required: true },
    listPrice: { type: Number, required: true },
    sentAt: { type: Date, required: true },
    response: { type: String, enum: ['accepted', 'declined', null], default: null },
    respondedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'offer_events' },
);

export const OfferEvent = mongoose.model<OfferEventDoc>('OfferEvent', offerEventSchema);
