import type { Bilingual } from '../schemas/profile';

/** The eight service personalities of the seeds ("different types of customers"). */
export const personalities = [
  'hesitant',
  'irritable',
  'silent',
  'frugal',
  'vain',
  'bargainHunting',
  'talkative',
  'rationalDebater',
] as const;
export type Personality = (typeof personalities)[number];

export interface PersonalityInfo {
  label: Bilingual;
  /** What the agent should do with such a shopper. */
  advice: Bilingual;
  /** What the offers favour for them (shown as part of an offer's ranking reason). */
  prefers: 'bundle' | 'premium' | 'single' | null;
}

export const personalityInfo: Record<Personality, PersonalityInfo> = {
  hesitant: {
    label: { en: 'Hesitant', 'zh-CN': '犹豫不决型' },
    advice: {
      en: 'Give one clear recommendation, cut the choices down, and reassure with guarantees (7-day no-reason returns).',
      'zh-CN': '给出一个明确的推荐，减少选择，用保障打消顾虑（7天无理由退换）。',
    },
    prefers: 'single',
  },
  irritable: {
    label: { en: 'Irritable', 'zh-CN': '脾气暴躁型' },
    advice: {
      en: 'Apologise first, be fast and brief, never argue; solve the problem before offering anything.',
      'zh-CN': '先道歉，回复要快、要简短，绝不争辩；先解决问题，再谈推荐。',
    },
    prefers: null,
  },
  silent: {
    label: { en: 'Silent', 'zh-CN': '沉默寡言型' },
    advice: {
      en: 'Ask closed questions and offer two or three options they can pick from with one word.',
      'zh-CN': '多问封闭式问题，给出两三个选项，让顾客一句话就能选。',
    },
    prefers: null,
  },
  frugal: {
    label: { en: 'Frugal', 'zh-CN': '节约俭朴型' },
    advice: {
      en: 'Talk value for money: bundles, coupons and the saving in yuan rather than premium features.',
      'zh-CN': '强调性价比：推荐套餐、优惠券，讲清能省多少钱，少谈高端卖点。',
    },
    prefers: 'bundle',
  },
  vain: {
    label: { en: 'Status-conscious', 'zh-CN': '虚荣心强型' },
    advice: {
      en: 'Recommend premium items, praise their taste, and mention member privileges.',
      'zh-CN': '推荐高端款，真诚称赞顾客的眼光，提及会员专属权益。',
    },
    prefers: 'premium',
  },
  bargainHunting: {
    label: { en: 'Bargain hunter', 'zh-CN': '贪小便宜型' },
    advice: {
      en: 'Offer a gift, free shipping or a bundle instead of cutting the price.',
      'zh-CN': '用赠品、包邮或套餐代替直接降价。',
    },
    prefers: 'bundle',
  },
  talkative: {
    label: { en: 'Talkative', 'zh-CN': '滔滔不绝型' },
    advice: {
      en: 'Listen, then steer back to the purchase politely with a concrete question.',
      'zh-CN': '耐心倾听，再用一个具体问题礼貌地把话题拉回购买。',
    },
    prefers: null,
  },
  rationalDebater: {
    label: { en: 'Rational debater', 'zh-CN': '理智好辩型' },
    advice: {
      en: 'Answer with facts, specifications and comparisons; do not push, let the numbers speak.',
      'zh-CN': '用事实、参数和对比说话；不要硬推，让数据说服顾客。',
    },
    prefers: null,
  },
};

export function isPersonality(value: unknown): value is Personality {
  return typeof value === 'string' && (personalities as readonly string[]).includes(value);
}
