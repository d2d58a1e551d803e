import mongoose, { Schema } from 'mongoose';
import type { OutreachKind } from '../../shared/schemas/outreach';

/**
 * The outcome record of one sent outreach task (collection `outreach_outcomes`, `_id` = the
 * task's id): written when the task is sent, updated when a payment or order is attributed to it.
 * The outreach dashboard reads these (shared/domain/outreach-kpis.ts).
 */
export interface OutreachOutcomeDoc {
  _id: string;
  kind: OutreachKind;
  customerId: string;
  /** The agent who sent it (the task's assignee). */
  agentId: string | null;
  sentAt: Date;
  /** UTC 'YYYY-MM-DD' of sentAt: the dashboard's range is over this day. */
  day: string;
  delivery: 'live' | 'left' | null;
  attributed: boolean;
  /** The order attributed to it. */
  orderId: string | null;
  /** CNY of the attributed order (null when none, or when its amount is unknown). */
  value: number | null;
  attributedAt: Date | null;
  updatedAt: Date;
}

const outreachOutcomeSchema = new Schema<OutreachOutcomeDoc>(
  {
    _id: { type: String, required: true },
    kind: { type: String, required: true },
    customerId: { type: String, required: true },
    agentId: { type: String, default: null },
    sentAt: { type: Date, required: true },
    day: { type: String, required: true },
    delivery: { type: String, default: null },
    attributed: { type: Boolean, required: true },
    orderId: { type: String, default: null },
    value: { type: Number, default: null },
    attributedAt: { type: Date, default: null },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'outreach_outcomes' },
);
outreachOutcomeSchema.index({ day: 1 });

export const OutreachOutcome = mongoose.model<OutreachOutcomeDoc>(
  'OutreachOutcome',
  outreachOutcomeSchema,
);
