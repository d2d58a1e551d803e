import mongoose from 'mongoose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog } from '../../server/audit/audit-model';
import { Bundle } from '../../server/offers/bundle-model';
import { catalogBundles, catalogProducts } from '../../server/customers/demo-shop/catalog';
import { staffBundleViewSchema, type StaffBundleView } from '../../shared/schemas/bundle';
import { loginStaff } from '../helpers/chat-clients';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
const cookies: Record<string, string> = {};

beforeAll(async () => {
  [database, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  server = await startServerProcess({
    env: {
      MONGODB_URI: database.uri,
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '20',
      DEMO_ORDERS: '60',
      SHOP_IDENTITY_SECRET: 'test-shop-identity-secret-0123456789abcdef',
      SESSION_SECRET: 'test-session-secret-0123456789abcdef0123',
    },
  });
  await mongoose.connect(database.uri);
  for (const username of ['agent1', 'trainer1', 'supervisor1', 'admin1']) {
    cookies[username] = await loginStaff(server.url, username);
  }
});
afterAll(async () => {
  await mongoose.disconnect();
  await server?.remove();
  await redis?.stop();
  await database?.remove();
});

const api = (path: string, init: { method?: string; body?: unknown; as?: string } = {}) =>
  fetch(`${server.url}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      'content-type': 'application/json',
      ...(init.as ? { cookie: cookies[init.as]! } : {}),
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
const errorCode = async (res: Response) =>
  ((await res.json()) as { error: { code: string } }).error.code;

async function staffList(as = 'agent1'): Promise<StaffBundleView[]> {
  const res = await api('/api/bundles/all', { as });
  expect(res.status).toBe(200);
  const { bundles } = (await res.json()) as { bundles: unknown[] };
  return bundles.map((b) => staffBundleViewSchema.parse(b));
}
async function shopList(): Promise<string[]> {
  const res = await api('/api/bundles');
  expect(res.status).toBe(200);
  return ((await res.json()) as { bundles: { bundleId: string }[] }).bundles.map((b) => b.bundleId);
}

const priceOf = (sku: string) => catalogProducts.find((p) => p.sku === sku)!.price;
const DAY = 86_400_000;
// HUM-002 + FLT-001: the humidifier and the filter that fits it.
const newBundle = {
  bundleId: 'b-mist-pair',
  name: { zhCN: '大雾量加湿器滤芯组合', en: 'High-Mist Humidifier with Filter' },
  skus: ['HUM-002', 'FLT-001'],
  bundlePrice: 309,
  validFrom: new Date(Date.now() - DAY).toISOString(),
  validTo: new Date(Date.now() + 30 * DAY).toISOString(),
  stock: 25,
};
const { bundleId: _id, ...newFields } = newBundle;

interface Call {
  method: string;
  path: string;
  body: unknown;
}
const post = (body: unknown): Call => ({ method: 'POST', path: '/api/bundles', body });
const put = (body: unknown, bundleId = 'B-HUM-CARE'): Call => ({
  method: 'PUT',
  path: `/api/bundles/${bundleId}`,
  body,
});

describe('bundles API', () => {
  it('rejects the unauthenticated on every staff route, while the shop still lists its bundles', async () => {
    const before = await Bundle.countDocuments();
    const attempts = [
      api('/api/bundles/all'),
      api('/api/bundles', { method: 'POST', body: newBundle }),
      api('/api/bundles/B-HUM-CARE', { method: 'PUT', body: { ...newFields, active: false } }),
      api('/api/bundles/B-HUM-CARE', { method: 'DELETE' }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(401);
      expect(await errorCode(res)).toBe('E_UNAUTHENTICATED');
    }
    expect(await Bundle.countDocuments()).toBe(before);
    expect((await shopList()).sort()).toEqual(catalogBundles.map((b) => b.bundleId).sort());
  });

  it('lets agents and trainers read every bundle with its list price and saving, not change one', async () => {
    const bundles = await staffList('trainer1');
    expect(bundles.map((b) => b.bundleId)).toEqual(catalogBundles.map((b) => b.bundleId).sort());
    const care = bundles.find((b) => b.bundleId === 'B-HUM-CARE')!;
    const list = care.skus.reduce((sum, sku) => sum + Math.round(priceOf(sku) * 100), 0) / 100;
    expect(care).toMatchObject({ listPrice: list, active: true });
    expect(care.saving).toBeCloseTo(list - care.bundlePrice, 2);
    expect(care.items.map((i) => i.sku)).toEqual(care.skus);

    const before = await staffList();
    for (const as of ['agent1', 'trainer1']) {
      const writes = [
        api('/api/bundles', { method: 'POST', as, body: newBundle }),
        api('/api/bundles/B-HUM-CARE', {
          method: 'PUT',
          as,
          body: { ...newFields, active: false },
        }),
        api('/api/bundles/B-HUM-CARE', { method: 'DELETE', as }),
      ];
      for (const res of await Promise.all(writes)) {
        expect(res.status).toBe(403);
        expect(await errorCode(res)).toBe('E_FORBIDDEN');
      }
    }
    expect(await staffList()).toEqual(before);
  });

  it('lets a supervisor create, change and delete a bundle, audited and seen by the shop', async () => {
    const created = await api('/api/bundles', {
      method: 'POST',
      as: 'supervisor1',
      body: newBundle,
    });
    expect(created.status, await created.clone().text()).toBe(201);
    const listPrice =
      (Math.round(priceOf('HUM-002') * 100) + Math.round(priceOf('FLT-001') * 100)) / 100;
    const { bundle } = (await created.json()) as { bundle: StaffBundleView };
    expect(staffBundleViewSchema.parse(bundle)).toMatchObject({
      bundleId: 'B-MIST-PAIR',
      name: newBundle.name,
      skus: newBundle.skus,
      bundlePrice: 309,
      listPrice,
      stock: 25,
      active: true,
      validFrom: newBundle.validFrom,
    });
    expect(bundle.saving).toBeCloseTo(listPrice - 309, 2);
    expect(await shopList()).toContain('B-MIST-PAIR');
    // Agents read it at once.
    expect((await staffList('agent1')).map((b) => b.bundleId)).toContain('B-MIST-PAIR');

    const offSale = await api('/api/bundles/B-MIST-PAIR', {
      method: 'PUT',
      as: 'supervisor1',
      body: { ...newFields, bundlePrice: 299.5, stock: 0, active: false },
    });
    expect(offSale.status, await offSale.clone().text()).toBe(200);
    expect(((await offSale.json()) as { bundle: StaffBundleView }).bundle).toMatchObject({
      bundlePrice: 299.5,
      stock: 0,
      active: false,
    });
    expect(await shopList()).not.toContain('B-MIST-PAIR');

    const deleted = await api('/api/bundles/B-MIST-PAIR', { method: 'DELETE', as: 'supervisor1' });
    expect(deleted.status).toBe(204);
    expect((await staffList()).map((b) => b.bundleId)).not.toContain('B-MIST-PAIR');
    const again = await api('/api/bundles/B-MIST-PAIR', { method: 'DELETE', as: 'supervisor1' });
    expect(again.status).toBe(404);
    expect(await errorCode(again)).toBe('E_NOT_FOUND');

    const audit = await AuditLog.find({ subject: 'bundle:B-MIST-PAIR' }).sort({ at: 1 }).lean();
    expect(audit.map((a) => [a.actor, a.action])).toEqual([
      ['supervisor1', 'bundle.create'],
      ['supervisor1', 'bundle.update'],
      ['supervisor1', 'bundle.delete'],
    ]);
  });

  it('lets an admin change bundles too', async () => {
    const care = (await staffList()).find((b) => b.bundleId === 'B-HUM-CARE')!;
    const { bundleId: _b, items: _i, listPrice: _l, saving: _s, ...fields } = care;
    const res = await api('/api/bundles/B-HUM-CARE', {
      method: 'PUT',
      as: 'admin1',
      body: { ...fields, stock: care.stock + 1 },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { bundle: StaffBundleView }).bundle.stock).toBe(care.stock + 1);
  });

  it('refuses a duplicate id, an unknown SKU, a price not below the list and bad input, changing nothing', async () => {
    const before = await staffList();
    const auditBefore = await AuditLog.countDocuments();
    const list =
      (Math.round(priceOf('HUM-002') * 100) + Math.round(priceOf('FLT-001') * 100)) / 100;
    const care = before.find((b) => b.bundleId === 'B-HUM-CARE')!;
    const taken = (bundleId: string) => post({ ...newBundle, bundleId });
    const refusals: [string, Call, number, string][] = [
      ['a taken id', taken('B-HUM-CARE'), 409, 'E_BUNDLE_EXISTS'],
      ['a taken id in lower case', taken('b-hum-care'), 409, 'E_BUNDLE_EXISTS'],
      [
        'an unknown SKU',
        post({ ...newBundle, skus: ['HUM-002', 'NOPE-404'] }),
        422,
        'E_UNKNOWN_SKU',
      ],
      [
        'an unknown SKU in a change',
        put({ ...newFields, skus: ['HUM-001', 'NOPE-404'], active: true }),
        422,
        'E_UNKNOWN_SKU',
      ],
      [
        'the list price itself',
        post({ ...newBundle, bundlePrice: list }),
        422,
        'E_BUNDLE_PRICE_TOO_HIGH',
      ],
      [
        'more than the list price',
        put({ ...newFields, skus: care.skus, bundlePrice: care.listPrice! + 1, active: true }),
        422,
        'E_BUNDLE_PRICE_TOO_HIGH',
      ],
      ['one item', post({ ...newBundle, skus: ['HUM-002'] }), 400, 'E_VALIDATION'],
      ['an item twice', post({ ...newBundle, skus: ['HUM-002', 'HUM-002'] }), 400, 'E_VALIDATION'],
      [
        'an end before the start',
        post({ ...newBundle, validFrom: newBundle.validTo, validTo: newBundle.validFrom }),
        400,
        'E_VALIDATION',
      ],
      ['three decimals', post({ ...newBundle, bundlePrice: 99.999 }), 400, 'E_VALIDATION'],
      ['a negative stock', post({ ...newBundle, stock: -1 }), 400, 'E_VALIDATION'],
      [
        'a name in one language',
        post({ ...newBundle, name: { zhCN: '只有中文' } }),
        400,
        'E_VALIDATION',
      ],
      ['an unknown field', post({ ...newBundle, discount: 10 }), 400, 'E_VALIDATION'],
      [
        'an operator for an id',
        post({ ...newBundle, bundleId: { $ne: null } }),
        400,
        'E_VALIDATION',
      ],
      ['a change of id', put({ ...newBundle, active: true }), 400, 'E_VALIDATION'],
      ['a partial change', put({ stock: 1 }), 400, 'E_VALIDATION'],
      ['a missing bundle', put({ ...newFields, active: true }, 'B-NONE'), 404, 'E_NOT_FOUND'],
    ];
    for (const [what, { method, path, body }, status, code] of refusals) {
      const res = await api(path, { method, as: 'supervisor1', body });
      expect(res.status, what).toBe(status);
      const error = ((await res.json()) as { error: { code: string; message: string } }).error;
      expect(error.code, what).toBe(code);
      expect(error.message.length, what).toBeGreaterThan(10);
    }
    expect(await staffList()).toEqual(before);
    expect(await AuditLog.countDocuments()).toBe(auditBefore);
  });
});
