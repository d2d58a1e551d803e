import { z } from 'zod';
import { parseInstant } from '../domain/utc-day';
import { productCategorySchema } from './catalog';

/**
 * The shop's own data as it arrives from its back office: orders over HTTP
 * (POST /api/shop/orders) and customers, products and orders from CSV files (npm run import).
 * Field rules live here once, so both doors accept and refuse the same values.
 */

const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:/#-]*$/;
const idSchema = (what: string) =>
  z
    .string()
    .min(1, `${what} is empty`)
    .max(64, `${what} is longer than 64 characters`)
    .regex(ID_PATTERN, `${what} may hold only letters, digits and . _ : / # -`);

export const orderIdSchema = idSchema('the order id');
export const customerIdSchema = idSchema('the customer id');
export const skuSchema = idSchema('the SKU');

export const memberTierSchema = z.enum(['regular', 'silver', 'gold', 'diamond']);
export const orderStatusSchema = z.enum(['paid', 'refunded']);

const MAX_MONEY = 10_000_000;
const hasAtMostTwoDecimals = (n: number) => Math.abs(Math.round(n * 100) - n * 100) < 1e-6;
/** CNY (yuan, not fen), at most two decimals. */
export const moneySchema = z
  .number()
  .min(0, 'must not be negative')
  .max(MAX_MONEY, `must be at most ${MAX_MONEY.toLocaleString('en')}`)
  .refine(hasAtMostTwoDecimals, 'must have at most two decimals');
export const quantitySchema = z
  .number()
  .int('must be a whole number')
  .min(1, 'must be at least 1')
  .max(9999, 'must be at most 9999');

export const orderLineSchema = z.strictObject({
  sku: skuSchema,
  qty: quantitySchema,
  /** What the shopper paid for one piece, CNY. */
  unitPrice: moneySchema,
});
export type OrderLine = z.infer<typeof orderLineSchema>;

/** The dates of an order agree with its status: paid after ordering, refunded after paying. */
function checkOrderDates(
  order: { status: 'paid' | 'refunded'; orderedAt: Date; paidAt: Date; refundedAt: Date | null },
  ctx: z.RefinementCtx,
): void {
  if (order.paidAt < order.orderedAt) {
    ctx.addIssue({ code: 'custom', path: ['paidAt'], message: 'is before the order time' });
  }
  if (order.status === 'paid' && order.refundedAt !== null) {
    ctx.addIssue({
      code: 'custom',
      path: ['refundedAt'],
      message: 'is set but the status is paid',
    });
  }
  if (order.refundedAt !== null && order.refundedAt < order.paidAt) {
    ctx.addIssue({ code: 'custom', path: ['refundedAt'], message: 'is before the payment time' });
  }
}

/**
 * One order ready to record, whichever door it came through. The amount is not part of it:
 * it is always the sum of the lines (quantity × unit price), so it can never disagree.
 */
export const recordableOrderSchema = z
  .strictObject({
    orderId: orderIdSchema,
    customerId: customerIdSchema,
    status: orderStatusSchema,
    orderedAt: z.date(),
    paidAt: z.date(),
    refundedAt: z.date().nullable(),
    items: z
      .array(orderLineSchema)
      .min(1, 'an order needs at least one line item')
      .max(200, 'an order may have at most 200 line items'),
  })
  .superRefine(checkOrderDates);
export type RecordableOrder = z.infer<typeof recordableOrderSchema>;

const isoInstant = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 timestamp with a zone, such as 2025-03-01T10:15:00+08:00',
});

/** The body of POST /api/shop/orders. */
export const shopOrderBodySchema = z
  .strictObject({
    orderId: orderIdSchema,
    customerId: customerIdSchema,
    /** Default paid; an order already refunded may be recorded as such. */
    status: orderStatusSchema.default('paid'),
    orderedAt: isoInstant,
    /** Default: orderedAt. */
    paidAt: isoInstant.optional(),
    /** Only for a refunded order. */
    refundedAt: isoInstant.optional(),
    items: z.array(orderLineSchema),
  })
  .transform((body) => ({
    ...body,
    orderedAt: new Date(body.orderedAt),
    paidAt: new Date(body.paidAt ?? body.orderedAt),
    refundedAt: body.refundedAt === undefined ? null : new Date(body.refundedAt),
  }))
  .pipe(recordableOrderSchema);
export type ShopOrderBody = z.input<typeof shopOrderBodySchema>;

/** The body of POST /api/shop/orders/:orderId/refund; may be empty. */
export const shopRefundBodySchema = z.strictObject({
  /** Default: now. */
  refundedAt: isoInstant.optional(),
});

export const shopOrderIdParamsSchema = z.strictObject({ orderId: orderIdSchema });

/** An order as the shop API answers with it. */
export const recordedOrderViewSchema = z.object({
  orderId: z.string(),
  customerId: z.string(),
  status: orderStatusSchema,
  items: z.array(orderLineSchema),
  amount: z.number(),
  orderedAt: z.string(),
  paidAt: z.string(),
  refundedAt: z.string().nullable(),
});

/** A customer's membership after an order or refund. */
export const customerStandingViewSchema = z.object({
  customerId: z.string(),
  points: z.number(),
  memberTier: memberTierSchema,
  totalSpent: z.number(),
  orderCount: z.number(),
});

export const shopOrderResponseSchema = z.object({
  order: recordedOrderViewSchema,
  customer: customerStandingViewSchema,
  /** Points this request added (negative for a refund); 0 when it changed nothing. */
  pointsChange: z.number(),
  /** True when the order (or refund) was already recorded and nothing changed. */
  replayed: z.boolean(),
});
export type ShopOrderResponse = z.infer<typeof shopOrderResponseSchema>;

// CSV rows: every field arrives as text; empty optional fields are absent.

const text = (what: string, max: number) =>
  z.string().trim().min(1, `${what} is empty`).max(max, `${what} is longer than ${max} characters`);
/** An optional column: absent from the header, or empty, is undefined. */
const optionalText = <S extends z.ZodType<unknown, string>>(schema: S) =>
  z
    .string()
    .optional()
    .transform((value) => (value?.trim() ? value.trim() : undefined))
    .pipe(schema.optional());
const instantText = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const instant = parseInstant(value);
    if (instant === null) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected a date such as 2025-03-01 or 2025-03-01T10:15:00+08:00 (no zone = UTC)',
      });
      return z.NEVER;
    }
    return new Date(instant);
  });
const moneyText = z
  .string()
  .trim()
  .regex(
    /^\d+(\.\d{1,2})?$/,
    'expected an amount in yuan such as 129.90 (digits, at most two decimals; no sign, currency or thousands separator)',
  )
  .transform(Number)
  .pipe(moneySchema);
const wholeNumberText = (max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'expected a whole number such as 3')
    .transform(Number)
    .pipe(z.number().max(max, `must be at most ${max.toLocaleString('en')}`));
const booleanText = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.enum(['true', 'false', 'yes', 'no', '1', '0'], 'expected true or false'))
  .transform((value) => value === 'true' || value === 'yes' || value === '1');
const trimmed = <S extends z.ZodType<unknown, string>>(schema: S) => z.string().trim().pipe(schema);

/** customers.csv: customer_id,name,phone,city,joined_at[,member_tier,complaints] */
export const customerRowSchema = z.object({
  customer_id: trimmed(customerIdSchema),
  name: text('the name', 100),
  phone: trimmed(
    z
      .string()
      .regex(/^\+?[0-9][0-9 -]{4,30}$/, 'expected a phone number of digits, spaces or dashes'),
  ),
  city: text('the city', 60),
  joined_at: instantText,
  member_tier: optionalText(
    z.enum(memberTierSchema.options, 'expected regular, silver, gold or diamond'),
  ),
  complaints: optionalText(wholeNumberText(100_000)),
});
export type CustomerRow = z.infer<typeof customerRowSchema>;
export const customerColumns = {
  required: ['customer_id', 'name', 'phone', 'city', 'joined_at'],
  optional: ['member_tier', 'complaints'],
} as const;

/**
 * products.csv: sku,name_zh,name_en,category,price,cost,stock,durable,fits_skus,image_url
 * [,description_zh,description_en]
 */
export const productRowSchema = z
  .object({
    sku: trimmed(skuSchema),
    name_zh: text('name_zh', 200),
    name_en: text('name_en', 200),
    category: trimmed(
      z.enum(
        productCategorySchema.options,
        `expected one of ${productCategorySchema.options.join(', ')}`,
      ),
    ),
    price: moneyText,
    cost: moneyText,
    stock: wholeNumberText(10_000_000),
    durable: booleanText,
    fits_skus: z
      .string()
      .trim()
      .transform((value) => (value === '' ? [] : value.split('|').map((sku) => sku.trim())))
      .pipe(z.array(skuSchema)),
    image_url: trimmed(
      z
        .string()
        .max(500, 'is longer than 500 characters')
        .regex(/^(https?:\/\/|\/)\S+$/, 'expected an http(s) address or a path starting with /'),
    ),
    description_zh: optionalText(z.string().max(2000, 'is longer than 2000 characters')),
    description_en: optionalText(z.string().max(2000, 'is longer than 2000 characters')),
  })
  .superRefine((row, ctx) => {
    if (row.durable && row.fits_skus.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['fits_skus'],
        message: 'must be empty for a durable appliance (only consumables fit other products)',
      });
    }
  });
export type ProductRow = z.infer<typeof productRowSchema>;
export const productColumns = {
  required: [
    'sku',
    'name_zh',
    'name_en',
    'category',
    'price',
    'cost',
    'stock',
    'durable',
    'fits_skus',
    'image_url',
  ],
  optional: ['description_zh', 'description_en'],
} as const;

/**
 * orders.csv, one row per line item:
 * order_id,customer_id,ordered_at,status,sku,qty,unit_price[,paid_at,refunded_at]
 */
export const orderRowSchema = z.object({
  order_id: trimmed(orderIdSchema),
  customer_id: trimmed(customerIdSchema),
  ordered_at: instantText,
  status: trimmed(z.enum(orderStatusSchema.options, 'expected paid or refunded')),
  sku: trimmed(skuSchema),
  qty: z
    .string()
    .trim()
    .regex(/^\d+$/, 'expected a whole number from 1 to 9999')
    .transform(Number)
    .pipe(quantitySchema),
  unit_price: moneyText,
  paid_at: optionalText(instantText),
  refunded_at: optionalText(instantText),
});
export type OrderRow = z.infer<typeof orderRowSchema>;
export const orderColumns = {
  required: ['order_id', 'customer_id', 'ordered_at', 'status', 'sku', 'qty', 'unit_price'],
  optional: ['paid_at', 'refunded_at'],
} as const;
