import cookieParser from 'cookie-parser';
import express from 'express';
import mongoose from 'mongoose';
import request from 'supertest';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { startTestDatabase, type TestDatabase } from '../../test/helpers/ferretdb';
import { AuditLog } from '../audit/audit-model';
import type { SessionTokens, StaffSession } from '../auth/session-tokens';
import { Product } from '../customers/product-model';
import { errorHandler } from '../http/errors';
import { createLogger } from '../infra/logger';
import { createMetrics } from '../infra/metrics';
import { Bundle } from './bundle-model';
import { bundleRouter } from './bundle-routes';

// The HTTP contract against a real FerretDB, in-process, so the change hook can be watched;
// test/integration/bundles-api.test.ts covers the same routes through a real server process.
let database: TestDatabase;
beforeAll(async () => {
  database = await startTestDatabase();
  await mongoose.connect(database.uri, { serverSelectionTimeoutMS: 2000 });
  await Promise.all([Bundle.createIndexes(), Product.createIndexes(), AuditLog.createIndexes()]);
});
afterAll(async () => {
  await mongoose.disconnect();
  await database.remove();
});

const product = (sku: string, price: number) => ({
  sku,
  name: { zhCN: `商品 ${sku}`, en: `Product ${sku}` },
  description: { zhCN: '描述', en: 'Description' },
  category: 'humidifier' as const,
  price,
  cost: 1,
  stock: 10,
  durable: true,
  fitsSkus: [],
  imageUrl: '/x.svg',
});

beforeEach(async () => {
  await Promise.all([Bundle.deleteMany({}), Product.deleteMany({}), AuditLog.deleteMany({})]);
  await Product.insertMany([product('HUM-1', 199), product('FLT-1', 39.9), product('FRG-1', 29.9)]);
});

// The session cookie's value is the username; the fake token check knows four people.
const people: Record<string, StaffSession> = Object.fromEntries(
  (['agent', 'supervisor', 'trainer', 'admin'] as const).map((role) => [
    `${role}1`,
    { kind: 'staff', username: `${role}1`, role, displayName: role, sid: role },
  ]),
);
const tokens = {
  verifyStaff: async (token: string | undefined) => (token ? (people[token] ?? null) : null),
} as unknown as SessionTokens;

function app(onBundlesChanged = vi.fn()) {
  const server = express();
  server.use(express.json());
  server.use(cookieParser());
  server.use(bundleRouter({ tokens, onBundlesChanged }));
  server.use(errorHandler(createLogger({ logLevel: 'silent' }), createMetrics()));
  return { server, onBundlesChanged };
}

const as = (username: string) => ['Cookie', `sd_session=${username}`] as const;
const input = {
  bundleId: 'b-care',
  name: { zhCN: '滋润套装', en: 'Care Set' },
  skus: ['HUM-1', 'FLT-1', 'FRG-1'],
  bundlePrice: 239,
  validFrom: '2025-01-01T00:00:00.000+08:00',
  validTo: '2099-01-01T00:00:00.000+08:00',
  stock: 10,
};

describe('bundleRouter', () => {
  it('reports every change once, audits it, and reports nothing it refused', async () => {
    const { server, onBundlesChanged } = app();
    const created = await request(server)
      .post('/api/bundles')
      .set(...as('supervisor1'))
      .send(input);
    expect(created.status, created.text).toBe(201);
    expect(created.body.bundle).toMatchObject({
      bundleId: 'B-CARE',
      listPrice: 268.8,
      saving: 29.8,
      active: true,
      validFrom: '2024-12-31T16:00:00.000Z',
    });
    expect(onBundlesChanged).toHaveBeenCalledTimes(1);

    const { bundleId: _id, ...fields } = input;
    const refused = [
      request(server)
        .post('/api/bundles')
        .set(...as('admin1'))
        .send(input),
      request(server)
        .put('/api/bundles/B-CARE')
        .set(...as('agent1'))
        .send({ ...fields, active: false }),
      request(server)
        .put('/api/bundles/B-CARE')
        .set(...as('admin1'))
        .send({ ...fields, bundlePrice: 268.8, active: true }),
      request(server)
        .put('/api/bundles/B-NONE')
        .set(...as('admin1'))
        .send({ ...fields, active: true }),
      request(server)
        .delete('/api/bundles/B-CARE')
        .set(...as('trainer1')),
    ];
    expect((await Promise.all(refused)).map((r) => [r.status, r.body.error.code])).toEqual([
      [409, 'E_BUNDLE_EXISTS'],
      [403, 'E_FORBIDDEN'],
      [422, 'E_BUNDLE_PRICE_TOO_HIGH'],
      [404, 'E_NOT_FOUND'],
      [403, 'E_FORBIDDEN'],
    ]);
    expect(onBundlesChanged).toHaveBeenCalledTimes(1);

    const updated = await request(server)
      .put('/api/bundles/b-care')
      .set(...as('admin1'))
      .send({ ...fields, bundlePrice: 268.79, active: false });
    expect(updated.status, updated.text).toBe(200);
    expect(updated.body.bundle).toMatchObject({ bundlePrice: 268.79, saving: 0.01, active: false });
    expect(onBundlesChanged).toHaveBeenCalledTimes(2);

    const deleted = await request(server)
      .delete('/api/bundles/B-CARE')
      .set(...as('supervisor1'));
    expect(deleted.status).toBe(204);
    expect(onBundlesChanged).toHaveBeenCalledTimes(3);
    expect(await Bundle.countDocuments()).toBe(0);

    const audit = await AuditLog.find().sort({ at: 1 }).lean();
    expect(audit.map((a) => [a.actor, a.action, a.subject])).toEqual([
      ['supervisor1', 'bundle.create', 'bundle:B-CARE'],
      ['admin1', 'bundle.update', 'bundle:B-CARE'],
      ['supervisor1', 'bundle.delete', 'bundle:B-CARE'],
    ]);
    // The deletion keeps what was deleted.
    expect(audit[2]!.details).toMatchObject({ skus: input.skus, bundlePrice: 268.79 });
  });

  it('lets one of two simultaneous creations of the same id through', async () => {
    const { server, onBundlesChanged } = app();
    const results = await Promise.all(
      ['B-TWIN', 'b-twin'].map((bundleId) =>
        request(server)
          .post('/api/bundles')
          .set(...as('supervisor1'))
          .send({ ...input, bundleId }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(await Bundle.countDocuments({ bundleId: 'B-TWIN' })).toBe(1);
    expect(onBundlesChanged).toHaveBeenCalledTimes(1);
  });

  it('prices in fen, so a bundle one fen below the list price is allowed', async () => {
    const { server } = app();
    const pair = { ...input, skus: ['FLT-1', 'FRG-1'] }; // 39.9 + 29.9 = 69.8 exactly
    const atList = await request(server)
      .post('/api/bundles')
      .set(...as('supervisor1'))
      .send({ ...pair, bundlePrice: 69.8 });
    expect(atList.status).toBe(422);
    expect(atList.body.error.message).toBe(
      "The bundle price ¥69.80 must be below the items' list prices added up (¥69.80).",
    );
    const below = await request(server)
      .post('/api/bundles')
      .set(...as('supervisor1'))
      .send({ ...pair, bundlePrice: 69.79 });
    expect(below.status, below.text).toBe(201);
    expect(below.body.bundle).toMatchObject({ listPrice: 69.8, saving: 0.01 });
  });
});
