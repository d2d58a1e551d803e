import type { BundleView, ProductView } from '../../shared/schemas/catalog';
import type { BundleDoc } from '../offers/bundle-model';
import type { ProductDoc } from './product-model';

export function presentProduct(p: ProductDoc): ProductView {
  return {
    sku: p.sku,
    name: { zhCN: p.name.zhCN, en: p.name.en },
    category: p.category,
    price: p.price,
    stock: p.stock,
    imageUrl: p.imageUrl,
    description: { zhCN: p.description.zhCN, en: p.description.en },
  };
}

export function presentBundle(b: BundleDoc): BundleView {
  return {
    bundleId: b.bundleId,
    name: { zhCN: b.name.zhCN, en: b.name.en },
    skus: [...b.skus],
    bundlePrice: b.bundlePrice,
    validFrom: b.validFrom.toISOString(),
    validTo: b.validTo.toISOString(),
    stock: b.stock,
  };
}
