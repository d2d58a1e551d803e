import { z } from 'zod';
import { offerCardSchema } from './offer-card';

/** Ids made by the sender (UUID, v7 preferred so they sort by time); retries reuse them. */
export const clientIdSchema = z.uuid();
export const conversationIdSchema = z.uuid();

export const messageTextSchema = z
  .string()
  .trim()
  .min(1, 'message is empty')
  .max(4000, 'message is longer than 4000 characters');

export const sendMessageSchema = z.strictObject({
  conversationId: conversationIdSchema,
  clientMessageId: clientIdSchema,
  text: messageTextSchema,
  scriptId: z.string().max(80).optional(),
  scriptVersion: z.number().int().min(1).optional(),
  /** The A/B variant of the script that was inserted ('base': the script's own text). */
  scriptVariant: z
    .string()
    .regex(/^[a-z0-9_-]{1,40}$/)
    .optional(),
});
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

export const authorKindSchema = z.enum(['shopper', 'agent', 'system']);

export const messageViewSchema = z.object({
  id: clientIdSchema,
  conversationId: conversationIdSchema,
  seq: z.number().int().min(1),
  author: z.object({ kind: authorKindSchema, id: z.string(), name: z.string() }),
  text: z.string(),
  createdAt: z.string(),
  scriptId: z.string().optional(),
  scriptVersion: z.number().optional(),
  scriptVariant: z.string().optional(),
  /** An offer card sent by the agent; `text` then holds a plain-text rendering of it. */
  offer: offerCardSchema.optional(),
  /** 'staff': a supervisor's whisper to the agent, never sent to the shopper. */
  visibility: z.enum(['staff']).optional(),
});
export type MessageView = z.infer<typeof messageViewSchema>;

export const resyncSchema = z.strictObject({
  conversations: z
    .array(
      z.strictObject({ conversationId: conversationIdSchema, lastSeq: z.number().int().min(0) }),
    )
    .max(50),
});
export type ResyncInput = z.infer<typeof resyncSchema>;

export const typingSchema = z.strictObject({
  conversationId: conversationIdSchema,
  isTyping: z.boolean(),
});

export const readSchema = z.strictObject({
  conversationId: conversationIdSchema,
  seq: z.number().int().min(1),
});
