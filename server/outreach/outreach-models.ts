import mongoose, { Schema } from 'mongoose';
import type { OrderEventType, OutreachKind } from '../../shared/schemas/outreach';

/** One order event as the shop sent it; `_id` is its eventId (a replay finds it). */
export interface OrderEventDoc {
  _id: string;
  type: OrderEventType;
  orderId: string;
  customerId: string;
  at: Date;
  amount: number | null;
  /** sha256 of the event as first sent: a different body under the same id is a conflict. */
  digest: string;
  receivedAt: Date;
}

/** What the events of one order add up to; `_id` is the orderId. */
export interface OrderStateDoc {
  _id: string;
  customerId: string;
  amount: number | null;
  createdAt: Date | null;
  paidAt: Date | null;
  shippedAt: Date | null;
  deliveredAt: Date | null;
  refundedAt: Date | null;
  updatedAt: Date;
}

/** An outreach task; see shared/schemas/outreach.ts (OutreachTaskView) for every field. */
export interface OutreachTaskDoc {
  _id: string;
  kind: OutreachKind;
  customerId: string;
  customerName: string;
  orderId: string | null;
  value: number;
  dueAt: Date;
  createdAt: Date;
  status: 'open' | 'sent' | 'done' | 'skipped';
  reason: { 'zh-CN': string; en: string };
  assigneeId: string | null;
  conversationId: string | null;
  delivery: 'live' | 'left' | null;
  sentAt: Date | null;
  attributedOrderId: string | null;
  attributedAt: Date | null;
  attributedValue: number | null;
  /** Why the agent skipped it (POST /api/outreach/tasks/:id/skip). */
  skipReason?: string | null;
  skippedAt?: Date | null;
}

const orderEventSchema = new Schema<OrderEventDoc>(
  {
    _id: { type: String, required: true },
    type: { type: String, required: true },
    orderId: { type: String, required: true },
    customerId: { type: String, required: true },
    at: { type: Date, required: true },
    amount: { type: Number, default: null },
    digest: { type: String, required: true },
    receivedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'order_events' },
);
orderEventSchema.index({ orderId: 1, at: 1 });

const orderStateSchema = new Schema<OrderStateDoc>(
  {
    _id: { type: String, required: true },
    customerId: { type: String, required: true },
    amount: { type: Number, default: null },
    createdAt: { type: Date, default: null },
    paidAt: { type: Date, default: null },
    shippedAt: { type: Date, default: null },
    deliveredAt: { type: Date, default: null },
    refundedAt: { type: Date, default: null },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'order_states' },
);
orderStateSchema.index({ customerId: 1 });

const outreachTaskSchema = new Schema<OutreachTaskDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    customerId: { type: String, required: true },
    customerName: { type: String, required: true },
    orderId: { type: String, default: null },
    value: { type: Number, required: true },
    dueAt: { type: Date, required: true },
    createdAt: { type: Date, required: true },
    status: { type: String, required: true },
    reason: { type: Schema.Types.Mixed, required: true },
    assigneeId: { type: String, default: null },
    conversationId: { type: String, default: null },
    delivery: { type: String, default: null },
    sentAt: { type: Date, default: null },
    attributedOrderId: { type: String, default: null },
    attributedAt: { type: Date, default: null },
    attributedValue: { type: Number, default: null },
    skipReason: { type: String, default: null },
    skippedAt: { type: Date, default: null },
  },
  { versionKey: false, collection: 'outreach_tasks' },
);
outreachTaskSchema.index({ status: 1, dueAt: 1 });
outreachTaskSchema.index({ customerId: 1, createdAt: -1 });

export const OrderEvent = mongoose.model<OrderEventDoc>('ShopOrderEvent', orderEventSchema);
export const OrderState = mongoose.model<OrderStateDoc>('OrderState', orderStateSchema);
export const OutreachTask = mongoose.model<OutreachTaskDoc>('OutreachTask', outreachTaskSchema);
