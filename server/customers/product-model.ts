import mongoose, { Schema } from 'mongoose';
import { productCategorySchema, type ProductCategory } from '../../shared/schemas/catalog';

export interface ProductDoc {
  sku: string;
  name: { zhCN: string; en: string };
  description: { zhCN: string; en: string };
  category: ProductCategory;
  /** CNY, at most two decimals. */
  price: number;
  cost: number;
  stock: number;
  /** Appliances are durable; filters, fragrance and refills are consumables bought again. */
  durable: boolean;
  /** For consumables: the appliance SKUs they fit. Empty for appliances. */
  fitsSkus: string[];
  imageUrl: string;
  importBatch?: string;
}

const localized = { zhCN: { type: String, required: true }, en: { type: String, required: true } };

const productSchema = new Schema<ProductDoc>(
  {
    sku: { type: String, required: true, unique: true },
    name: localized,
    description: localized,
    category: { type: String, enum: productCategorySchema.options, required: true },
    price: { type: Number, required: true, min: 0 },
    cost: { type: Number, required: true, min: 0 },
    stock: { type: Number, required: true, min: 0 },
    durable: { type: Boolean, required: true },
    fitsSkus: { type: [String], default: [] },
    imageUrl: { type: String, required: true },
    /** Set by `npm run import` so a failed or undone run can remove what it inserted. */
    importBatch: { type: String, default: undefined },
  },
  { versionKey: false, collection: 'products' },
);
productSchema.index({ category: 1 });

export const Product = mongoose.model<ProductDoc>('Product', productSchema);
