import {
  compileObjectionDetector,
  detectObjections,
} from '../../../../../shared/domain/objections';
import { objectionPhraseListSchema } from '../../../../../shared/schemas/objection-phrases';
import type { ConversationView } from '../../../../../shared/schemas/conversation';
import type { Objections } from './guidance-data';
import type { LibraryScript } from './rank-scripts';

/** Small phrase lists for component tests (the real ones live in scripts-library/). */
export const testPhraseLists = [
  objectionPhraseListSchema.parse({
    language: 'zh-CN',
    unit: 'character',
    negation: { cues: ['不'] },
    categories: {
      price: { phrases: ['太…贵', '便宜点'] },
      shipping: { phrases: ['包邮'] },
    },
  }),
  objectionPhraseListSchema.parse({
    language: 'en',
    unit: 'word',
    negation: { cues: ['not'] },
    categories: { price: { phrases: ['too expensive'] } },
  }),
];

export function testObjections(): Objections {
  const detector = compileObjectionDetector(testPhraseLists);
  return {
    detect: (m) => detectObjections(detector, m.author.kind === 'shopper' ? m.text : ''),
    categories: (m) =>
      m.author.kind === 'shopper' ? detectObjections(detector, m.text).categories : [],
  };
}

export const testConversationId = '0b9a2c1e-8f3d-4c6a-9e2b-7d5f1a3c4e6b';

export const testConversation: ConversationView = {
  id: testConversationId,
  status: 'active',
  visitorId: 'v1',
  customerId: 'C000007',
  shopperName: '李雷',
  skill: 'general',
  priority: 0,
  locale: 'zh-CN',
  assignee: { id: 'amy', name: 'Amy' },
  context: { sku: 'HUM-001' },
  lastSeq: 0,
  readSeq: { shopper: 0, agent: 0 },
  lastMessageAt: null,
  lastMessagePreview: '',
  createdAt: '2025-03-01T10:00:00Z',
  queuedAt: null,
};

const base = { variants: [], tags: [], personalities: [], version: 1 };

export const testScripts: Record<'zh-CN' | 'en', LibraryScript[]> = {
  'zh-CN': [
    {
      ...base,
      id: 'greet-hello',
      locale: 'zh-CN',
      scenario: 'greeting',
      stage: 'greet',
      technique: 'plain',
      title: '欢迎',
      text: '{{customer.name}}您好，我是{{agent.name}}，欢迎光临{{shop.name}}！',
    },
    {
      ...base,
      id: 'price-value-per-day',
      locale: 'zh-CN',
      scenario: 'bargaining',
      stage: 'handle_objection',
      objection: 'price',
      technique: 'value_reframe',
      personalities: ['frugal'],
      version: 4,
      title: '按天算更划算',
      text: '{{customer.name}}，这款{{product.name}}{{product.price}}，用三年摊到每天很少。活动到{{offer.validTo}}。',
      tags: ['性价比'],
    },
    {
      ...base,
      id: 'price-acknowledge',
      locale: 'zh-CN',
      scenario: 'bargaining',
      stage: 'handle_objection',
      objection: 'price',
      technique: 'laer_acknowledge',
      version: 2,
      title: '先认同顾虑',
      text: '理解您，{{product.price}}确实不是小数目。',
    },
  ],
  en: [
    {
      ...base,
      id: 'price-acknowledge',
      locale: 'en',
      scenario: 'bargaining',
      stage: 'handle_objection',
      objection: 'price',
      technique: 'laer_acknowledge',
      version: 2,
      title: 'Acknowledge first',
      text: 'I hear you, {{product.price}} is not nothing.',
    },
    {
      ...base,
      id: 'shipping-free',
      locale: 'en',
      scenario: 'shipping',
      stage: 'after_sales',
      objection: 'shipping',
      technique: 'plain',
      title: 'Free shipping over ¥99',
      text: 'Shipping is free for orders over ¥99, {{customer.name}}.',
      tags: ['delivery'],
    },
  ],
};
