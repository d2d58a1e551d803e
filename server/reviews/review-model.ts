import mongoose, { Schema } from 'mongoose';
import type { RubricCriterion } from '../../shared/domain/rubric';

export interface ReviewAnnotationDoc {
  id: string;
  /** The transcript line (message seq) it is about. */
  seq: number;
  text: string;
  /** Username of the reviewer. */
  by: string;
  at: Date;
}

/**
 * A trainer's review of one closed conversation (collection `reviews`, `_id` = conversation
 * id): rubric scores with comments, notes on single lines, and whether it is exemplary. The
 * agent is copied from the outcome so "my reviews" is one query on this small collection.
 */
export interface ReviewDoc {
  _id: string;
  agentId: string | null;
  /** Who scored it last; null while it only has annotations. */
  reviewerId: string | null;
  scores: Record<RubricCriterion, number | null>;
  comments: Record<RubricCriterion, string>;
  overall: string;
  /** The scored criteria added up (shared/domain/rubric.ts), null when none is scored. */
  total: number | null;
  annotations: ReviewAnnotationDoc[];
  exemplary: { by: string; at: Date; note: string } | null;
  /** When the rubric was last saved; null: not reviewed yet (annotations only). */
  reviewedAt: Date | null;
  updatedAt: Date;
}

const reviewSchema = new Schema<ReviewDoc>(
  {
    _id: { type: String, required: true },
    agentId: { type: String, default: null },
    reviewerId: { type: String, default: null },
    scores: { type: Schema.Types.Mixed, default: {} },
    comments: { type: Schema.Types.Mixed, default: {} },
    overall: { type: String, default: '' },
    total: { type: Number, default: null },
    annotations: { type: Schema.Types.Mixed, default: [] },
    exemplary: { type: Schema.Types.Mixed, default: null },
    reviewedAt: { type: Date, default: null },
    updatedAt: { type: Date, required: true },
  },
  { versionKey: false, collection: 'reviews', minimize: false },
);

reviewSchema.index({ agentId: 1 });

export const Review = mongoose.model<ReviewDoc>('Review', reviewSchema);
