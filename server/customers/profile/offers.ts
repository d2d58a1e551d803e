import type { AssociationRule } from '../../../shared/domain/rules';
import type { Bilingual, ProfileItem, ProfileOffer } from '../../../shared/schemas/profile';

/** What offers need to know of a product. */
export interface OfferProduct {
  sku: string;
  name: Bilingual;
  price: number;
  stock: number;
  /** Consumables (filters, fragrance) are bought again, so owning one does not rule it out. */
  durable: boolean;
}

export interface OfferBundle {
  bundleId: string;
  name: Bilingual;
  skus: string[];
  bundlePrice: number;
  stock: number;
}

export interface OfferCatalog {
  products: Map<string, OfferProduct>;
  /** Active, currently valid bundles. */
  bundles: OfferBundle[];
  /** Cross-sell rules mined from paid baskets, by lift descending. */
  rules: AssociationRule[];
}

export const MAX_OFFERS = 3;

export function itemOf(products: Map<string, OfferProduct>, sku: string): ProfileItem {
  const product = products.get(sku);
  return { sku, name: product ? { ...product.name } : { en: sku, 'zh-CN': sku } };
}

const yuan = (amount: number) => `¥${amount.toFixed(2)}`;
const names = (items: ProfileItem[], locale: 'en' | 'zh-CN') =>
  items.map((i) => i.name[locale]).join(locale === 'en' ? ' + ' : '、');

function bundleOffer(
  catalog: OfferCatalog,
  bundle: OfferBundle,
  because: { sku: string; viewing: boolean },
): ProfileOffer {
  const items = bundle.skus.map((sku) => itemOf(catalog.products, sku));
  const listPrice = bundle.skus.reduce(
    (sum, sku) => sum + (catalog.products.get(sku)?.price ?? 0),
    0,
  );
  const anchor = itemOf(catalog.products, because.sku).name;
  const saving = Math.round((listPrice - bundle.bundlePrice) * 100) / 100;
  const savingEn = saving > 0 ? `, saving ${yuan(saving)}` : '';
  const savingZh = saving > 0 ? `，省 ${yuan(saving)}` : '';
  return {
    kind: 'bundle',
    bundleId: bundle.bundleId,
    bundlePrice: bundle.bundlePrice,
    items,
    reason: because.viewing
      ? {
          en: `Bundle “${bundle.name.en}” with ${anchor.en}, which they are looking at: ${items.length} items for ${yuan(bundle.bundlePrice)}${savingEn}`,
          'zh-CN': `与正在看的${anchor['zh-CN']}组成套餐“${bundle.name['zh-CN']}”：${items.length} 件 ${yuan(bundle.bundlePrice)}${savingZh}`,
        }
      : {
          en: `Bundle “${bundle.name.en}” goes with the ${anchor.en} they bought: ${items.length} items for ${yuan(bundle.bundlePrice)}${savingEn}`,
          'zh-CN': `与已购买的${anchor['zh-CN']}搭配的套餐“${bundle.name['zh-CN']}”：${items.length} 件 ${yuan(bundle.bundlePrice)}${savingZh}`,
        },
  };
}

function ruleOffer(catalog: OfferCatalog, rule: AssociationRule, viewing: boolean): ProfileOffer {
  const antecedent = rule.antecedent.map((sku) => itemOf(catalog.products, sku));
  const consequent = rule.consequent.map((sku) => itemOf(catalog.products, sku));
  const percent = Math.round(rule.confidence * 100);
  const lift = rule.lift.toFixed(1);
  return {
    kind: 'rule',
    items: consequent,
    lift: Math.round(rule.lift * 100) / 100,
    confidence: Math.round(rule.confidence * 1000) / 1000,
    reason: {
      en: `${viewing ? 'They are looking at' : 'They bought'} ${names(antecedent, 'en')}: ${percent}% of its buyers also bought ${names(consequent, 'en')} (lift ${lift})`,
      'zh-CN': `${viewing ? '正在看' : '已购买'}${names(antecedent, 'zh-CN')}：买过的顾客中 ${percent}% 也买了${names(consequent, 'zh-CN')}（提升度 ${lift}）`,
    },
  };
}

const inStock = (catalog: OfferCatalog, sku: string) => (catalog.products.get(sku)?.stock ?? 0) > 0;

/**
 * The top offers for a shopper: a bundle with the product they are looking at first, then
 * cross-sell rules whose antecedent they are looking at, then rules from what they own (by lift),
 * then bundles that complete something they own. Nothing out of stock, nothing durable they
 * already own, no item twice.
 */
export function rankOffers(
  catalog: OfferCatalog,
  shopper: { contextSku: string | null; owned: ReadonlySet<string> },
): ProfileOffer[] {
  const { contextSku, owned } = shopper;
  const offers: ProfileOffer[] = [];
  const offered = new Set<string>();
  const wanted = (sku: string) =>
    sku !== contextSku &&
    !offered.has(sku) &&
    inStock(catalog, sku) &&
    !(owned.has(sku) && (catalog.products.get(sku)?.durable ?? true));
  const usableBundle = (b: OfferBundle) =>
    b.stock > 0 && !offered.has(`bundle:${b.bundleId}`) && b.skus.every((s) => inStock(catalog, s));
  const addBundle = (b: OfferBundle, because: { sku: string; viewing: boolean }) => {
    offered.add(`bundle:${b.bundleId}`);
    offers.push(bundleOffer(catalog, b, because));
  };

  if (contextSku) {
    const bundle = catalog.bundles.find((b) => b.skus.includes(contextSku) && usableBundle(b));
    if (bundle) addBundle(bundle, { sku: contextSku, viewing: true });
  }
  const known = new Set(owned);
  if (contextSku) known.add(contextSku);
  const matching = catalog.rules.filter((r) => r.antecedent.every((sku) => known.has(sku)));
  const viewingFirst = contextSku
    ? [
        ...matching.filter((r) => r.antecedent.includes(contextSku)),
        ...matching.filter((r) => !r.antecedent.includes(contextSku)),
      ]
    : matching;
  for (const rule of viewingFirst) {
    if (offers.length >= MAX_OFFERS) break;
    const sku = rule.consequent[0]!;
    if (!wanted(sku)) continue;
    offered.add(sku);
    offers.push(
      ruleOffer(catalog, rule, contextSku !== null && rule.antecedent.includes(contextSku)),
    );
  }
  for (const bundle of catalog.bundles) {
    if (offers.length >= MAX_OFFERS) break;
    const anchor = bundle.skus.find((sku) => owned.has(sku));
    if (anchor && !bundle.skus.every((sku) => owned.has(sku)) && usableBundle(bundle)) {
      addBundle(bundle, { sku: anchor, viewing: false });
    }
  }
  return offers.slice(0, MAX_OFFERS);
}

/** An anonymous visitor: only the bundles with the product they are looking at. */
export function bundlesForContext(
  catalog: OfferCatalog,
  contextSku: string | null,
): ProfileOffer[] {
  if (!contextSku) return [];
  return catalog.bundles
    .filter((b) => b.stock > 0 && b.skus.includes(contextSku))
    .slice(0, MAX_OFFERS)
    .map((b) => bundleOffer(catalog, b, { sku: contextSku, viewing: true }));
}
