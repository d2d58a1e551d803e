import { z } from 'zod';
import { objectionCategories } from '../domain/objection-categories';
import { conversationStages } from '../domain/scripts';
import { conversationIdSchema } from './chat';

export const conversationStatusSchema = z.enum(['queued', 'assigned', 'active', 'closed']);
export type ConversationStatus = z.infer<typeof conversationStatusSchema>;

export const localeSchema = z.enum(['zh-CN', 'en']);

const skuSchema = z.string().regex(/^[A-Z0-9-]{1,32}$/);
export const MAX_CART_ITEMS = 30;

export const openConversationSchema = z.strictObject({
  locale: localeSchema,
  /** What the shopper is looking at (and has in the cart) travels with the chat. */
  context: z
    .strictObject({
      sku: skuSchema.optional(),
      cart: z.array(skuSchema).max(MAX_CART_ITEMS).optional(),
      pageUrl: z
        .url({ protocol: /^https?$/ })
        .max(500)
        .optional(),
      pageTitle: z.string().max(200).optional(),
    })
    .optional(),
});
export type OpenConversationInput = z.infer<typeof openConversationSchema>;

export const dispositionSchema = z.enum([
  'purchased',
  'will_follow_up',
  'not_interested',
  'service_only',
  'complaint_resolved',
]);
export type Disposition = z.infer<typeof dispositionSchema>;

/** What the agent adds at close, beside the disposition (conversation:close payload). */
export const closeDetailsSchema = z.strictObject({
  order: z
    .strictObject({
      orderId: z.string().trim().min(1).max(64),
      value: z.number().nonnegative().max(10_000_000),
    })
    .optional(),
  /** Objection categories the agent says were not overcome (others keep the computed value). */
  notOvercome: z.array(z.enum(objectionCategories)).max(7).optional(),
  /** Stages the agent set by hand in the console's stepper, merged with the computed ones. */
  stages: z.array(z.enum(conversationStages)).max(conversationStages.length).optional(),
});
export type CloseDetails = z.infer<typeof closeDetailsSchema>;

export const closeConversationSchema = z.strictObject({
  conversationId: conversationIdSchema,
  disposition: dispositionSchema,
  /** Optional: the order entered by hand, objections not overcome, stages set by hand. */
  details: closeDetailsSchema.optional(),
});

export const transferConversationSchema = z.strictObject({
  conversationId: conversationIdSchema,
  to: z.union([
    z.strictObject({ agentId: z.string().min(1).max(64) }),
    z.strictObject({ skill: z.string().min(1).max(40) }),
  ]),
  note: z.string().trim().max(500).default(''),
});

export const conversationRefSchema = z.strictObject({ conversationId: conversationIdSchema });

export const agentStatusSchema = z.strictObject({ status: z.enum(['online', 'away', 'offline']) });

export const conversationViewSchema = z.object({
  id: conversationIdSchema,
  status: conversationStatusSchema,
  visitorId: z.string(),
  customerId: z.string().nullable(),
  shopperName: z.string(),
  skill: z.string(),
  priority: z.number(),
  locale: localeSchema,
  assignee: z.object({ id: z.string(), name: z.string() }).nullable(),
  context: z.object({
    sku: z.string().optional(),
    cart: z.array(z.string()).optional(),
    pageUrl: z.string().optional(),
    pageTitle: z.string().optional(),
  }),
  lastSeq: z.number(),
  /** The highest seq each side has read. */
  readSeq: z.object({ shopper: z.number(), agent: z.number() }),
  lastMessageAt: z.string().nullable(),
  lastMessagePreview: z.string(),
  createdAt: z.string(),
  queuedAt: z.string().nullable(),
  /** The shopper's 1–5 rating of a closed chat, once given. */
  satisfaction: z.number().nullable().optional(),
});
export type ConversationView = z.infer<typeof conversationViewSchema>;
