import type { OutreachOrderView, OutreachTaskView } from '../../shared/schemas/outreach';
import type { OrderStateDoc, OutreachTaskDoc } from './outreach-models';

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** An outreach task as it leaves the server (never the raw document). */
export function presentTask(doc: OutreachTaskDoc): OutreachTaskView {
  return {
    id: doc._id,
    kind: doc.kind,
    customerId: doc.customerId,
    customerName: doc.customerName,
    orderId: doc.orderId ?? null,
    value: doc.value,
    dueAt: doc.dueAt.toISOString(),
    createdAt: doc.createdAt.toISOString(),
    status: doc.status,
    reason: { 'zh-CN': doc.reason['zh-CN'], en: doc.reason.en },
    assigneeId: doc.assigneeId ?? null,
    conversationId: doc.conversationId ?? null,
    delivery: doc.delivery ?? null,
    sentAt: iso(doc.sentAt),
    attributedOrderId: doc.attributedOrderId ?? null,
  };
}

export function presentOrderState(doc: OrderStateDoc): OutreachOrderView {
  return {
    orderId: doc._id,
    amount: doc.amount ?? null,
    createdAt: iso(doc.createdAt),
    paidAt: iso(doc.paidAt),
    shippedAt: iso(doc.shippedAt),
    deliveredAt: iso(doc.deliveredAt),
    refundedAt: iso(doc.refundedAt),
  };
}
