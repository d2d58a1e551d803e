import { Router, type Request } from 'express';
import { trusted } from 'mongoose';
import { z } from 'zod';
import { isBelowListPrice, priceBundle } from '../../shared/domain/bundle-pricing';
import { ErrorCode } from '../../shared/errors';
import type { StaffRole } from '../../shared/schemas/auth';
import {
  bundleIdSchema,
  createBundleSchema,
  updateBundleSchema,
} from '../../shared/schemas/bundle';
import { recordAudit } from '../audit/audit-model';
import type { SessionTokens, StaffSession } from '../auth/session-tokens';
import { requireStaff } from '../auth/staff-guard';
import { Product } from '../customers/product-model';
import { AppError } from '../errors';
import { parseInput } from '../http/validate';
import { Bundle, type BundleDoc } from './bundle-model';
import { presentStaffBundle, type BundleProduct } from './bundle-presenter';

const bundleIdParam = z.strictObject({ bundleId: bundleIdSchema });
const readers: readonly StaffRole[] = ['agent', 'supervisor', 'admin', 'trainer'];
const editors: readonly StaffRole[] = ['supervisor', 'admin'];
const DUPLICATE_KEY = 11000;

const yuan = (amount: number) => `¥${amount.toFixed(2)}`;

/** The catalogue's products among `skus`, by SKU. */
async function productsBySku(skus: readonly string[]): Promise<Map<string, BundleProduct>> {
  const unique = [...new Set(skus)];
  if (unique.length === 0) return new Map();
  const products = await Product.find(
    { sku: trusted({ $in: unique }) },
    { _id: 0, sku: 1, name: 1, price: 1 },
  ).lean<BundleProduct[]>();
  return new Map(products.map((p) => [p.sku, p]));
}

/**
 * Refuses SKUs the catalogue does not have and a bundle price that saves nothing, so a bundle
 * always offers real items for less than they cost one by one (at today's list prices).
 */
async function checkAgainstCatalog(
  skus: readonly string[],
  bundlePrice: number,
): Promise<Map<string, BundleProduct>> {
  const products = await productsBySku(skus);
  const unknown = skus.filter((sku) => !products.has(sku));
  if (unknown.length > 0) {
    throw new AppError(
      ErrorCode.UnknownSku,
      `No product in the catalogue has the SKU ${unknown.join(', ')}.`,
    );
  }
  const pricing = priceBundle(skus, bundlePrice, (sku) => products.get(sku)?.price);
  if (!isBelowListPrice(pricing)) {
    throw new AppError(
      ErrorCode.BundlePriceTooHigh,
      `The bundle price ${yuan(bundlePrice)} must be below the items' list prices added up ` +
        `(${yuan(pricing.listPrice ?? 0)}).`,
    );
  }
  return products;
}

const bundleExists = (bundleId: string) =>
  new AppError(ErrorCode.BundleExists, `A bundle with the id ${bundleId} already exists.`);
const noBundle = (bundleId: string) => new AppError(ErrorCode.NotFound, `No bundle ${bundleId}.`);

/**
 * Bundles (套餐) for staff: everyone on staff reads them, with what each saves at today's
 * prices; supervisors and admins create, change and delete them. Every change is audited and
 * reported through `onBundlesChanged` (offer ranking caches them).
 *
 * The storefront's list of bundles on sale stays public at GET /api/bundles (catalog-routes);
 * staff list every bundle, on sale or not, at GET /api/bundles/all.
 */
export function bundleRouter(deps: {
  tokens: SessionTokens;
  /** Called after every successful change; must not throw. */
  onBundlesChanged?: () => void;
}): Router {
  const router = Router();
  const anyStaff = requireStaff(deps.tokens, readers);
  const editorsOnly = requireStaff(deps.tokens, editors);
  const by = (req: Request) => (req.res?.locals.staff as StaffSession).username;
  const changed = () => deps.onBundlesChanged?.();

  router.get('/api/bundles/all', anyStaff, async (_req, res) => {
    const bundles = await Bundle.find().sort({ bundleId: 1 }).lean<BundleDoc[]>();
    const products = await productsBySku(bundles.flatMap((b) => b.skus));
    res.json({ bundles: bundles.map((b) => presentStaffBundle(b, products)) });
  });

  router.post('/api/bundles', editorsOnly, async (req, res) => {
    const input = parseInput(createBundleSchema, req.body);
    if (await Bundle.exists({ bundleId: input.bundleId })) throw bundleExists(input.bundleId);
    const products = await checkAgainstCatalog(input.skus, input.bundlePrice);
    let created: BundleDoc;
    try {
      const doc = await Bundle.create({
        ...input,
        validFrom: new Date(input.validFrom),
        validTo: new Date(input.validTo),
      });
      created = doc.toObject();
    } catch (error) {
      // Two supervisors creating the same id at once: the unique index lets one through.
      if ((error as { code?: number }).code === DUPLICATE_KEY) throw bundleExists(input.bundleId);
      throw error;
    }
    changed();
    await recordAudit({
      actor: by(req),
      action: 'bundle.create',
      subject: `bundle:${input.bundleId}`,
      details: { ...input },
      address: req.ip ?? null,
    });
    res.status(201).json({ bundle: presentStaffBundle(created, products) });
  });

  router.put('/api/bundles/:bundleId', editorsOnly, async (req, res) => {
    const { bundleId } = parseInput(bundleIdParam, req.params);
    const input = parseInput(updateBundleSchema, req.body);
    if (!(await Bundle.exists({ bundleId }))) throw noBundle(bundleId);
    const products = await checkAgainstCatalog(input.skus, input.bundlePrice);
    const updated = await Bundle.findOneAndUpdate(
      { bundleId },
      {
        $set: {
          ...input,
          validFrom: new Date(input.validFrom),
          validTo: new Date(input.validTo),
        },
      },
      { new: true },
    ).lean<BundleDoc>();
    // Deleted between the check and the update.
    if (!updated) throw noBundle(bundleId);
    changed();
    await recordAudit({
      actor: by(req),
      action: 'bundle.update',
      subject: `bundle:${bundleId}`,
      details: { ...input },
      address: req.ip ?? null,
    });
    res.json({ bundle: presentStaffBundle(updated, products) });
  });

  router.delete('/api/bundles/:bundleId', editorsOnly, async (req, res) => {
    const { bundleId } = parseInput(bundleIdParam, req.params);
    const deleted = await Bundle.findOneAndDelete({ bundleId }).lean<BundleDoc>();
    if (!deleted) throw noBundle(bundleId);
    changed();
    // The audit keeps what the bundle was, since the record itself is gone.
    await recordAudit({
      actor: by(req),
      action: 'bundle.delete',
      subject: `bundle:${bundleId}`,
      details: {
        name: deleted.name,
        skus: deleted.skus,
        bundlePrice: deleted.bundlePrice,
        validFrom: deleted.validFrom.toISOString(),
        validTo: deleted.validTo.toISOString(),
        stock: deleted.stock,
        active: deleted.active,
      },
      address: req.ip ?? null,
    });
    res.status(204).end();
  });

  return router;
}
