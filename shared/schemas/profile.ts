import { z } from 'zod';
import { personalities } from '../domain/personality';
import { conversationIdSchema } from './chat';

/** `GET /api/conversations/:id/profile` */
export const profileParamsSchema = z.strictObject({ id: conversationIdSchema });

/** A sentence in both UI languages; the client shows the one in use. */
export const bilingualSchema = z.object({ en: z.string(), 'zh-CN': z.string() });
export type Bilingual = z.infer<typeof bilingualSchema>;

export const profileItemSchema = z.object({ sku: z.string(), name: bilingualSchema });
export type ProfileItem = z.infer<typeof profileItemSchema>;

export const profileOfferSchema = z.object({
  kind: z.enum(['rule', 'bundle']),
  items: z.array(profileItemSchema),
  reason: bilingualSchema,
  /** Rules only: the association rule's lift and confidence. */
  lift: z.number().optional(),
  confidence: z.number().optional(),
  /** Rules only: the item's list price. */
  price: z.number().optional(),
  /** Bundles only. */
  bundleId: z.string().optional(),
  bundlePrice: z.number().optional(),
  /** Bundles only: the items' list prices added up. */
  listPrice: z.number().optional(),
  /** relevance × margin × fit; offers come best first. */
  score: z.number(),
  /** The score written out factor by factor, e.g. "lift 3.1 ×2 (looking at it now) ×0.9 …". */
  ranking: bilingualSchema,
});
export type ProfileOffer = z.infer<typeof profileOfferSchema>;

const score = z.number().int().min(1).max(5);

export const customerProfileSchema = z.object({
  customer: z.object({
    id: z.string(),
    name: z.string(),
    tier: z.enum(['regular', 'silver', 'gold', 'diamond']),
    points: z.number(),
  }),
  /** Null for a customer without a paid order (nothing to score). */
  rfm: z
    .object({
      /** `YYYY-MM-DD`: the day the shop-wide statistics were computed as of. */
      asOf: z.string(),
      recency: z.number(),
      frequency: z.number(),
      monetary: z.number(),
      r: score,
      f: score,
      m: score,
      segment: z.string(),
      segmentLabel: bilingualSchema,
    })
    .nullable(),
  class8: z
    .object({
      name: z.string(),
      label: bilingualSchema,
      explanation: bilingualSchema,
      levels: z.object({ r: z.enum(['H', 'L']), f: z.enum(['H', 'L']), m: z.enum(['H', 'L']) }),
    })
    .nullable(),
  clv: z.object({
    /** Revenue CLV, CNY. */
    value: z.number(),
    /** Profit CLV (revenue × margin), CNY: what the value class is judged on. */
    profit: z.number(),
    formula: bilingualSchema,
    /** The formula with this customer's numbers. */
    computation: bilingualSchema,
  }),
  valueClass: z.object({
    name: z.enum(['vip', 'core', 'ordinary', 'poison']),
    label: bilingualSchema,
    reasons: z.array(bilingualSchema),
  }),
  orders: z.array(
    z.object({
      id: z.string(),
      at: z.string(),
      amount: z.number(),
      status: z.enum(['paid', 'refunded']),
      items: z.array(profileItemSchema.extend({ qty: z.number() })),
    }),
  ),
  /** The service personality an agent set, with what to do about it; null until set. */
  personality: z
    .object({ name: z.enum(personalities), label: bilingualSchema, advice: bilingualSchema })
    .nullable(),
  /** Agents' free-text notes on the customer. */
  notes: z.string(),
  offers: z.array(profileOfferSchema),
});
export type CustomerProfile = z.infer<typeof customerProfileSchema>;

export const anonymousProfileSchema = z.object({
  customer: z.null(),
  offers: z.array(profileOfferSchema),
});

export const profileResponseSchema = z.union([customerProfileSchema, anonymousProfileSchema]);
export type ProfileResponse = z.infer<typeof profileResponseSchema>;

export const MAX_NOTES_LENGTH = 2000;

/** `PUT /api/conversations/:id/profile/personality` */
export const setPersonalitySchema = z.strictObject({
  personality: z.enum(personalities).nullable(),
});

/** `PUT /api/conversations/:id/profile/notes` */
export const setNotesSchema = z.strictObject({
  notes: z.string().max(MAX_NOTES_LENGTH, `notes are longer than ${MAX_NOTES_LENGTH} characters`),
});
