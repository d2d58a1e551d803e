import type { Bilingual } from '../schemas/profile';
import type { ObjectionCategory } from './objection-categories';

/** How the console and reports name each objection category (客户异议), in both UI languages. */
export const objectionLabels: Record<ObjectionCategory, Bilingual> = {
  price: { en: 'Price', 'zh-CN': '价格异议' },
  quality: { en: 'Quality & trust', 'zh-CN': '质量/信任' },
  fit: { en: 'Need & fit', 'zh-CN': '需求/适用' },
  hesitation: { en: 'Hesitation', 'zh-CN': '犹豫拖延' },
  competitor: { en: 'Competitor', 'zh-CN': '竞品比价' },
  shipping: { en: 'Shipping', 'zh-CN': '物流配送' },
  after_sales: { en: 'After-sales worry', 'zh-CN': '售后顾虑' },
};
