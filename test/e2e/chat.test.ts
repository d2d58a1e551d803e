import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../server/cli/build-client';
import { projectRoot } from '../../server/config';
import { launchBrowser, signInStaff } from '../helpers/browser';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';

const screenshots = path.join(projectRoot, '.data', 'screenshots');
const XSS = '<img src=x onerror="window.__xss=1">';

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

async function signIn(page: Page, username: string): Promise<void> {
  await signInStaff(page, server.url, username);
  await page.waitForURL(/\/console/);
}

const messagesIn = (page: Page, testId: string) =>
  page.getByTestId(testId).evaluateAll((nodes) =>
    nodes.map((n) => ({
      author: n.getAttribute('data-author'),
      seq: n.getAttribute('data-seq'),
      text: n.textContent ?? '',
    })),
  );

describe('a shopper on /shop and a signed-in agent on /console', () => {
  it('chat both ways, keep the history across a reload, and show markup as text', async () => {
    const agentContext = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
    });
    const agent = await agentContext.newPage();
    await signIn(agent, 'agent1');
    await expect.poll(() => agent.getByTestId('agent-status').count()).toBe(1);

    const shopperContext = await browser.newContext({ locale: 'zh-CN' });
    const shopper = await shopperContext.newPage();
    await shopper.goto(`${server.url}/shop`);
    await shopper.getByTestId('widget-launcher').click();
    await shopper.getByTestId('widget-input').fill('你好，这款加湿器适合20平米的卧室吗？');
    await shopper.getByTestId('widget-input').press('Enter');

    const item = agent.getByTestId('chat-list-item').first();
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    await item.click();
    await expect
      .poll(async () => (await messagesIn(agent, 'chat-message')).map((m) => m.text).join('|'), {
        timeout: 15_000,
      })
      .toContain('适合20平米');

    await agent.getByTestId('composer-input').fill('适合的，4L 水箱可以连续加湿 12 小时。');
    await agent.getByTestId('composer-input').press('Enter');
    await expect
      .poll(
        async () =>
          (await messagesIn(shopper, 'widget-message')).filter((m) => m.author === 'agent').length,
        {
          timeout: 15_000,
        },
      )
      .toBe(1);
    await expect
      .poll(() => shopper.getByTestId('widget-agent-name').textContent())
      .toContain('小美');

    await shopper.getByTestId('widget-input').fill(XSS);
    await shopper.getByTestId('widget-input').press('Enter');
    await expect
      .poll(
        async () => (await messagesIn(agent, 'chat-message')).some((m) => m.text.includes(XSS)),
        { timeout: 15_000 },
      )
      .toBe(true);
    expect(await agent.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();
    expect(await shopper.evaluate(() => (globalThis as { __xss?: number }).__xss)).toBeUndefined();

    const before = await messagesIn(shopper, 'widget-message');
    await shopper.reload();
    await shopper.getByTestId('widget-launcher').click();
    await expect
      .poll(async () => (await messagesIn(shopper, 'widget-message')).length, { timeout: 15_000 })
      .toBe(before.length);
    const after = await messagesIn(shopper, 'widget-message');
    expect(after.map((m) => [m.seq, m.text])).toEqual(before.map((m) => [m.seq, m.text]));
    expect(after.map((m) => m.seq)).toEqual(['1', '2', '3']);

    await agent.screenshot({ path: path.join(screenshots, 'console-zh-CN.png') });
    await shopper.screenshot({ path: path.join(screenshots, 'widget-zh-CN.png') });
    await agentContext.close();
    await shopperContext.close();
  });
});
