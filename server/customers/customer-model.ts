import mongoose, { Schema, type InferSchemaType } from 'mongoose';

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
    personality: { type: String, default: null },
  },
  { versionKey: false, collection: 'customers' },
);

export type CustomerDoc = InferSchemaType<typeof customerSchema>;
export const Customer = mongoose.model('Customer', customerSchema);
