/** What a shopper's hesitation is about (客户异议), as DOMAIN.md lists them. */
export const objectionCategories = [
  'price',
  'quality',
  'fit',
  'hesitation',
  'competitor',
  'shipping',
  'after_sales',
] as const;
export type ObjectionCategory = (typeof objectionCategories)[number];
