import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import type { AppError } from '../errors';
import { loadShopApiKey, requireShopApiKey } from './shop-api-key';

const dir = mkdtempSync(path.join(os.tmpdir(), 'shop-api-key-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadShopApiKey', () => {
  it('uses SHOP_API_KEY when set', () => {
    const key = 'k'.repeat(40);
    expect(loadShopApiKey(loadConfig({ SHOP_API_KEY: key, DATA_DIR: dir }))).toEqual({
      key,
      file: null,
    });
  });

  it('otherwise generates one, keeps it private in DATA_DIR and reuses it', () => {
    const dataDir = path.join(dir, 'data');
    const first = loadShopApiKey(loadConfig({ DATA_DIR: dataDir }));
    expect(first.file).toBe(path.join(dataDir, 'shop-api-key.txt'));
    expect(first.key.length).toBeGreaterThanOrEqual(32);
    expect(readFileSync(first.file!, 'utf8').trim()).toBe(first.key);
    expect(statSync(first.file!).mode & 0o777).toBe(0o600);
    expect(loadShopApiKey(loadConfig({ DATA_DIR: dataDir }))).toEqual(first);
  });

  it('refuses a kept key that is too short, saying how to fix it', () => {
    const dataDir = path.join(dir, 'short');
    loadShopApiKey(loadConfig({ DATA_DIR: dataDir }));
    writeFileSync(path.join(dataDir, 'shop-api-key.txt'), 'short\n');
    expect(() => loadShopApiKey(loadConfig({ DATA_DIR: dataDir }))).toThrow(
      /shorter than 32 characters. Delete the file/,
    );
  });

  it('is required in production', () => {
    expect(() =>
      loadConfig({
        NODE_ENV: 'production',
        SESSION_SECRET: 's'.repeat(32),
        SHOP_IDENTITY_SECRET: 'i'.repeat(32),
      }),
    ).toThrow(/SHOP_API_KEY must be set in production/);
    expect(() => loadConfig({ SHOP_API_KEY: 'too-short' })).toThrow(
      /SHOP_API_KEY: must be at least 32 characters/,
    );
  });
});

describe('requireShopApiKey', () => {
  const key = 'a-shop-api-key-of-more-than-32-characters';
  const app = express();
  app.get('/x', requireShopApiKey(key), (_req, res) => {
    res.json({ ok: true });
  });
  app.use((err: AppError, _req: express.Request, res: express.Response, _next: unknown) => {
    res.status(401).json({ code: err.code, message: err.message });
  });

  it.each([
    [undefined, 'Send the shop API key in the header "Authorization: Bearer <key>".'],
    [`Basic ${key}`, 'Send the shop API key in the header "Authorization: Bearer <key>".'],
    ['Bearer nope', 'The shop API key is not valid.'],
    [`Bearer ${key}x`, 'The shop API key is not valid.'],
  ])('refuses %s', async (header, message) => {
    const req = request(app).get('/x');
    const res = await (header ? req.set('authorization', header) : req);
    expect(res.status).toBe(401);
    expect(res.body).toEqual({ code: 'E_UNAUTHENTICATED', message });
  });

  it('lets the right key through', async () => {
    const res = await request(app).get('/x').set('authorization', `bearer ${key}`);
    expect(res.status).toBe(200);
  });
});
