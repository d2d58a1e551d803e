import { z } from 'zod';

// Ids as in chat.ts (which imports this file, so they are not imported from there).
const bilingual = z.object({ en: z.string(), 'zh-CN': z.string() });

export const offerResponseValueSchema = z.enum(['accepted', 'declined']);
export type OfferResponseValue = z.infer<typeof offerResponseValueSchema>;

/** An offer sent into a chat: the widget draws it as a card with accept and decline buttons. */
export const offerCardSchema = z.object({
  kind: z.enum(['bundle', 'product']),
  bundleId: z.string().optional(),
  sku: z.string().optional(),
  title: bilingual,
  items: z.array(
    z.object({ sku: z.string(), name: bilingual, price: z.number(), imageUrl: z.string() }),
  ),
  /** The items' list prices added up. */
  listPrice: z.number(),
  /** What the shopper pays: the bundle price, or the product's price. */
  price: z.number(),
  imageUrl: z.string(),
  /** ISO date the bundle price ends; absent for a single product. */
  validTo: z.string().optional(),
  response: z.object({ value: offerResponseValueSchema, at: z.string() }).nullable(),
});
export type OfferCard = z.infer<typeof offerCardSchema>;

const skuSchema = z.string().trim().min(1).max(64);

/** `offer:send`, from the agent: which offer, by reference; the server fills in the card. */
export const sendOfferSchema = z.strictObject({
  conversationId: z.uuid(),
  clientMessageId: z.uuid(),
  offer: z.discriminatedUnion('kind', [
    z.strictObject({ kind: z.literal('bundle'), bundleId: skuSchema }),
    z.strictObject({ kind: z.literal('product'), sku: skuSchema }),
  ]),
});
export type SendOfferInput = z.infer<typeof sendOfferSchema>;

/** `offer:respond`, from the shopper: the offer is the message with this seq. */
export const respondOfferSchema = z.strictObject({
  conversationId: z.uuid(),
  seq: z.number().int().min(1),
  response: offerResponseValueSchema,
});

/** `offer:updated`, to everyone in the chat. */
export interface OfferUpdate {
  conversationId: string;
  seq: number;
  messageId: string;
  response: { value: OfferResponseValue; at: string };
}
