// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { renderTemplate } from '../../../../../shared/domain/template';
import type { OutreachTaskDetail } from '../../../../../shared/schemas/outreach';
import '../../../app/i18n';
import { outreachValues } from './OutreachScripts';

const detail = (overrides: Partial<OutreachTaskDetail> = {}): OutreachTaskDetail => ({
  task: {
    id: 'payment_reminder:SD1',
    kind: 'payment_reminder',
    customerId: 'C1',
    customerName: '王芳',
    orderId: 'SD1',
    value: 459,
    dueAt: '2025-03-01T10:00:00.000Z',
    createdAt: '2025-03-01T09:30:00.000Z',
    status: 'open',
    reason: { 'zh-CN': '未付款', en: 'Unpaid' },
    assigneeId: 'agent1',
    conversationId: null,
    delivery: null,
    sentAt: null,
    attributedOrderId: null,
  },
  profile: { customer: null, offers: [] } as unknown as OutreachTaskDetail['profile'],
  order: {
    orderId: 'SD1',
    amount: 459.5,
    createdAt: '2025-03-01T09:30:00.000Z',
    paidAt: null,
    shippedAt: null,
    deliveredAt: null,
    refundedAt: null,
  },
  ...overrides,
});

describe('outreachValues', () => {
  it('fills a 催付 script with the order number, amount and the customer’s name', () => {
    const values = outreachValues(detail(), 'zh-CN', '小美');
    const { text, missing } = renderTemplate(
      '{{customer.name}}您好，订单{{order.id}}（{{order.amount}}）还没付款哦~ 我是{{agent.name}}',
      values,
    );
    // ¥459.50: the order's own amount (two decimals), not the task's rounded value.
    expect(text).toBe('王芳您好，订单SD1（¥459.50）还没付款哦~ 我是小美');
    expect(missing).toEqual([]);
  });

  it('takes the task’s value as the amount when the order’s is unknown, and nothing without an order', () => {
    expect(outreachValues(detail({ order: null }), 'zh-CN', 'A')['order.amount']).toBe('¥459');
    const noOrder = detail({ order: null });
    noOrder.task = { ...noOrder.task, orderId: null, kind: 'win_back' };
    const values = outreachValues(noOrder, 'en', 'A');
    expect(values['order.id']).toBeUndefined();
    expect(values['order.amount']).toBeUndefined();
  });
});
