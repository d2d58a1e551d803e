import { priceBundle } from '../../shared/domain/bundle-pricing';
import type { StaffBundleView } from '../../shared/schemas/bundle';
import type { BundleDoc } from './bundle-model';

/** What staff need of a product to see a bundle's items and what it saves. */
export interface BundleProduct {
  sku: string;
  name: { zhCN: string; en: string };
  price: number;
}

/** A bundle for staff, priced at today's list prices of its items. */
export function presentStaffBundle(
  b: BundleDoc,
  products: ReadonlyMap<string, BundleProduct>,
): StaffBundleView {
  const skus = [...b.skus];
  const pricing = priceBundle(skus, b.bundlePrice, (sku) => products.get(sku)?.price);
  return {
    bundleId: b.bundleId,
    name: { zhCN: b.name.zhCN, en: b.name.en },
    skus,
    items: skus.map((sku) => {
      const product = products.get(sku);
      return {
        sku,
        name: product ? { zhCN: product.name.zhCN, en: product.name.en } : null,
        price: product?.price ?? null,
      };
    }),
    bundlePrice: b.bundlePrice,
    listPrice: pricing.listPrice,
    saving: pricing.saving,
    validFrom: b.validFrom.toISOString(),
    validTo: b.validTo.toISOString(),
    stock: b.stock,
    active: b.active,
  };
}
