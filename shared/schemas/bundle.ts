import { z } from 'zod';
import { localizedTextSchema } from './catalog';

/**
 * Bundles (套餐) as supervisors manage them: the input of POST /api/bundles and
 * PUT /api/bundles/:bundleId, and the staff view of GET /api/bundles/all. The storefront's
 * view of the bundles on sale is `bundleViewSchema` in ./catalog.
 */

export const bundleLimits = {
  idMin: 3,
  idMax: 40,
  nameMax: 60,
  skusMin: 2,
  skusMax: 8,
  /** Yuan (CNY). */
  priceMax: 1_000_000,
  stockMax: 1_000_000,
} as const;

/** Stored and compared in upper case, like the seeds' B-HUM-CARE, so b-hum-care cannot be a twin. */
export const bundleIdSchema = z
  .string()
  .trim()
  .toUpperCase()
  .min(bundleLimits.idMin)
  .max(bundleLimits.idMax)
  .regex(/^[A-Z0-9]+(?:-[A-Z0-9]+)*$/, 'letters and digits, joined by single hyphens');

const bundleNameSchema = z.strictObject({
  zhCN: z.string().trim().min(1).max(bundleLimits.nameMax),
  en: z.string().trim().min(1).max(bundleLimits.nameMax),
});

export const bundleSkusSchema = z
  .array(z.string().trim().min(1).max(40))
  .min(bundleLimits.skusMin)
  .max(bundleLimits.skusMax)
  .refine((skus) => new Set(skus).size === skus.length, 'each SKU at most once');

const hasAtMostTwoDecimals = (value: number) =>
  Math.abs(value * 100 - Math.round(value * 100)) < 1e-6;

/** Yuan (CNY). That it is below the items' list prices is checked against the products. */
export const bundlePriceSchema = z
  .number()
  .positive()
  .max(bundleLimits.priceMax)
  .refine(hasAtMostTwoDecimals, 'at most two decimals (fen)');

export const bundleStockSchema = z.number().int().min(0).max(bundleLimits.stockMax);

/** ISO 8601 date-time with Z or an offset, e.g. 2025-11-01T00:00:00.000+08:00. */
export const bundleInstantSchema = z.iso.datetime({ offset: true });

const validityIsOrdered = (v: { validFrom: string; validTo: string }) =>
  Date.parse(v.validFrom) < Date.parse(v.validTo);
const validityIssue = { message: 'validFrom must be before validTo', path: ['validTo'] };

/** The fields a supervisor edits; the first SKU is the main item the bundle is offered with. */
const editableFields = {
  name: bundleNameSchema,
  skus: bundleSkusSchema,
  bundlePrice: bundlePriceSchema,
  validFrom: bundleInstantSchema,
  validTo: bundleInstantSchema,
  stock: bundleStockSchema,
};

/** POST /api/bundles. A new bundle is on sale (active) unless said otherwise. */
export const createBundleSchema = z
  .strictObject({
    bundleId: bundleIdSchema,
    ...editableFields,
    active: z.boolean().default(true),
  })
  .refine(validityIsOrdered, validityIssue);
export type CreateBundleInput = z.output<typeof createBundleSchema>;

/** PUT /api/bundles/:bundleId replaces every field but the id, which never changes. */
export const updateBundleSchema = z
  .strictObject({ ...editableFields, active: z.boolean() })
  .refine(validityIsOrdered, validityIssue);
export type UpdateBundleInput = z.output<typeof updateBundleSchema>;

export const bundleItemViewSchema = z.object({
  sku: z.string(),
  /** Null when the SKU is no longer in the catalogue. */
  name: localizedTextSchema.nullable(),
  /** Today's list price in yuan; null when the SKU is no longer in the catalogue. */
  price: z.number().nullable(),
});
export type BundleItemView = z.infer<typeof bundleItemViewSchema>;

/** A bundle as staff see it, on sale or not, with what the shopper saves at today's prices. */
export const staffBundleViewSchema = z.object({
  bundleId: z.string(),
  name: localizedTextSchema,
  skus: z.array(z.string()),
  items: z.array(bundleItemViewSchema),
  /** Yuan (CNY). */
  bundlePrice: z.number(),
  /** The items' list prices added up; null when an item has left the catalogue. */
  listPrice: z.number().nullable(),
  /** listPrice − bundlePrice; null with listPrice. */
  saving: z.number().nullable(),
  /** ISO 8601 date-time. */
  validFrom: z.string(),
  validTo: z.string(),
  stock: z.number(),
  /** On sale (上架) or taken off (下架); the storefront also needs today within validity. */
  active: z.boolean(),
});
export type StaffBundleView = z.infer<typeof staffBundleViewSchema>;
