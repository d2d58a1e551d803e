import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../server/cli/build-client';
import { projectRoot } from '../../server/config';
import { launchBrowser } from '../helpers/browser';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

const screenshots = path.join(projectRoot, '.data', 'screenshots');

let redis: TestRedis;
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  await ensureClientBuilt(() => undefined);
  redis = await startTestRedis();
  server = await startServerProcess({
    env: { REDIS_URL: redis.url, SEED_ON_START: 'true', DEMO_CUSTOMERS: '50', DEMO_ORDERS: '200' },
  });
  browser = await launchBrowser();
  mkdirSync(screenshots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await server?.remove();
  await redis?.stop();
});

const cases = [
  { locale: 'zh-CN', login: '登录', shopHeading: /小家电/ },
  { locale: 'en-US', login: 'Sign in', shopHeading: /appliance/i },
] as const;

describe.each(cases)('first screens in $locale', ({ locale, login, shopHeading }) => {
  it('shows /login in the browser language', async () => {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await expect.poll(() => page.getByTestId('page-title').textContent()).toContain(login);
    await expect
      .poll(() => page.locator('html').getAttribute('lang'))
      .toBe(locale === 'zh-CN' ? 'zh-CN' : 'en');
    await page.screenshot({ path: path.join(screenshots, `login-${locale}.png`) });
    await context.close();
  });

  it('shows /shop with the seeded products, prices in CNY', async () => {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await page.goto(`${server.url}/shop`);
    await expect.poll(() => page.getByTestId('page-title').textContent()).toMatch(shopHeading);
    await expect
      .poll(() => page.getByTestId('product-card').count(), { timeout: 15_000 })
      .toBeGreaterThanOrEqual(60);
    const firstPrice = await page.getByTestId('product-price').first().textContent();
    expect(firstPrice).toMatch(/¥|CN¥/);
    await page.screenshot({ path: path.join(screenshots, `shop-${locale}.png`), fullPage: false });
    await context.close();
  });
});

describe('language choice', () => {
  it('persists across reloads once the user switches', async () => {
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await expect.poll(() => page.getByTestId('page-title').textContent()).toContain('Sign in');
    await page.getByTestId('lang-switch').getByText('中文').click();
    await expect.poll(() => page.getByTestId('page-title').textContent()).toContain('登录');
    await page.reload();
    await expect.poll(() => page.getByTestId('page-title').textContent()).toContain('登录');
    await context.close();
  });
});
