import mongoose, { Schema, type mongo } from 'mongoose';

export type PointsEntryKind = 'earn' | 'refund';

/**
 * One movement of a customer's points. The `_id` is derived from what caused it
 * (`${orderId}:earn`, `${orderId}:refund`), so recording the same cause twice is refused by
 * the database itself, and finding it is an `_id` lookup (the only indexed one on FerretDB).
 * A customer's balance is the sum of their entries.
 */
export interface PointsEntryDoc {
  _id: string;
  customerId: string;
  kind: PointsEntryKind;
  orderId: string;
  /** Positive for earned points, negative for points taken back. */
  points: number;
  /** The order's amount, CNY. */
  amount: number;
  /**
   * Earn entries only: a digest of the order as first recorded, so that a retried order can be
   * told from a conflicting one without scanning the orders collection.
   */
  orderDigest: string | null;
  /** Earn entries only: the order document's `_id`, so a refund finds it by `_id`. */
  orderDocId: mongoose.Types.ObjectId | null;
  at: Date;
  /** Set by `npm run import` on what it inserted, so that a failed run can be undone. */
  importBatch: string | null;
}

const pointsEntrySchema = new Schema<PointsEntryDoc>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    kind: { type: String, enum: ['earn', 'refund'], required: true },
    orderId: { type: String, required: true },
    points: { type: Number, required: true },
    amount: { type: Number, required: true, min: 0 },
    orderDigest: { type: String, default: null },
    orderDocId: { type: Schema.Types.ObjectId, default: null },
    at: { type: Date, required: true },
    importBatch: { type: String, default: null },
  },
  { versionKey: false, collection: 'points_ledger' },
);

export const PointsEntry = mongoose.model<PointsEntryDoc>('PointsEntry', pointsEntrySchema);

export const earnEntryId = (orderId: string) => `${orderId}:earn`;
export const refundEntryId = (orderId: string) => `${orderId}:refund`;

/** The raw collection, typed: for bulk and idempotent inserts that skip Mongoose's casting. */
export const pointsLedger = () =>
  PointsEntry.collection as unknown as mongo.Collection<PointsEntryDoc>;
