import mongoose, { Schema } from 'mongoose';
import type { Disposition } from '../../shared/schemas/conversation';
import type {
  OutcomeOrder,
  OutcomeTimings,
  OutcomeView,
  QualityFlag,
} from '../../shared/schemas/outcome';

/**
 * The stored outcome of a closed conversation; shared/schemas/outcome.ts documents every field.
 * `_id` is the conversation id: one record per conversation, looked up by `_id` (the one lookup
 * the embedded FerretDB answers from an index).
 */
export interface OutcomeDoc {
  _id: string;
  visitorId: string;
  customerId: string | null;
  shopperName: string;
  agentId: string | null;
  agentName: string | null;
  locale: 'zh-CN' | 'en';
  segment: string;
  tier: string | null;
  openedAt: Date;
  closedAt: Date;
  day: string;
  disposition: Disposition;
  order: OutcomeOrder | null;
  offers: OutcomeView['offers'];
  objections: OutcomeView['objections'];
  scripts: OutcomeView['scripts'];
  stages: OutcomeView['stages'];
  satisfaction: number | null;
  timings: OutcomeTimings;
  quality: QualityFlag[];
  updatedAt: Date;
}

const outcomeSchema = new Schema<OutcomeDoc>(
  {
    _id: { type: String, required: true },
    visitorId: { type: String, required: true },
    customerId: { type: String, default: null },
    shopperName: { type: String, required: true },
    agentId: { type: String, default: null },
    agentName: { type: String, default: null },
    locale: { type: String, enum: ['zh-CN', 'en'], required: true },
    segment: { type: String, required: true },
    tier: { type: String, default: null },
    openedAt: { type: Date, required: true },
    closedAt: { type: Date, required: true },
    day: { type: String, required: true },
    disposition: { type: String, required: true },
    order: { type: Schema.Types.Mixed, default: null },
    offers: { type: Schema.Types.Mixed, default: [] },
    objections: { type: Schema.Types.Mixed, default: [] },
    scripts: { type: Schema.Types.Mixed, default: [] },
    stages: { type: [String], default: [] },
    satisfaction: { type: Number, default: null },
    timings: { type: Schema.Types.Mixed, required: true },
    quality: { type: Schema.Types.Mixed, default: [] },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'outcomes' },
);

// The trainer's search and the order linking (the dashboards read rollups, not this collection).
outcomeSchema.index({ closedAt: -1 });
outcomeSchema.index({ agentId: 1, closedAt: -1 });
outcomeSchema.index({ customerId: 1, closedAt: -1 });
outcomeSchema.index({ 'order.orderId': 1 });

export const Outcome = mongoose.model<OutcomeDoc>('Outcome', outcomeSchema);
