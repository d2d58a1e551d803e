import mongoose, { Schema } from 'mongoose';

/**
 * An outreach message left for a customer who was not online: `_id` is the customerId (a
 * lookup by `_id` is the one FerretDB answers from an index), so a signed-in shopper opening the
 * widget costs one fast read. The newest left message wins; it is removed once shown.
 */
export interface PendingOutreachDoc {
  _id: string;
  conversationId: string;
  taskId: string;
  leftAt: Date;
}

const pendingOutreachSchema = new Schema<PendingOutreachDoc>(
  {
    _id: { type: String, required: true },
    conversationId: { type: String, required: true },
    taskId: { type: String, required: true },
    leftAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'outreach_pending' },
);

export const PendingOutreach = mongoose.model<PendingOutreachDoc>(
  'PendingOutreach',
  pendingOutreachSchema,
);
