import { mkdirSync } from 'node:fs';
import path from 'node:path';
import mongoose from 'mongoose';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureClientBuilt } from '../../server/cli/build-client';
import { projectRoot } from '../../server/config';
import { OrderState, OutreachTask } from '../../server/outreach/outreach-models';
import { launchBrowser, signInStaff } from '../helpers/browser';
import { startTestDatabase, type TestDatabase } from '../helpers/ferretdb';
import { startTestRedis, type TestRedis } from '../helpers/redis-server';
import { startServerProcess, type ServerProcess } from '../helpers/server-process';
import { waitFor } from '../helpers/wait';

const screenshots = path.join(projectRoot, '.data', 'screenshots');
const ORDER_ID = 'SD-E2E-OUTREACH-1';
const TASK_ID = `payment_reminder:${ORDER_ID}`;

let database: TestDatabase;
let redis: TestRedis;
let server: ServerProcess;
let browser: Browser;
let customer: { customerId: string; name: string };

beforeAll(async () => {
  await ensureClientBuilt(() => undefined);
  [database, redis] = await Promise.all([startTestDatabase(), startTestRedis()]);
  server = await startServerProcess({
    env: {
      MONGODB_URI: database.uri,
      REDIS_URL: redis.url,
      SEED_ON_START: 'true',
      DEMO_CUSTOMERS: '200',
      DEMO_ORDERS: '1500',
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
  // An unpaid order of theirs and the 催付 task a rule would have made for it.
  await mongoose.connect(database.uri);
  const now = Date.now();
  await OrderState.create({
    _id: ORDER_ID,
    customerId: customer.customerId,
    amount: 459,
    createdAt: new Date(now - 45 * 60_000),
    paidAt: null,
    shippedAt: null,
    deliveredAt: null,
    refundedAt: null,
    updatedAt: new Date(now - 45 * 60_000),
  });
  await OutreachTask.create({
    _id: TASK_ID,
    kind: 'payment_reminder',
    customerId: customer.customerId,
    customerName: customer.name,
    orderId: ORDER_ID,
    value: 459,
    dueAt: new Date(now - 15 * 60_000),
    createdAt: new Date(now - 15 * 60_000),
    status: 'open',
    reason: {
      'zh-CN': '下单 30 分钟后仍未付款（¥459）',
      en: 'Still unpaid 30 minutes after ordering (¥459)',
    },
    assigneeId: null,
    conversationId: null,
    delivery: null,
    sentAt: null,
    attributedOrderId: null,
    attributedAt: null,
    attributedValue: null,
  });
  browser = await launchBrowser();
  mkdirSync(screenshots, { recursive: true });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await mongoose.disconnect();
  await server?.remove();
  await redis?.stop();
  await database?.remove();
});

describe('outreach from the console to the widget', () => {
  it('an agent works the worklist and sends a 催付 reminder that the shopper sees in the widget', async () => {
    // The shopper is on the shop, signed in as the customer, with the chat window open.
    const shopperContext = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1280, height: 900 },
    });
    const shopper = await shopperContext.newPage();
    await shopper.goto(`${server.url}/shop`);
    await shopper.getByTestId('demo-customer').click();
    const option = shopper
      .locator('.ant-select-item-option')
      .filter({ hasText: `${customer.name} · ` });
    await Promise.all([shopper.waitForEvent('load'), option.click()]);
    await expect
      .poll(() => shopper.getByTestId('demo-customer').textContent(), { timeout: 15_000 })
      .toContain(customer.name);
    await shopper.getByTestId('widget-launcher').click();
    await expect.poll(() => shopper.getByTestId('widget-panel').count()).toBe(1);

    const agentContext = await browser.newContext({
      locale: 'zh-CN',
      viewport: { width: 1440, height: 900 },
    });
    const agent = await agentContext.newPage();
    await signInStaff(agent, server.url, 'agent1');
    await agent.waitForURL(/\/console/);

    // The worklist shows the due task with its count; the agent opens it.
    const worklist = agent.getByTestId('outreach-worklist');
    await expect
      .poll(() => worklist.getByTestId('outreach-count').textContent(), { timeout: 15_000 })
      .toBe('1');
    const row = worklist.locator(`[data-testid="outreach-row"][data-task-id="${TASK_ID}"]`);
    expect(await row.textContent()).toContain('催付');
    expect(await row.textContent()).toContain(customer.name);
    await row.focus();
    await agent.keyboard.press('Enter');

    const pane = agent.getByTestId('outreach-task');
    await expect.poll(() => pane.count(), { timeout: 10_000 }).toBe(1);
    await expect
      .poll(() => agent.getByTestId('outreach-order').textContent(), { timeout: 10_000 })
      .toContain(ORDER_ID);
    await expect
      .poll(() => agent.getByTestId('outreach-customer').textContent(), { timeout: 10_000 })
      .toContain(customer.name);
    const scripts = agent.getByTestId('outreach-script');
    await expect.poll(() => scripts.count(), { timeout: 15_000 }).toBeGreaterThan(0);
    // Only the payment-reminder scenario's scripts are offered.
    const ids = await scripts.evaluateAll((els) =>
      els.map((el) => el.getAttribute('data-script-id')),
    );
    expect(ids.every((id) => id?.startsWith('pay-'))).toBe(true);

    // Alt+Shift+1 puts the first script, filled with the order's details, in the composer.
    const composer = agent.getByTestId('outreach-composer');
    await expect.poll(() => composer.count(), { timeout: 10_000 }).toBe(1);
    await agent.keyboard.press('Alt+Shift+Digit1');
    await expect.poll(() => composer.inputValue()).toContain(ORDER_ID);
    const text = await composer.inputValue();
    expect(text).not.toContain('{{');
    await agent.getByTestId('outreach-send').click();

    // The task shows as sent, live; the shopper sees the agent's message in the widget.
    await expect
      .poll(() => agent.getByTestId('outreach-sent').textContent(), { timeout: 15_000 })
      .toContain('已发送（顾客在线）');
    expect(await pane.getAttribute('data-status')).toBe('sent');
    const inWidget = shopper.getByTestId('widget-message').filter({ hasText: ORDER_ID });
    await expect.poll(() => inWidget.count(), { timeout: 15_000 }).toBe(1);
    expect(await inWidget.textContent()).toContain(text.trim().slice(0, 12));

    const task = await OutreachTask.findById(TASK_ID).lean();
    expect(task).toMatchObject({ status: 'sent', delivery: 'live', assigneeId: 'agent1' });
    // The new chat is among the agent's chats, and the worklist has nothing left to do.
    await expect
      .poll(() => worklist.getByTestId('outreach-count').textContent(), { timeout: 40_000 })
      .toBe('0');
    await agent.screenshot({ path: path.join(screenshots, 'console-outreach-zh-CN.png') });

    // The shopper answers in the same chat, and the agent gets it.
    await shopper.getByTestId('widget-input').fill('刚才付款失败了，我再试一下');
    await shopper.getByTestId('widget-input').press('Enter');
    await agent.getByRole('button', { name: '查看对话' }).click();
    await expect
      .poll(() => agent.getByText('刚才付款失败了，我再试一下').count(), { timeout: 15_000 })
      .toBeGreaterThan(0);
    await shopperContext.close();
    await agentContext.close();
  });
});
