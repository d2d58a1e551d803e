import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MessageView } from '../../shared/schemas/chat';
import type { ConversationView } from '../../shared/schemas/conversation';
import { ensureClientBuilt } from '../../server/cli/build-client';
import { launchBrowser } from '../helpers/browser';
import {
  collect,
  connectStaff,
  loginStaff,
  request,
  type ClientSocket,
} from '../helpers/chat-clients';
import { findFreePort } from '../helpers/ports';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { waitFor } from '../helpers/wait';

/** The page's window, as the browser has it (this file is compiled without the DOM library). */
interface StyleWindow {
  getComputedStyle(el: unknown): { color: string; fontSize: string };
}

/*
 * /widget.js on a shop that is not ScriptDesk: another origin, its own hostile CSS, one tag.
 */

let redis: TestRedis;
let server: ServerProcess;
let browser: Browser;
let shop: Server;
let shopUrl: string;
let agent: ClientSocket;
let everythingTheAgentGot: MessageView[];

const shopPage = (scriptSrc: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Some shop</title>
<style>
  * { color: rgb(255, 0, 0) !important; font-size: 40px !important; }
  button, textarea { display: none !important; }
</style></head>
<body><h1 id="host-title">A shop on another site</h1>
<script src="${scriptSrc}" data-locale="en"></script></body></html>`;

beforeAll(async () => {
  await ensureClientBuilt(() => undefined);
  const shopPort = await findFreePort();
  shopUrl = `http://127.0.0.1:${shopPort}`;
  redis = await startTestRedis();
  server = await startServerProcess({
    env: {
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '20',
      DEMO_ORDERS: '60',
      PUBLIC_ORIGINS: shopUrl,
    },
  });
  shop = createServer((_req, res) => {
    res.setHeader('content-type', 'text/html; charset=utf-8');
    res.end(shopPage(`${server.url}/widget.js`));
  });
  await new Promise<void>((resolve) => shop.listen(shopPort, '127.0.0.1', resolve));
  browser = await launchBrowser();
  agent = await connectStaff(server.url, await loginStaff(server.url, 'agent3'));
  everythingTheAgentGot = collect<MessageView>(agent, 'message:new');
});

afterAll(async () => {
  agent?.close();
  await browser?.close();
  await new Promise((resolve) => shop?.close(resolve));
  await server?.remove();
  await redis?.stop();
});

describe('the widget embedded with one script tag on another site', () => {
  it('chats with an agent, and the host page’s styles do not reach it', async () => {
    const agentMessages = collect<MessageView>(agent, 'message:new');
    const agentUpdates = collect<ConversationView>(agent, 'conversation:updated');
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(shopUrl);

    const launcher = page.getByTestId('widget-launcher');
    await launcher.waitFor({ timeout: 15_000 });
    // The host hides every button and paints all text red at 40px; the widget's own stay intact.
    expect(await launcher.isVisible()).toBe(true);
    await launcher.click();
    const input = page.getByTestId('widget-input');
    expect(await input.isVisible()).toBe(true);
    const inputStyle = await input.evaluate((el) => {
      const s = (globalThis as unknown as StyleWindow).getComputedStyle(el);
      return { color: s.color, fontSize: s.fontSize };
    });
    expect(inputStyle.color).not.toBe('rgb(255, 0, 0)');
    expect(inputStyle.fontSize).not.toBe('40px');
    expect(
      await page
        .locator('#host-title')
        .evaluate((el) => (globalThis as unknown as StyleWindow).getComputedStyle(el).color),
    ).toBe('rgb(255, 0, 0)');

    await input.fill('Does the AP-300 purifier fit a 30 m² room?');
    await input.press('Enter');
    const received = await waitFor(
      () => agentMessages.find((m) => m.text.includes('AP-300') && m.author.kind === 'shopper'),
      { what: 'the agent to receive the shopper’s message', timeoutMs: 20_000 },
    );
    expect(agentUpdates.some((c) => c.id === received.conversationId)).toBe(true);

    const reply = await request(agent, 'message:send', {
      conversationId: received.conversationId,
      clientMessageId: randomUUID(),
      text: 'Yes, it is rated for rooms up to 35 m².',
    });
    expect(reply.ok).toBe(true);
    await expect
      .poll(
        () =>
          page
            .getByTestId('widget-message')
            .evaluateAll((nodes) =>
              nodes.map((n) => `${n.getAttribute('data-author')}:${n.textContent ?? ''}`),
            ),
        { timeout: 15_000 },
      )
      .toEqual([
        expect.stringContaining('shopper:Does the AP-300'),
        expect.stringContaining('agent:'),
      ]);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('is refused by the server on a site that is not in PUBLIC_ORIGINS', async () => {
    const otherPort = await findFreePort();
    const other = createServer((_req, res) => {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(shopPage(`${server.url}/widget.js`));
    });
    await new Promise<void>((resolve) => other.listen(otherPort, '127.0.0.1', resolve));
    try {
      const context = await browser.newContext({ locale: 'en-US' });
      const page = await context.newPage();
      const before = everythingTheAgentGot.length;
      await page.goto(`http://127.0.0.1:${otherPort}`);
      await page.getByTestId('widget-launcher').click();
      await page.getByTestId('widget-input').fill('hello from a site that is not allowed');
      await page.getByTestId('widget-input').press('Enter');
      // The message stays in the widget, kept as not yet sent, and reaches nobody.
      const kept = page.getByTestId('widget-message');
      await expect.poll(() => kept.textContent(), { timeout: 5_000 }).toContain('not allowed');
      await page.waitForTimeout(3_000);
      expect(await kept.getAttribute('data-state')).toMatch(/^(queued|sending|retrying|failed)$/);
      expect(await kept.getAttribute('data-seq')).toBeNull();
      expect(everythingTheAgentGot.length).toBe(before);
      await context.close();
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });
});
