import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const historyEntrySchema = new Schema(
  {
    at: { type: Date, required: true },
    event: {
      type: String,
      enum: ['opened', 'queued', 'assigned', 'transferred', 'requeued', 'closed', 'reopened'],
      required: true,
    },
    by: { type: String, default: null },
    note: { type: String, default: '' },
  },
  { _id: false },
);

const conversationSchema = new Schema(
  {
    _id: { type: String, required: true },
    visitorId: { type: String, required: true },
    customerId: { type: String, default: null },
    shopperName: { type: String, required: true },
    status: { type: String, enum: ['queued', 'assigned', 'active', 'closed'], required: true },
    skill: { type: String, required: true },
    priority: { type: Number, default: 0 },
    locale: { type: String, enum: ['zh-CN', 'en'], required: true },
    assigneeId: { type: String, default: null },
    assigneeName: { type: String, default: null },
    context: {
      sku: { type: String },
      cart: { type: [String], default: undefined },
      pageUrl: { type: String },
      pageTitle: { type: String },
    },
    lastSeq: { type: Number, default: 0 },
    /** The highest seq each side has read (shown as 已读 / "Read" to the other side). */
    shopperReadSeq: { type: Number, default: 0 },
    agentReadSeq: { type: Number, default: 0 },
    lastMessageAt: { type: Date, default: null },
    lastMessagePreview: { type: String, default: '' },
    queuedAt: { type: Date, default: null },
    assignedAt: { type: Date, default: null },
    firstResponseAt: { type: Date, default: null },
    closedAt: { type: Date, default: null },
    disposition: { type: String, default: null },
    /** The shopper's 1–5 rating, asked for by the widget at close. */
    satisfaction: { type: Number, default: null },
    history: { type: [historyEntrySchema], default: [] },
    /** Set when an agent started this chat from an outreach task (server/outreach/). */
    outreach: {
      type: new Schema(
        { taskId: { type: String, required: true }, kind: { type: String, required: true } },
        { _id: false },
      ),
      default: null,
    },
  },
  { versionKey: false, collection: 'conversations', timestamps: true },
);

conversationSchema.index({ visitorId: 1, status: 1 });
conversationSchema.index({ assigneeId: 1, status: 1 });
conversationSchema.index({ status: 1, queuedAt: 1 });

export type ConversationDoc = InferSchemaType<typeof conversationSchema> & {
  _id: string;
  createdAt: Date;
};
export const Conversation = mongoose.model('Conversation', conversationSchema);
