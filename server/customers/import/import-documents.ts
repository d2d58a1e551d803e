import type { CustomerRow, ProductRow } from '../../../shared/schemas/shop-data';
import { tierFor, type TierRules } from '../member-tiers';
import type { CustomerTotals } from '../orders/customer-totals';
import type { ProductDoc } from '../product-model';

/** A products.csv row as a product document; a missing description is the product's name. */
export function productDocument(row: ProductRow): ProductDoc {
  return {
    sku: row.sku,
    name: { zhCN: row.name_zh, en: row.name_en },
    description: { zhCN: row.description_zh ?? row.name_zh, en: row.description_en ?? row.name_en },
    category: row.category,
    price: row.price,
    cost: row.cost,
    stock: row.stock,
    durable: row.durable,
    fitsSkus: row.fits_skus,
    imageUrl: row.image_url,
  };
}

/**
 * A customers.csv row as a new customer, with the totals of their orders in the same import.
 * A customer with orders has the tier the rules give for their paid spend; one without keeps
 * the tier from the file (default: the lowest).
 */
export function customerDocument(
  row: CustomerRow,
  rules: TierRules,
  totals: CustomerTotals | undefined,
) {
  return {
    customerId: row.customer_id,
    name: row.name,
    phone: row.phone,
    city: row.city,
    joinedAt: row.joined_at,
    memberTier: totals ? tierFor(totals.totalSpent, rules) : (row.member_tier ?? tierFor(0, rules)),
    points: totals?.points ?? 0,
    totalSpent: totals?.totalSpent ?? 0,
    orderCount: totals?.orderCount ?? 0,
    complaints: row.complaints ?? 0,
  };
}
