import express from 'express';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { productViewSchema } from '../../shared/schemas/catalog';
import { errorHandler } from '../http/errors';
import { createLogger } from '../infra/logger';
import { createMetrics } from '../infra/metrics';
import { Bundle } from '../offers/bundle-model';
import { catalogRouter } from './catalog-routes';
import { catalogBundles, catalogProducts } from './demo-shop/catalog';
import { Product } from './product-model';

// The catalogue is public (the storefront reads it), so there is no auth to test here; the
// models are stubbed, since what matters is validation and what leaves the server.
function app() {
  const server = express();
  server.use(catalogRouter());
  server.use(errorHandler(createLogger({ logLevel: 'silent' }), createMetrics()));
  return server;
}

const stubQuery = (docs: object[]) => ({ sort: () => ({ lean: async () => docs }) }) as never;

afterEach(() => vi.restoreAllMocks());

describe('GET /api/products', () => {
  it('rejects an unknown category or parameter with E_VALIDATION', async () => {
    const find = vi.spyOn(Product, 'find');
    for (const query of ['category=toaster', 'category=fan&category=kettle', 'sort=price']) {
      const res = await request(app()).get(`/api/products?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('E_VALIDATION');
      expect(typeof res.body.error.message).toBe('string');
    }
    expect(find).not.toHaveBeenCalled();
  });

  it('filters by category and presents products without cost or internals', async () => {
    const fans = catalogProducts.filter((p) => p.category === 'fan');
    const find = vi
      .spyOn(Product, 'find')
      .mockReturnValue(stubQuery(fans.map((p) => ({ ...p, _id: 'x', cost: 1 }))));
    const res = await request(app()).get('/api/products?category=fan');
    expect(res.status).toBe(200);
    expect(find).toHaveBeenCalledWith({ category: 'fan' });
    expect(res.body.products).toHaveLength(fans.length);
    for (const p of res.body.products) {
      expect(Object.keys(p).sort()).toEqual(
        ['category', 'description', 'imageUrl', 'name', 'price', 'sku', 'stock'].sort(),
      );
      expect(productViewSchema.safeParse(p).success).toBe(true);
    }
  });
});

describe('GET /api/bundles', () => {
  it('presents active bundles with ISO dates', async () => {
    const docs = catalogBundles.map((b) => ({
      ...b,
      _id: 'x',
      active: true,
      validFrom: new Date(Date.UTC(2024, 10, 1)),
      validTo: new Date(Date.UTC(2027, 9, 31)),
    }));
    vi.spyOn(Bundle, 'find').mockReturnValue(stubQuery(docs));
    const res = await request(app()).get('/api/bundles');
    expect(res.status).toBe(200);
    expect(res.body.bundles[0]).toEqual({
      bundleId: 'B-HUM-CARE',
      name: catalogBundles[0]!.name,
      skus: catalogBundles[0]!.skus,
      bundlePrice: catalogBundles[0]!.bundlePrice,
      validFrom: '2024-11-01T00:00:00.000Z',
      validTo: '2027-10-31T00:00:00.000Z',
      stock: catalogBundles[0]!.stock,
    });
  });
});
