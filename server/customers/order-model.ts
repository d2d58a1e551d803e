import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const orderSchema = new Schema(
  {
    orderId: { type: String, required: true, unique: true },
    customerId: { type: String, required: true },
    status: { type: String, enum: ['paid', 'refunded'], required: true },
    // Product names stay values, never keys: FerretDB refuses '.' and '$' in field names.
    items: [
      {
        _id: false,
        sku: { type: String, required: true },
        qty: { type: Number, required: true, min: 1 },
        unitPrice: { type: Number, required: true, min: 0 },
      },
    ],
    amount: { type: Number, required: true, min: 0 },
    orderedAt: { type: Date, required: true },
    paidAt: { type: Date, required: true },
    refundedAt: { type: Date, default: null },
    bundleId: { type: String, default: null },
    /** Set by `npm run import` so a failed or undone run can remove what it inserted. */
    importBatch: { type: String, default: undefined },
  },
  { versionKey: false, collection: 'orders' },
);
orderSchema.index({ customerId: 1, orderedAt: -1 });

export type OrderDoc = InferSchemaType<typeof orderSchema>;
export const Order = mongoose.model('Order', orderSchema);
