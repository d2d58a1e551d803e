import mongoose, { Schema, type SchemaDefinition } from 'mongoose';
import { counterKeys, type OutcomeCounters } from '../../shared/domain/kpis';

/**
 * Daily rollups of the outcome records, kept by `$inc` as records are created and changed
 * (outcome-rollups.ts). Dashboards read these, never the `outcomes` collection.
 *
 * `outcome_daily`: one document per UTC day × agent × customer segment with every counter of
 * shared/domain/kpis.ts (a counter never written is read as 0).
 * `script_daily`: one per day × agent × segment × script × version × variant: uses and wins.
 */
export interface OutcomeDailyDoc extends Partial<OutcomeCounters> {
  /** `${day}|${agentId ?? '-'}|${segment}` */
  _id: string;
  day: string;
  agentId: string | null;
  agentName: string | null;
  segment: string;
}

export interface ScriptDailyDoc {
  /** `${day}|${agentId ?? '-'}|${segment}|${scriptId}|${version}|${variant}` */
  _id: string;
  day: string;
  agentId: string | null;
  agentName: string | null;
  segment: string;
  scriptId: string;
  version: number;
  variant: string;
  used: number;
  won: number;
}

const counterFields: SchemaDefinition = Object.fromEntries(
  counterKeys.map((key) => [key, { type: Number }]),
);

const outcomeDailySchema = new Schema<OutcomeDailyDoc>(
  {
    _id: { type: String, required: true },
    day: { type: String, required: true },
    agentId: { type: String, default: null },
    agentName: { type: String, default: null },
    segment: { type: String, required: true },
    ...counterFields,
  },
  { versionKey: false, collection: 'outcome_daily' },
);

const scriptDailySchema = new Schema<ScriptDailyDoc>(
  {
    _id: { type: String, required: true },
    day: { type: String, required: true },
    agentId: { type: String, default: null },
    agentName: { type: String, default: null },
    segment: { type: String, required: true },
    scriptId: { type: String, required: true },
    version: { type: Number, required: true },
    variant: { type: String, required: true },
    used: { type: Number },
    won: { type: Number },
  },
  { versionKey: false, collection: 'script_daily' },
);

export const OutcomeDaily = mongoose.model<OutcomeDailyDoc>('OutcomeDaily', outcomeDailySchema);
export const ScriptDaily = mongoose.model<ScriptDailyDoc>('ScriptDaily', scriptDailySchema);

export const outcomeDailyId = (key: { day: string; agentId: string | null; segment: string }) =>
  `${key.day}|${key.agentId ?? '-'}|${key.segment}`;

export const scriptDailyId = (key: {
  day: string;
  agentId: string | null;
  segment: string;
  scriptId: string;
  version: number;
  variant: string;
}) => `${outcomeDailyId(key)}|${key.scriptId}|${key.version}|${key.variant}`;
