// The wire shapes of GET /api/products and GET /api/bundles. Replace with the types from
// shared/schemas/catalog.ts once that file exists, so client and server share one definition.

export interface LocalizedText {
  zhCN: string;
  en: string;
}

export interface ProductView {
  sku: string;
  name: LocalizedText;
  category: string;
  /** Yuan (CNY), not fen. */
  price: number;
  stock: number;
  imageUrl: string;
  description: LocalizedText;
}

export interface BundleView {
  bundleId: string;
  name: LocalizedText;
  skus: string[];
  /** Yuan (CNY), not fen. */
  bundlePrice: number;
  /** ISO 8601 date-time. */
  validFrom: string;
  validTo: string;
  stock: number;
}
