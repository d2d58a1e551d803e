import { personalityInfo, type Personality } from '../../../shared/domain/personality';
import type { AssociationRule } from '../../../shared/domain/rules';
import type { Bilingual, ProfileItem, ProfileOffer } from '../../../shared/schemas/profile';
import type { MemberTier } from '../member-tiers';

/** What offers need to know of a product. */
export interface OfferProduct {
  sku: string;
  name: Bilingual;
  price: number;
  /** Unit cost, for the margin; 0 when unknown. */
  cost: number;
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

export interface RankingShopper {
  /** The product page the chat was started from. */
  contextSku: string | null;
  /** SKUs in their paid orders. */
  owned: ReadonlySet<string>;
  /** SKUs in their shopping cart right now (sent by the shop with the chat). */
  cart?: ReadonlySet<string>;
  tier?: MemberTier | null;
  personality?: Personality | null;
}

export const MAX_OFFERS = 3;

/**
 * The score of an offer is relevance × margin × fit, each factor shown to the agent:
 * - relevance: a rule's lift; a bundle's is the strongest lift from the product it is offered
 *   for to another of its items (its evidence), and at least bundleRelevance for a supervisor's
 *   pick; either is doubled when it builds on the product the shopper is looking at right now;
 * - margin: 0.5 + gross margin rate, so a 40% margin item weighs 0.9 and a 0% one 0.5;
 * - fit: ×1.5 when it is what the shopper's personality favours (bundles for the frugal and
 *   bargain hunters, premium items for the status-conscious), ×1.2 for premium items to gold and
 *   diamond members and bundles to regular members.
 */
export const SCORING = {
  bundleRelevance: 2,
  viewingBoost: 2,
  marginBase: 0.5,
  personalityFit: 1.5,
  tierFit: 1.2,
  /** An item is premium when its price is in the top quarter of the catalogue. */
  premiumQuantile: 0.75,
} as const;

export function itemOf(products: Map<string, OfferProduct>, sku: string): ProfileItem {
  const product = products.get(sku);
  return { sku, name: product ? { ...product.name } : { en: sku, 'zh-CN': sku } };
}

const yuan = (amount: number) => `¥${amount.toFixed(2)}`;
const names = (items: ProfileItem[], locale: 'en' | 'zh-CN') =>
  items.map((i) => i.name[locale]).join(locale === 'en' ? ' + ' : '、');
const round2 = (n: number) => Math.round(n * 100) / 100;

type Focus = 'viewing' | 'cart' | null;

interface Candidate {
  /** Dedup key: the consequent SKU or `bundle:<id>`. */
  key: string;
  relevance: number;
  relevanceText: () => Bilingual;
  /** Built only for the offers that make the cut. */
  offer: () => Omit<ProfileOffer, 'score' | 'ranking'>;
  /** Builds on what the shopper is looking at, or has in the cart, right now. */
  focus: Focus;
  price: number;
  cost: number;
  isBundle: boolean;
  premium: boolean;
}

const premiumCache = new WeakMap<Map<string, OfferProduct>, number>();

/** The lowest price counted as premium: the catalogue's upper-quartile price. */
export function premiumPriceFrom(products: Map<string, OfferProduct>): number {
  const cached = premiumCache.get(products);
  if (cached !== undefined) return cached;
  const prices = [...products.values()].map((p) => p.price).sort((a, b) => a - b);
  const threshold = prices.length
    ? prices[Math.min(prices.length - 1, Math.floor(prices.length * SCORING.premiumQuantile))]!
    : Infinity;
  premiumCache.set(products, threshold);
  return threshold;
}

function bundleCandidate(
  catalog: OfferCatalog,
  bundle: OfferBundle,
  because: { sku: string; focus: Focus },
  premiumFrom: number,
  /** The strongest lift from the anchor to another item of the bundle, if a rule has one. */
  evidence: number,
): Candidate {
  const relevance = Math.max(SCORING.bundleRelevance, evidence);
  const products = bundle.skus.map((sku) => catalog.products.get(sku));
  const listPrice = round2(products.reduce((sum, p) => sum + (p?.price ?? 0), 0));
  const cost = products.reduce((sum, p) => sum + (p?.cost ?? 0), 0);
  return {
    key: `bundle:${bundle.bundleId}`,
    isBundle: true,
    focus: because.focus,
    price: bundle.bundlePrice,
    cost,
    premium: products.some((p) => (p?.price ?? 0) >= premiumFrom),
    relevance,
    relevanceText: () =>
      relevance > SCORING.bundleRelevance
        ? {
            en: `bundle, lift ${relevance.toFixed(1)}`,
            'zh-CN': `套餐（提升度 ${relevance.toFixed(1)}）`,
          }
        : { en: `bundle ${relevance}`, 'zh-CN': `套餐 ${relevance}` },
    offer: () => {
      const items = bundle.skus.map((sku) => itemOf(catalog.products, sku));
      const anchor = itemOf(catalog.products, because.sku).name;
      const saving = round2(listPrice - bundle.bundlePrice);
      const savingEn = saving > 0 ? `, saving ${yuan(saving)}` : '';
      const savingZh = saving > 0 ? `，省 ${yuan(saving)}` : '';
      return {
        kind: 'bundle',
        bundleId: bundle.bundleId,
        bundlePrice: bundle.bundlePrice,
        listPrice,
        items,
        reason: because.focus
          ? {
              en: `Bundle “${bundle.name.en}” with ${anchor.en}, which they ${because.focus === 'viewing' ? 'are looking at' : 'have in the cart'}: ${items.length} items for ${yuan(bundle.bundlePrice)}${savingEn}`,
              'zh-CN': `与${because.focus === 'viewing' ? '正在看' : '购物车里'}的${anchor['zh-CN']}组成套餐“${bundle.name['zh-CN']}”：${items.length} 件 ${yuan(bundle.bundlePrice)}${savingZh}`,
            }
          : {
              en: `Bundle “${bundle.name.en}” goes with the ${anchor.en} they bought: ${items.length} items for ${yuan(bundle.bundlePrice)}${savingEn}`,
              'zh-CN': `与已购买的${anchor['zh-CN']}搭配的套餐“${bundle.name['zh-CN']}”：${items.length} 件 ${yuan(bundle.bundlePrice)}${savingZh}`,
            },
      };
    },
  };
}

function ruleCandidate(
  catalog: OfferCatalog,
  rule: AssociationRule,
  focus: Focus,
  premiumFrom: number,
): Candidate {
  const product = catalog.products.get(rule.consequent[0]!);
  return {
    key: rule.consequent[0]!,
    isBundle: false,
    focus,
    price: product?.price ?? 0,
    cost: product?.cost ?? 0,
    premium: (product?.price ?? 0) >= premiumFrom,
    relevance: rule.lift,
    relevanceText: () => ({
      en: `lift ${rule.lift.toFixed(1)}`,
      'zh-CN': `提升度 ${rule.lift.toFixed(1)}`,
    }),
    offer: () => {
      const antecedent = rule.antecedent.map((sku) => itemOf(catalog.products, sku));
      const consequent = rule.consequent.map((sku) => itemOf(catalog.products, sku));
      const percent = Math.round(rule.confidence * 100);
      const lift = rule.lift.toFixed(1);
      return {
        kind: 'rule',
        items: consequent,
        lift: round2(rule.lift),
        confidence: Math.round(rule.confidence * 1000) / 1000,
        ...(product ? { price: product.price } : {}),
        reason: {
          en: `${focus === 'viewing' ? 'They are looking at' : focus === 'cart' ? 'They have in the cart' : 'They bought'} ${names(antecedent, 'en')}: ${percent}% of its buyers also bought ${names(consequent, 'en')}, ${lift}× more than average`,
          'zh-CN': `${focus === 'viewing' ? '正在看' : focus === 'cart' ? '购物车里有' : '已购买'}${names(antecedent, 'zh-CN')}：买过的顾客中 ${percent}% 也买了${names(consequent, 'zh-CN')}，是平均水平的 ${lift} 倍`,
        },
      };
    },
  };
}

/** relevance × margin × fit; with `explain`, also the same product written out for the agent. */
function score(
  candidate: Candidate,
  shopper: RankingShopper,
  explain: boolean,
): { score: number; ranking: Bilingual | null } {
  const en: string[] = [];
  const zh: string[] = [];
  const factor = (by: number, text: () => [string, string]) => {
    value *= by;
    if (!explain) return;
    const [e, z] = text();
    en.push(e);
    zh.push(z);
  };
  let value = candidate.relevance;
  if (candidate.focus) {
    const cart = candidate.focus === 'cart';
    factor(SCORING.viewingBoost, () => [
      `×${SCORING.viewingBoost} (${cart ? 'in the cart' : 'looking at it now'})`,
      `×${SCORING.viewingBoost}（${cart ? '在购物车里' : '正在看'}）`,
    ]);
  }
  const marginRate =
    candidate.price > 0 ? Math.min(1, Math.max(0, 1 - candidate.cost / candidate.price)) : 0;
  const marginFactor = SCORING.marginBase + marginRate;
  factor(marginFactor, () => [
    `×${marginFactor.toFixed(2)} (margin ${Math.round(marginRate * 100)}%)`,
    `×${marginFactor.toFixed(2)}（毛利率 ${Math.round(marginRate * 100)}%）`,
  ]);

  const personality = shopper.personality ? personalityInfo[shopper.personality] : null;
  if (
    personality &&
    ((personality.prefers === 'bundle' && candidate.isBundle) ||
      (personality.prefers === 'premium' && candidate.premium))
  ) {
    const [what, whatZh] =
      personality.prefers === 'bundle' ? ['bundles', '套餐'] : ['premium items', '高端款'];
    factor(SCORING.personalityFit, () => [
      `×${SCORING.personalityFit} (${personality.label.en} shoppers favour ${what})`,
      `×${SCORING.personalityFit}（${personality.label['zh-CN']}顾客偏好${whatZh}）`,
    ]);
  }
  const premiumMember = shopper.tier === 'gold' || shopper.tier === 'diamond';
  if (premiumMember && candidate.premium) {
    factor(SCORING.tierFit, () => [
      `×${SCORING.tierFit} (premium item for a ${shopper.tier} member)`,
      `×${SCORING.tierFit}（${shopper.tier === 'gold' ? '金卡' : '钻石'}会员适合高端款）`,
    ]);
  } else if (shopper.tier === 'regular' && candidate.isBundle) {
    factor(SCORING.tierFit, () => [
      `×${SCORING.tierFit} (bundle for a regular member)`,
      `×${SCORING.tierFit}（普通会员适合套餐）`,
    ]);
  }
  const total = round2(value);
  if (!explain) return { score: total, ranking: null };
  const base = candidate.relevanceText();
  return {
    score: total,
    ranking: {
      en: [base.en, ...en, `= ${total}`].join(' '),
      // No space after a full-width bracket in Chinese.
      'zh-CN': [base['zh-CN'], ...zh, `= ${total}`].join(' ').replace(/） /g, '）'),
    },
  };
}

const rulesIndex = new WeakMap<AssociationRule[], Map<string, AssociationRule[]>>();

/** Rules by each item of their antecedent: a shopper's rules are found from what they know. */
function rulesByAntecedentItem(rules: AssociationRule[]): Map<string, AssociationRule[]> {
  let index = rulesIndex.get(rules);
  if (!index) {
    index = new Map();
    for (const rule of rules)
      for (const sku of rule.antecedent) index.set(sku, [...(index.get(sku) ?? []), rule]);
    rulesIndex.set(rules, index);
  }
  return index;
}

const inStock = (catalog: OfferCatalog, sku: string) => (catalog.products.get(sku)?.stock ?? 0) > 0;

/**
 * The top offers for a shopper. Candidates: rules whose antecedent is covered by what they are
 * looking at, have in the cart or bought, and bundles holding such a product.
 * Dropped: anything out of stock, the product they are looking at or have in the cart, durables
 * they already own
 * (and bundles holding one), the same item twice. Ranked by `score` (see SCORING); a hesitant
 * shopper gets one clear recommendation instead of three.
 */
export function rankOffers(catalog: OfferCatalog, shopper: RankingShopper): ProfileOffer[] {
  const { contextSku, owned } = shopper;
  const cart = shopper.cart ?? new Set<string>();
  const focusOf = (skus: readonly string[]): Focus =>
    contextSku !== null && skus.includes(contextSku)
      ? 'viewing'
      : skus.some((sku) => cart.has(sku))
        ? 'cart'
        : null;
  const premiumFrom = premiumPriceFrom(catalog.products);
  const ownedDurable = (sku: string) =>
    owned.has(sku) && (catalog.products.get(sku)?.durable ?? true);
  const candidates: Candidate[] = [];

  const known = new Set(owned);
  if (contextSku) known.add(contextSku);
  for (const sku of cart) known.add(sku);
  const index = rulesByAntecedentItem(catalog.rules);
  const seen = new Set<AssociationRule>();
  for (const rule of [...known].flatMap((sku) => index.get(sku) ?? [])) {
    if (seen.has(rule)) continue;
    seen.add(rule);
    const sku = rule.consequent[0]!;
    if (sku === contextSku || cart.has(sku) || ownedDurable(sku) || !inStock(catalog, sku))
      continue;
    if (!rule.antecedent.every((a) => known.has(a))) continue;
    candidates.push(ruleCandidate(catalog, rule, focusOf(rule.antecedent), premiumFrom));
  }
  for (const bundle of catalog.bundles) {
    if (bundle.stock <= 0 || !bundle.skus.every((s) => inStock(catalog, s))) continue;
    if (bundle.skus.some(ownedDurable)) continue;
    const focus = focusOf(bundle.skus);
    const anchor =
      focus === 'viewing'
        ? contextSku
        : (bundle.skus.find((s) => (focus === 'cart' ? cart : owned).has(s)) ?? null);
    if (!anchor) continue;
    const evidence = Math.max(
      0,
      ...(index.get(anchor) ?? [])
        .filter((r) => r.antecedent.length === 1 && bundle.skus.includes(r.consequent[0]!))
        .map((r) => r.lift),
    );
    candidates.push(
      bundleCandidate(catalog, bundle, { sku: anchor, focus }, premiumFrom, evidence),
    );
  }

  const scored = candidates
    .map((c) => ({ c, score: score(c, shopper, false).score }))
    .sort((a, b) => b.score - a.score || (a.c.key < b.c.key ? -1 : a.c.key > b.c.key ? 1 : 0));
  const limit = shopper.personality === 'hesitant' ? 1 : MAX_OFFERS;
  const offers: ProfileOffer[] = [];
  const taken = new Set<string>();
  for (const { c } of scored) {
    if (offers.length >= limit) break;
    if (taken.has(c.key)) continue; // a weaker rule for the same item
    taken.add(c.key);
    const { score: value, ranking } = score(c, shopper, true);
    offers.push({ ...c.offer(), score: value, ranking: ranking! });
  }
  return offers;
}
