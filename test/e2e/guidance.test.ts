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

const screenshots = path.join(projectRoot, '.data', 'screenshots');

let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
let browser: Browser;

beforeAll(async () => {
  await ensureClientBuilt(() => undefined);
  [database, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  server = await startServerProcess({
    env: {
      MONGODB_URI: database.uri,
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '50',
      DEMO_ORDERS: '300',
    },
  });
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

type Script = { id: string; locale: string; text: string; version: number } & Record<
  string,
  unknown
>;

describe('objection guidance in the console', () => {
  it('an objection gets its guidance and a script; a newly published version reaches the console', async () => {
    const agentContext = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 1000 },
    });
    const agent = await agentContext.newPage();
    await signIn(agent, 'agent1');
    await expect.poll(() => agent.getByTestId('agent-status').count()).toBe(1);

    const shopperContext = await browser.newContext({ locale: 'zh-CN' });
    const shopper = await shopperContext.newPage();
    await shopper.goto(`${server.url}/shop`);
    await shopper.getByTestId('widget-launcher').click();
    await shopper.getByTestId('widget-input').fill('太贵了，别家便宜20块');
    await shopper.getByTestId('widget-input').press('Enter');

    const item = agent.getByTestId('chat-list-item').first();
    await expect.poll(() => item.count(), { timeout: 20_000 }).toBe(1);
    await item.click();

    // The shopper's message carries both objections, the phrases marked in the text.
    const tags = agent.getByTestId('objection-tag');
    await expect
      .poll(() => tags.evaluateAll((n) => n.map((t) => t.getAttribute('data-category')).sort()), {
        timeout: 15_000,
      })
      .toEqual(['competitor', 'price']);
    expect(await agent.getByTestId('objection-phrase').count()).toBeGreaterThan(0);

    // The script column: the technique's steps and up to three scripts for it.
    const column = agent.getByTestId('script-column');
    await expect
      .poll(() => column.getByTestId('suggested-script').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    expect(await column.getByTestId('suggested-script').count()).toBeLessThanOrEqual(3);
    expect(await column.getByTestId('technique-step').count()).toBeGreaterThan(0);
    const first = column.getByTestId('suggested-script').first();
    const scriptId = (await first.getAttribute('data-script-id'))!;

    // One key puts it into the reply box, still editable; sending records id and version.
    await agent.getByTestId('composer-input').click();
    await agent.keyboard.press('Alt+Shift+Digit1');
    await expect
      .poll(() => agent.getByTestId('composer-input').inputValue(), { timeout: 5_000 })
      .not.toBe('');
    expect(await agent.getByTestId('script-attached').count()).toBe(1);
    const composer = agent.getByTestId('composer-input');
    const inserted = await composer.inputValue();
    if (inserted.includes('{{')) {
      // A value the chat does not know (no product in view): the reply is held until filled.
      await composer.press('Enter');
      await expect.poll(() => agent.getByTestId('unfilled-values').count()).toBe(1);
      expect(await composer.inputValue()).toBe(inserted);
      await composer.fill(inserted.replace(/\{\{[^}]*\}\}/g, '¥199'));
    }
    await composer.press('End');
    await composer.press('Enter');
    await expect
      .poll(
        async () =>
          (await shopper.getByTestId('widget-message').allTextContents()).filter((t) =>
            t.includes('亲'),
          ).length,
        { timeout: 15_000 },
      )
      .toBeGreaterThan(0);
    expect((await shopper.getByTestId('widget-message').allTextContents()).join('')).not.toContain(
      '{{',
    );
    const mongo = new MongoClient(database.uri);
    try {
      const sent = await mongo
        .db()
        .collection('messages')
        .findOne({ 'author.kind': 'agent', scriptId });
      expect(sent).toMatchObject({ scriptId, scriptVersion: 1 });
    } finally {
      await mongo.close();
    }
    await agent.screenshot({ path: path.join(screenshots, 'console-guidance-zh-CN.png') });

    // A supervisor publishes a new version of that script in the script editor…
    const supervisor = await loginStaff(server.url, 'supervisor1');
    const { scripts } = (await (
      await fetch(`${server.url}/api/scripts?locale=zh-CN`, { headers: { cookie: supervisor } })
    ).json()) as { scripts: Script[] };
    const current = scripts.find((s) => s.id === scriptId)!;
    const supervisorContext = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 1000 },
    });
    const editor = await supervisorContext.newPage();
    await signInStaff(editor, server.url, 'supervisor1');
    await editor.goto(`${server.url}/supervisor/scripts`);
    const search = editor.getByRole('searchbox');
    await search.fill(String(current.title));
    await search.press('Enter');
    const row = editor.locator('tbody tr', { hasText: String(current.title) }).first();
    await row.getByRole('button', { name: '编辑' }).click();
    const textBox = editor.locator('[data-testid="script-form"] textarea').first();
    await expect.poll(() => textBox.inputValue(), { timeout: 10_000 }).toBe(current.text);
    await textBox.fill(`${current.text}\n今天下单再送您一份加湿器香薰小样。`);
    await expect
      .poll(() => editor.getByTestId('script-preview').textContent())
      .toContain('香薰小样');
    // antd writes a two-character Chinese label with a space (发 布).
    await editor.getByRole('button', { name: /^发\s?布$/ }).click();
    // The new version heads the drawer's version list, marked live.
    await expect
      .poll(() => editor.getByTestId('version-2').textContent(), { timeout: 10_000 })
      .toContain('当前生效');
    await editor.screenshot({ path: path.join(screenshots, 'script-editor-zh-CN.png') });
    await supervisorContext.close();

    // …and the agent's console offers the new text (it refreshes when the agent comes back).
    // (The test runs in Node, without DOM types: the page's globals are reached untyped.)
    await agent.evaluate(() => {
      const page = globalThis as unknown as {
        dispatchEvent(e: unknown): void;
        Event: new (type: string) => unknown;
      };
      page.dispatchEvent(new page.Event('visibilitychange'));
    });
    await expect
      .poll(
        () =>
          column
            .locator(`[data-testid="suggested-script"][data-script-id="${scriptId}"]`)
            .textContent(),
        { timeout: 20_000 },
      )
      .toContain('香薰小样');
    await agentContext.close();
    await shopperContext.close();
  }, 150_000);
});
