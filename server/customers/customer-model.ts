import mongoose, { Schema, type InferSchemaType } from 'mongoose';
import { personalities } from '../../shared/domain/personality';

const customerSchema = new Schema(
  {
    customerId: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    phone: { type: String, required: true },
    city: { type: String, required: true },
    joinedAt: { type: Date, required: true },
    memberTier: { type: String, enum: ['regular', 'silver', 'gold', 'diamond'], required: true },
    points: { type: Number, default: 0 },
    totalSpent: { type: Number, default: 0 },
    orderCount: { type: Number, default: 0 },
    complaints: { type: Number, default: 0 },
    /** One of the eight service personalities; set by agents. */
    personality: { type: String, enum: [...personalities, null], default: null },
    /** Agents' free-text notes. */
    notes: { type: String, default: '' },
    /** No proactive outreach (催付, 回访, 关怀, 挽回) to this customer: set by the shop or by staff. */
    outreachOptOut: { type: Boolean, default: false },
    /** Set by `npm run import` so a failed or undone run can remove what it inserted. */
    importBatch: { type: String, default: undefined },
  },
  { versionKey: false, collection: 'customers' },
);

export type CustomerDoc = InferSchemaType<typeof customerSchema>;
export const Customer = mongoose.model('Customer', customerSchema);
