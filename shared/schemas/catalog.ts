import { z } from 'zod';

export const productCategorySchema = z.enum([
  'humidifier',
  'air_purifier',
  'filter',
  'fragrance',
  'heater',
  'kettle',
  'fan',
  'dehumidifier',
]);
export type ProductCategory = z.infer<typeof productCategorySchema>;

/** A text in both shop languages. */
export const localizedTextSchema = z.object({ zhCN: z.string(), en: z.string() });
export type LocalizedText = z.infer<typeof localizedTextSchema>;

export const productQuerySchema = z.strictObject({ category: productCategorySchema.optional() });

export const productViewSchema = z.object({
  sku: z.string(),
  name: localizedTextSchema,
  category: productCategorySchema,
  /** Yuan (CNY), not fen. */
  price: z.number(),
  stock: z.number(),
  imageUrl: z.string(),
  description: localizedTextSchema,
});
export type ProductView = z.infer<typeof productViewSchema>;

export const bundleViewSchema = z.object({
  bundleId: z.string(),
  name: localizedTextSchema,
  skus: z.array(z.string()),
  /** Yuan (CNY), not fen. */
  bundlePrice: z.number(),
  /** ISO 8601 date-time. */
  validFrom: z.string(),
  validTo: z.string(),
  stock: z.number(),
});
export type BundleView = z.infer<typeof bundleViewSchema>;
