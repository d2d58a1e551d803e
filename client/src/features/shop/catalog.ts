import { useQuery } from '@tanstack/react-query';
import type { Translation } from '../../../../shared/i18n/en';
import { apiFetch } from '../../app/api';
import type { AppLanguage } from '../../app/i18n';
import type { BundleView, LocalizedText, ProductView } from './types';

export function useProducts() {
  return useQuery({
    queryKey: ['catalog', 'products'],
    queryFn: () =>
      apiFetch<{ products: ProductView[] }>('/api/products').then((body) => body.products),
  });
}

export function useBundles() {
  return useQuery({
    queryKey: ['catalog', 'bundles'],
    queryFn: () => apiFetch<{ bundles: BundleView[] }>('/api/bundles').then((body) => body.bundles),
  });
}

/** The text in the UI language, or the other one when a translation is missing. */
export function localize(text: LocalizedText, language: AppLanguage): string {
  return language === 'zh-CN' ? text.zhCN || text.en : text.en || text.zhCN;
}

export type KnownCategory = keyof Translation['shop']['category'];

/** The order shoppers see the category tabs in; categories not listed here come after. */
export const CATEGORY_ORDER: readonly KnownCategory[] = [
  'humidifier',
  'air_purifier',
  'dehumidifier',
  'heater',
  'fan',
  'kettle',
  'filter',
  'fragrance',
];

export function isKnownCategory(category: string): category is KnownCategory {
  return (CATEGORY_ORDER as readonly string[]).includes(category);
}

/** The categories that have products, in shop order. */
export function categoriesOf(products: readonly ProductView[]): string[] {
  const present = new Set(products.map((product) => product.category));
  const rank = (category: string) => {
    const index = (CATEGORY_ORDER as readonly string[]).indexOf(category);
    return index === -1 ? CATEGORY_ORDER.length : index;
  };
  return [...present].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** Below this many, the card says how many are left instead of just "in stock". */
export const LOW_STOCK_THRESHOLD = 10;

export type StockLevel = { kind: 'soldOut' } | { kind: 'low'; count: number } | { kind: 'inStock' };

export function stockLevel(stock: number): StockLevel {
  if (stock <= 0) return { kind: 'soldOut' };
  if (stock <= LOW_STOCK_THRESHOLD) return { kind: 'low', count: stock };
  return { kind: 'inStock' };
}
