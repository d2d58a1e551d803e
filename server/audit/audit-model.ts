import mongoose, { Schema } from 'mongoose';

export interface AuditEntry {
  at: Date;
  /** Username of the staff member, or 'system'. */
  actor: string;
  action: string;
  subject: string;
  /** What changed, as field → new value (never secrets). */
  details: Record<string, unknown>;
  address: string | null;
}

const auditSchema = new Schema<AuditEntry>(
  {
    at: { type: Date, required: true },
    actor: { type: String, required: true },
    action: { type: String, required: true },
    subject: { type: String, required: true },
    details: { type: Schema.Types.Mixed, default: {} },
    address: { type: String, default: null },
  },
  { versionKey: false, collection: 'audit_log' },
);
auditSchema.index({ at: -1 });
auditSchema.index({ subject: 1, at: -1 });

export const AuditLog = mongoose.model<AuditEntry>('AuditLog', auditSchema);

export async function recordAudit(entry: Omit<AuditEntry, 'at'>): Promise<void> {
  await AuditLog.create({ ...entry, at: new Date() });
}
