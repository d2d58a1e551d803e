import { z } from 'zod';
import { staffRoleSchema } from './auth';

const skillSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[\w-]+$/, 'letters, digits, - and _ only');

export const createStaffSchema = z.strictObject({
  username: z
    .string()
    .trim()
    .toLowerCase()
    .min(3)
    .max(32)
    .regex(/^[a-z0-9_.-]+$/, 'letters, digits, . _ - only'),
  displayName: z.string().trim().min(1).max(60),
  role: staffRoleSchema,
  password: z.string().min(10, 'at least 10 characters').max(200),
  skills: z.array(skillSchema).max(20).default([]),
  maxConcurrentChats: z.number().int().min(1).max(50).default(8),
});

export const updateStaffSchema = z
  .strictObject({
    displayName: z.string().trim().min(1).max(60),
    role: staffRoleSchema,
    password: z.string().min(10, 'at least 10 characters').max(200),
    skills: z.array(skillSchema).max(20),
    maxConcurrentChats: z.number().int().min(1).max(50),
    active: z.boolean(),
  })
  .partial()
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const staffViewSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: staffRoleSchema,
  skills: z.array(z.string()),
  maxConcurrentChats: z.number(),
  active: z.boolean(),
});
export type StaffView = z.infer<typeof staffViewSchema>;
