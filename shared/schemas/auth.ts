import { z } from 'zod';

export const staffRoleSchema = z.enum(['agent', 'supervisor', 'trainer', 'admin']);
export type StaffRole = z.infer<typeof staffRoleSchema>;

export const loginSchema = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginInput = z.infer<typeof loginSchema>;

export const staffUserSchema = z.object({
  username: z.string(),
  displayName: z.string(),
  role: staffRoleSchema,
});
export type StaffUser = z.infer<typeof staffUserSchema>;

export const visitorSessionRequestSchema = z.strictObject({
  /** A previous visitor token, to keep the same visitor (and history) across visits. */
  visitorToken: z.string().max(2048).optional(),
  /** Signed by the shop's backend for a logged-in customer (identity verification). */
  shopCustomerToken: z.string().max(2048).optional(),
});
