import mongoose, { Schema } from 'mongoose';

export interface BundleDoc {
  bundleId: string;
  name: { zhCN: string; en: string };
  skus: string[];
  bundlePrice: number;
  validFrom: Date;
  validTo: Date;
  stock: number;
  active: boolean;
}

const bundleSchema = new Schema<BundleDoc>(
  {
    bundleId: { type: String, required: true, unique: true },
    name: { zhCN: { type: String, required: true }, en: { type: String, required: true } },
    skus: { type: [String], required: true },
    bundlePrice: { type: Number, required: true, min: 0 },
    validFrom: { type: Date, required: true },
    validTo: { type: Date, required: true },
    stock: { type: Number, required: true, min: 0 },
    active: { type: Boolean, default: true },
  },
  { versionKey: false, collection: 'bundles' },
);

export const Bundle = mongoose.model<BundleDoc>('Bundle', bundleSchema);
