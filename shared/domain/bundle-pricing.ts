/** Money in fen (分), so sums of prices like 0.1 + 0.2 stay exact. */
export const toFen = (yuan: number): number => Math.round(yuan * 100);
const toYuan = (fen: number): number => fen / 100;

export interface BundlePricing {
  /** The items' list prices added up, in yuan; null when a SKU has no known price. */
  listPrice: number | null;
  /** listPrice − bundlePrice in yuan (negative when the bundle costs more); null with listPrice. */
  saving: number | null;
}

/** What a bundle's items cost bought one by one, and what the bundle price saves on that. */
export function priceBundle(
  skus: readonly string[],
  bundlePrice: number,
  priceOf: (sku: string) => number | undefined,
): BundlePricing {
  let listFen = 0;
  for (const sku of skus) {
    const price = priceOf(sku);
    if (price === undefined) return { listPrice: null, saving: null };
    listFen += toFen(price);
  }
  return { listPrice: toYuan(listFen), saving: toYuan(listFen - toFen(bundlePrice)) };
}

/** A bundle must cost less than its items bought one by one. */
export function isBelowListPrice(pricing: BundlePricing): boolean {
  return pricing.saving !== null && pricing.saving > 0;
}
