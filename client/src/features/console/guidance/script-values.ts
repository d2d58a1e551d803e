import type { ScriptLocale } from '../../../../../shared/domain/scripts';
import type { TemplateValues } from '../../../../../shared/domain/template';
import type { ProductView } from '../../../../../shared/schemas/catalog';
import type { ProfileOffer, ProfileResponse } from '../../../../../shared/schemas/profile';

/** ¥239, ¥12.50: money as the scripts write it, in either language. */
export function scriptMoney(amount: number): string {
  return `¥${Number.isInteger(amount) ? amount : amount.toFixed(2)}`;
}

export interface ScriptValueSources {
  locale: ScriptLocale;
  profile?: ProfileResponse;
  /** The signed-in agent's display name. */
  agentName: string;
  shopName: string;
  /** The member tier's name in the script's language. */
  tierLabel?: (tier: 'regular' | 'silver' | 'gold' | 'diamond') => string;
  /** The product the shopper is looking at (conversation.context.sku). */
  sku?: string;
  products?: readonly ProductView[];
}

function offerValues(offer: ProfileOffer | undefined, locale: ScriptLocale): TemplateValues {
  if (!offer) return {};
  const title = offer.items.map((item) => item.name[locale]).join(locale === 'zh-CN' ? '+' : ' + ');
  if (offer.kind === 'bundle') {
    const { bundlePrice, listPrice } = offer;
    return {
      'offer.title': title,
      'offer.price': bundlePrice === undefined ? undefined : scriptMoney(bundlePrice),
      'offer.listPrice': listPrice === undefined ? undefined : scriptMoney(listPrice),
      'offer.saving':
        bundlePrice !== undefined && listPrice !== undefined && listPrice > bundlePrice
          ? scriptMoney(Math.round((listPrice - bundlePrice) * 100) / 100)
          : undefined,
    };
  }
  return {
    'offer.title': title,
    'offer.price': offer.price === undefined ? undefined : scriptMoney(offer.price),
  };
}

/**
 * The template values the console knows for a chat, in the script's language: the customer
 * (name, tier, points), the agent, the shop, the product in view (catalogue, else a name from
 * the profile's offers and orders) and the profile's top offer. What is unknown stays out, so
 * the script shows it as missing.
 */
export function scriptValues(sources: ScriptValueSources): TemplateValues {
  const { locale, profile } = sources;
  const values: TemplateValues = {
    'agent.name': sources.agentName,
    'shop.name': sources.shopName,
  };
  if (profile?.customer) {
    const { customer } = profile;
    values['customer.name'] = customer.name;
    values['customer.tier'] = sources.tierLabel?.(customer.tier);
    values['customer.points'] = customer.points.toLocaleString(locale);
  }
  if (sources.sku) {
    const product = sources.products?.find((p) => p.sku === sources.sku);
    if (product) {
      values['product.name'] = locale === 'zh-CN' ? product.name.zhCN : product.name.en;
      values['product.price'] = scriptMoney(product.price);
      values['product.stock'] = product.stock;
    } else {
      const known = [
        ...(profile?.offers ?? []).flatMap((o) => o.items),
        ...(profile?.customer ? profile.orders.flatMap((o) => o.items) : []),
      ].find((item) => item.sku === sources.sku);
      if (known) values['product.name'] = known.name[locale];
    }
  }
  Object.assign(values, offerValues(profile?.offers[0], locale));
  return values;
}
