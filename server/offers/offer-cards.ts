import { trusted } from 'mongoose';
import { ErrorCode } from '../../shared/errors';
import type { OfferCard, SendOfferInput } from '../../shared/schemas/offer-card';
import { Product } from '../customers/product-model';
import { AppError } from '../errors';
import { Bundle } from './bundle-model';

const round2 = (n: number) => Math.round(n * 100) / 100;
const yuan = (n: number) => `¥${n.toFixed(2)}`;

function unavailable(what: string): never {
  throw new AppError(ErrorCode.OfferUnavailable, `${what} cannot be offered right now.`);
}

/**
 * The card for an offer an agent picked, built from the catalogue as it is now: the price the
 * shopper sees is the shop's, never the agent's client's. Out of stock, inactive or expired
 * offers are refused.
 */
export async function buildOfferCard(
  choice: SendOfferInput['offer'],
  now = new Date(),
): Promise<OfferCard> {
  if (choice.kind === 'product') {
    const product = await Product.findOne({ sku: choice.sku }).lean();
    if (!product || product.stock <= 0) unavailable(`The product ${choice.sku}`);
    const item = {
      sku: product.sku,
      name: { en: product.name.en, 'zh-CN': product.name.zhCN },
      price: product.price,
      imageUrl: product.imageUrl,
    };
    return {
      kind: 'product',
      sku: product.sku,
      title: item.name,
      items: [item],
      listPrice: product.price,
      price: product.price,
      imageUrl: product.imageUrl,
      response: null,
    };
  }

  const bundle = await Bundle.findOne({ bundleId: choice.bundleId }).lean();
  if (!bundle || !bundle.active || bundle.stock <= 0) unavailable(`The bundle ${choice.bundleId}`);
  if (bundle.validFrom > now || bundle.validTo < now) unavailable(`The bundle ${choice.bundleId}`);
  const products = await Product.find({ sku: trusted({ $in: bundle.skus }) }).lean();
  const bySku = new Map(products.map((p) => [p.sku, p]));
  const items = bundle.skus.map((sku) => {
    const product = bySku.get(sku);
    if (!product || product.stock <= 0) unavailable(`The bundle ${choice.bundleId}`);
    return {
      sku,
      name: { en: product.name.en, 'zh-CN': product.name.zhCN },
      price: product.price,
      imageUrl: product.imageUrl,
    };
  });
  return {
    kind: 'bundle',
    bundleId: bundle.bundleId,
    title: { en: bundle.name.en, 'zh-CN': bundle.name.zhCN },
    items,
    listPrice: round2(items.reduce((sum, i) => sum + i.price, 0)),
    price: bundle.bundlePrice,
    imageUrl: items[0]!.imageUrl,
    validTo: bundle.validTo.toISOString(),
    response: null,
  };
}

/** The card as one line of text: chat previews, notifications and transcripts show this. */
export function offerCardText(card: OfferCard, locale: 'zh-CN' | 'en'): string {
  const title = card.title[locale];
  const saving = card.listPrice > card.price;
  if (locale === 'zh-CN') {
    const head = card.kind === 'bundle' ? '【套餐推荐】' : '【推荐商品】';
    return `${head}${title} ${yuan(card.price)}${saving ? `（原价 ${yuan(card.listPrice)}）` : ''}`;
  }
  const head = card.kind === 'bundle' ? 'Bundle offer' : 'Recommended';
  return `${head}: ${title} ${yuan(card.price)}${saving ? ` (list ${yuan(card.listPrice)})` : ''}`;
}
