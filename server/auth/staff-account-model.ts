import mongoose, { Schema, type InferSchemaType } from 'mongoose';

const staffAccountSchema = new Schema(
  {
    username: { type: String, required: true, unique: true, lowercase: true, trim: true },
    displayName: { type: String, required: true },
    role: { type: String, enum: ['agent', 'supervisor', 'trainer', 'admin'], required: true },
    /** argon2id */
    passwordHash: { type: String, required: true },
    /** Queues the agent serves: a language ('zh-CN', 'en') or a product line ('humidifier'). */
    skills: { type: [String], default: [] },
    maxConcurrentChats: { type: Number, default: 8, min: 1, max: 50 },
    active: { type: Boolean, default: true },
  },
  { versionKey: false, collection: 'staff_accounts', timestamps: true },
);

export type StaffAccountDoc = InferSchemaType<typeof staffAccountSchema>;
export const StaffAccount = mongoose.model('StaffAccount', staffAccountSchema);
