import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { MongoClient } from 'mongodb';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../server/cli/build-client';
import { projectRoot } from '../../server/config';
import { launchBrowser, signInStaff } from '../helpers/browser';
import { loginStaff } from '../helpers/chat-clients';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { waitFor } from '../helpers/wait';

// The whole loop in a browser: a shopper chats, the agent offers a bundle, the shopper objects,
// the agent answers with a script, the shopper accepts, the agent closes as purchased; then the
// supervisor's dashboard shows the conversion and the script's win, and a trainer annotates and
// scores that transcript.
const screenshots = path.join(projectRoot, '.data', 'screenshots');

let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
let browser: Browser;
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
    const owned = new Set(
      (await db.collection('orders').find({ customerId: customer.customerId }).toArray())
        .flatMap((o) => (o.items as Array<{ sku: string }>).map((i) => i.sku))
        .filter((sku) => durable.has(sku)),
    );
    bundle = (await db
      .collection<typeof bundle & { active: boolean; stock: number }>('bundles')
      .find({ active: true, stock: { $gt: 0 } })
      .toArray())!.find((b) => b.skus.every((sku) => inStock.has(sku) && !owned.has(sku)))!;
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

async function staffPage(username: string, url: string, height = 1000): Promise<Page> {
  const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1440, height } });
  const page = await context.newPage();
  await signInStaff(page, server.url, username);
  await page.goto(`${server.url}${url}`);
  return page;
}

/** For the README: no toast over what the screenshot shows. */
async function noToasts(page: Page): Promise<void> {
  await expect.poll(() => page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
}

describe('from a chat to the dashboard and the review', () => {
  let conversationId = '';
  let scriptId = '';

  it('an agent sells a bundle past an objection with a script and closes it as purchased', async () => {
    const agent = await staffPage('agent1', '/console', 900);
    await expect.poll(() => agent.getByTestId('agent-status').count()).toBe(1);

    const shopperContext = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1280, height: 900 },
    });
    const shopper = await shopperContext.newPage();
    await shopper.goto(`${server.url}/shop`);
    await shopper.getByTestId('demo-customer').click();
    await Promise.all([
      shopper.waitForEvent('load'),
      shopper
        .locator('.ant-select-item-option')
        .filter({ hasText: `${customer.name} · ` })
        .click(),
    ]);
    await shopper
      .locator(`[data-testid="product-card"][data-sku="${bundle.skus[0]}"]`)
      .getByTestId('ask-about-product')
      .click();
    await shopper.getByTestId('widget-input').fill('这款加湿器买套餐划算吗？');
    await shopper.getByTestId('widget-input').press('Enter');

    const item = agent.getByTestId('chat-list-item').first();
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    await item.click();
    const bundleOffer = agent.getByTestId('profile-offer').filter({ hasText: '套餐价' }).first();
    await expect.poll(() => bundleOffer.count(), { timeout: 15_000 }).toBe(1);
    await bundleOffer.getByTestId('send-offer').click();
    const card = shopper.getByTestId('widget-offer');
    await expect.poll(() => card.count(), { timeout: 15_000 }).toBe(1);

    // The shopper objects; the console tags it and offers price scripts.
    await shopper.getByTestId('widget-input').fill('太贵了，别家便宜20块');
    await shopper.getByTestId('widget-input').press('Enter');
    await expect
      .poll(() => agent.locator('[data-testid="objection-tag"][data-category="price"]').count(), {
        timeout: 15_000,
      })
      .toBeGreaterThan(0);
    await agent.getByTestId('composer-input').click();
    await agent.keyboard.press('Alt+Shift+Digit1');
    const composer = agent.getByTestId('composer-input');
    await expect.poll(() => composer.inputValue(), { timeout: 5_000 }).not.toBe('');
    const inserted = await composer.inputValue();
    if (inserted.includes('{{')) await composer.fill(inserted.replace(/\{\{[^}]*\}\}/g, '¥199'));
    await composer.press('End');
    await composer.press('Enter');
    await expect.poll(() => composer.inputValue(), { timeout: 10_000 }).toBe('');

    await card.getByRole('button', { name: '我要了' }).click();
    await expect.poll(() => card.getAttribute('data-state'), { timeout: 10_000 }).toBe('accepted');
    await expect
      .poll(() => agent.getByTestId('offer-state').last().getAttribute('data-state'), {
        timeout: 10_000,
      })
      .toBe('accepted');
    await agent.mouse.move(700, 300);
    await noToasts(agent);
    await agent.screenshot({ path: path.join(screenshots, 'console-outcome-zh-CN.png') });

    // Closed as purchased, with the order the shopper placed.
    await agent.getByTestId('close-chat').click();
    await agent.locator('[data-disposition="purchased"]').click();
    await agent.getByTestId('close-order-id').fill('SD-20261123-0042');
    await agent.getByRole('spinbutton', { name: '金额' }).fill(String(bundle.bundlePrice));
    await agent.getByTestId('close-confirm').click();

    // The shopper rates the chat.
    const star = shopper.getByTestId('widget-star-5');
    await expect.poll(() => star.count(), { timeout: 15_000 }).toBe(1);
    await star.click();
    await expect
      .poll(() => shopper.getByTestId('widget-rating').textContent(), { timeout: 10_000 })
      .toContain('感谢您的评价');

    const mongo = new MongoClient(database.uri);
    try {
      const outcome = await waitFor(
        async () =>
          (await mongo.db().collection('outcomes').findOne({ satisfaction: 5 })) ?? undefined,
        { what: 'the outcome with its rating' },
      );
      conversationId = String(outcome._id);
      expect(outcome).toMatchObject({
        disposition: 'purchased',
        agentId: 'agent1',
        customerId: customer.customerId,
        offers: [{ kind: 'bundle', ref: bundle.bundleId, response: 'accepted' }],
        order: { orderId: 'SD-20261123-0042', value: bundle.bundlePrice, source: 'entered' },
      });
      expect(outcome.objections).toEqual(
        expect.arrayContaining([expect.objectContaining({ category: 'price', overcome: true })]),
      );
      expect(outcome.scripts).toHaveLength(1);
      scriptId = outcome.scripts[0].scriptId as string;
    } finally {
      await mongo.close();
    }
    await agent.context().close();
    await shopperContext.close();
  });

  it("the supervisor's dashboard shows the conversion and the script's win", async () => {
    const page = await staffPage('supervisor1', '/supervisor', 1700);
    const conversion = page.getByTestId('kpi-conversion-value');
    await expect.poll(() => conversion.textContent(), { timeout: 20_000 }).toBe('100.0%');
    expect(await page.getByTestId('kpi-chats-value').textContent()).toBe('1');
    // 客单价 = sales ÷ buyers = the one order's amount.
    expect(await page.getByTestId('kpi-averageOrderValue-value').textContent()).toContain(
      bundle.bundlePrice.toFixed(2),
    );
    const row = page.getByTestId('dashboard-scripts').locator('tr', { hasText: scriptId });
    await expect.poll(() => row.count(), { timeout: 10_000 }).toBeGreaterThan(0);
    // Used once, won once: shown, with "not enough data yet" below 20 uses.
    const rowText = (await row.first().textContent()) ?? '';
    expect(rowText).toMatch(/1\D+1/);
    expect(await page.getByTestId('not-enough-data').count()).toBeGreaterThan(0);
    await page.screenshot({ path: path.join(screenshots, 'dashboard-zh-CN.png'), fullPage: true });
    await page.getByTestId('kpi-conversion').hover();
    await expect
      .poll(() => page.locator('.ant-tooltip').last().textContent(), { timeout: 5_000 })
      .toContain('成交 1 ÷ 询单 1');
    await page.context().close();
  });

  it('a trainer annotates a line of that transcript and scores it', async () => {
    const page = await staffPage('trainer1', '/trainer', 1500);
    const queueItem = page.getByRole('list', { name: '待复盘会话' }).getByRole('button').first();
    await expect.poll(() => queueItem.count(), { timeout: 20_000 }).toBe(1);
    await queueItem.click();
    const objection = page.locator('[data-transcript-line]', { hasText: '太贵了' });
    await expect.poll(() => objection.count(), { timeout: 10_000 }).toBe(1);
    await objection.click();
    const note = page.getByRole('textbox', { name: '对这一行的批注' });
    await note.fill('先认同顾客的感受再讲价值，做得好。');
    await page.getByRole('button', { name: '保存批注' }).click();
    await expect
      .poll(() => page.getByTestId('annotation').allTextContents(), { timeout: 10_000 })
      .toEqual([expect.stringContaining('先认同顾客的感受再讲价值')]);

    for (const criterion of ['greeting', 'objection_handling', 'closing']) {
      await page
        .getByTestId(`criterion-${criterion}`)
        .locator('.ant-rate-star')
        .nth(criterion === 'greeting' ? 3 : 4)
        .click();
    }
    await page.getByRole('button', { name: /保存评分/ }).click();
    const trainer = await loginStaff(server.url, 'trainer1');
    const review = await waitFor(
      async () => {
        const res = await fetch(`${server.url}/api/reviews/${conversationId}`, {
          headers: { cookie: trainer },
        });
        const body = (await res.json()) as {
          review: { scores: Record<string, number | null>; annotations: unknown[] } | null;
        };
        return body.review?.scores.closing ? body.review : undefined;
      },
      { what: 'the saved score' },
    );
    expect(review.scores).toMatchObject({ greeting: 4, objection_handling: 5, closing: 5 });
    expect(review.annotations).toHaveLength(1);
    await page.mouse.move(5, 5);
    await noToasts(page);
    await page.mouse.wheel(0, -5000);
    await page.screenshot({ path: path.join(screenshots, 'review-zh-CN.png') });
    await page.context().close();
  });
});
