import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../server/cli/build-client';
import { projectRoot } from '../../server/config';
import { launchBrowser, signInStaff } from '../helpers/browser';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { waitFor } from '../helpers/wait';

const screenshots = path.join(projectRoot, '.data', 'screenshots');

let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
let browser: Browser;
/** A bundle that can be sold: active, in stock, every item in stock. */
let bundle: { bundleId: string; skus: string[]; bundlePrice: number };
let customer: { customerId: string; name: string };

beforeAll(async () => {
  await ensureClientBuilt(() => undefined);
  [database, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  server = await startServerProcess({
    env: {
      MONGODB_URI: database.uri,
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '300',
      DEMO_ORDERS: '3000',
    },
  });
  await waitFor(() => server.logs.find((l) => l.msg === 'customer profile statistics ready'), {
    timeoutMs: 60_000,
    what: 'the profile statistics',
  });
  // The shopper will be the first customer of the demo shop's "shop as" picker.
  const demo = (await (await fetch(`${server.url}/api/demo/shop-customers`)).json()) as {
    customers: Array<{ customerId: string; name: string }>;
  };
  customer = demo.customers[0]!;
  const mongo = new MongoClient(database.uri);
  try {
    const db = mongo.db();
    const products = await db.collection('products').find({}).toArray();
    const inStock = new Set(products.filter((p) => p.stock > 0).map((p) => p.sku as string));
    const durable = new Set(products.filter((p) => p.durable).map((p) => p.sku as string));
    const paid = await db
      .collection('orders')
      .find({ customerId: customer.customerId, status: 'paid' })
      .toArray();
    const ownedDurables = new Set(
      paid
        .flatMap((o) => (o.items as Array<{ sku: string }>).map((i) => i.sku))
        .filter((sku) => durable.has(sku)),
    );
    // A bundle that can be offered to them: in stock, and no appliance in it that they own.
    bundle = (await db
      .collection<typeof bundle & { active: boolean; stock: number }>('bundles')
      .find({ active: true, stock: { $gt: 0 } })
      .toArray())!.find((b) => b.skus.every((sku) => inStock.has(sku) && !ownedDurables.has(sku)))!;
  } finally {
    await mongo.close();
  }
  browser = await launchBrowser();
  mkdirSync(screenshots, { recursive: true });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.remove();
  await redis?.stop();
  await database?.remove();
});

async function signIn(page: Page, username: string): Promise<void> {
  await signInStaff(page, server.url, username);
  await page.waitForURL(/\/console/);
}

describe('offers from the console to the widget', () => {
  it('the agent sees the segment and top offers, sends a bundle card, and the shopper accepts it', async () => {
    const agentContext = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
    });
    const agent = await agentContext.newPage();
    await signIn(agent, 'agent1');
    await expect.poll(() => agent.getByTestId('agent-status').count()).toBe(1);

    // The shopper signs in as one of the shop's customers (the demo shop's "shop as" picker).
    const shopperContext = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1280, height: 900 },
    });
    const shopper = await shopperContext.newPage();
    await shopper.goto(`${server.url}/shop`);
    await shopper.getByTestId('demo-customer').click();
    const customerName = customer.name;
    const customerOption = shopper
      .locator('.ant-select-item-option')
      .filter({ hasText: `${customerName} · ` });
    await Promise.all([shopper.waitForEvent('load'), customerOption.click()]);
    await expect
      .poll(() => shopper.getByTestId('demo-customer').textContent(), { timeout: 15_000 })
      .toContain(customerName);

    // They ask about the bundle's main product from its card.
    await shopper
      .locator(`[data-testid="product-card"][data-sku="${bundle.skus[0]}"]`)
      .getByTestId('ask-about-product')
      .click();
    await shopper.getByTestId('widget-input').fill('这款有没有优惠？');
    await shopper.getByTestId('widget-input').press('Enter');

    const item = agent.getByTestId('chat-list-item').first();
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    await item.click();
    const profile = agent.getByTestId('customer-profile');
    await expect.poll(() => profile.textContent(), { timeout: 15_000 }).toContain(customerName);
    expect(await agent.getByTestId('profile-rfm').textContent()).toMatch(/R[1-5] F[1-5] M[1-5]/);
    expect(await agent.getByTestId('profile-class8').textContent()).toMatch(/客户$/);

    // Tagged frugal, the shopper's bundle moves up the offers (×1.5, with the reason shown).
    await agent.getByRole('combobox', { name: '客户性格' }).click();
    await agent.locator('.ant-select-item-option', { hasText: '节约俭朴型' }).click();
    await expect
      .poll(() => agent.getByTestId('personality-advice').textContent(), { timeout: 10_000 })
      .toContain('性价比');
    const bundleOffer = agent.getByTestId('profile-offer').filter({ hasText: '套餐价' }).first();
    await expect.poll(() => bundleOffer.count(), { timeout: 10_000 }).toBe(1);
    expect(await agent.getByTestId('profile-offer').count()).toBeGreaterThan(0);
    expect(await agent.getByTestId('profile-offer').count()).toBeLessThanOrEqual(3);
    await bundleOffer.getByTestId('send-offer').click();

    // The card: pictures, the bundle price, the list price struck through, two answers.
    const card = shopper.getByTestId('widget-offer');
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);
    expect(await card.locator('img').count()).toBe(bundle.skus.length);
    expect(await shopper.getByTestId('widget-offer-price').textContent()).toContain(
      bundle.bundlePrice.toFixed(2),
    );
    await expect
      .poll(() =>
        card
          .locator('img')
          .evaluateAll((imgs) =>
            imgs.every((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0),
          ),
      )
      .toBe(true);
    await shopper.screenshot({ path: path.join(screenshots, 'widget-offer-zh-CN.png') });
    await card.getByRole('button', { name: '我要了' }).click();
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 10_000 }).toBe('accepted');
    expect(await card.textContent()).toContain('您已接受该优惠');

    // The agent sees the answer live on the card in the transcript.
    await expect
      .poll(() => agent.getByTestId('offer-state').last().getAttribute('data-state'), {
        timeout: 10_000,
      })
      .toBe('accepted');
    // For the README: no tooltip or toast over the column, the profile from its top.
    await agent.mouse.move(700, 300);
    await expect
      .poll(() => agent.locator('.ant-message-notice').count(), { timeout: 10_000 })
      .toBe(0);
    await agent.setViewportSize({ width: 1440, height: 1560 });
    await agent.getByTestId('customer-profile').evaluate((el) => el.scrollIntoView());
    await agent.screenshot({ path: path.join(screenshots, 'console-offer-zh-CN.png') });
    await agentContext.close();
    await shopperContext.close();
  });
});
