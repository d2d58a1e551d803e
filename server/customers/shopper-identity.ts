import { RoutingPriority } from '../routing/chat-routing';
import { Customer } from './customer-model';

const vipTiers = new Set(['gold', 'diamond']);

/**
 * How a chat's shopper is named and queued: a verified shop customer by name, with VIP
 * (gold/diamond) members ahead in the queue; an anonymous visitor by a short tag.
 */
export async function shopperForChat(visitor: {
  visitorId: string;
  customerId: string | null;
  locale: 'zh-CN' | 'en';
}): Promise<{ name: string; priority: number }> {
  if (visitor.customerId) {
    const customer = await Customer.findOne(
      { customerId: visitor.customerId },
      { name: 1, memberTier: 1 },
    ).lean();
    if (customer) {
      return {
        name: customer.name,
        priority: vipTiers.has(customer.memberTier) ? RoutingPriority.vip : RoutingPriority.normal,
      };
    }
  }
  const tag = visitor.visitorId.replace(/-/g, '').slice(-4).toUpperCase();
  return {
    name: visitor.locale === 'zh-CN' ? `访客 ${tag}` : `Visitor ${tag}`,
    priority: RoutingPriority.normal,
  };
}
