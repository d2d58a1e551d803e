import { trusted } from 'mongoose';
import { Router } from 'express';
import { productQuerySchema } from '../../shared/schemas/catalog';
import { parseInput } from '../http/validate';
import { Bundle, type BundleDoc } from '../offers/bundle-model';
import { presentBundle, presentProduct } from './product-presenter';
import { Product, type ProductDoc } from './product-model';

/** The shop's public catalogue, read by the storefront and the widget. */
export function catalogRouter(): Router {
  const router = Router();

  router.get('/api/products', async (req, res) => {
    const query = parseInput(productQuerySchema, req.query);
    const products = await Product.find(query.category ? { category: query.category } : {})
      .sort({ sku: 1 })
      .lean<ProductDoc[]>();
    res.json({ products: products.map(presentProduct) });
  });

  router.get('/api/bundles', async (_req, res) => {
    const now = new Date();
    const bundles = await Bundle.find({
      active: true,
      validFrom: trusted({ $lte: now }),
      validTo: trusted({ $gte: now }),
    })
      .sort({ bundleId: 1 })
      .lean<BundleDoc[]>();
    res.json({ bundles: bundles.map(presentBundle) });
  });

  return router;
}
