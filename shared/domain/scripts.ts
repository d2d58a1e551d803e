import type { Bilingual } from '../schemas/profile';

/*
 * The vocabulary of the script library (话术库): which locale, scenario, conversation stage
 * and objection-handling technique a script belongs to, with the labels and steps the console
 * and the editor show. Objection categories live in `objection-categories.ts`.
 */

export const scriptLocales = ['zh-CN', 'en'] as const;
export type ScriptLocale = (typeof scriptLocales)[number];

/** The conversation stages, in the order a sale goes through them. */
export const conversationStages = [
  'greet',
  'discover',
  'recommend',
  'handle_objection',
  'close',
  'after_sales',
] as const;
export type ConversationStage = (typeof conversationStages)[number];

export interface StageInfo {
  label: Bilingual;
  /** What the agent is after in this stage. */
  goal: Bilingual;
}

export const stageInfo: Record<ConversationStage, StageInfo> = {
  greet: {
    label: { en: 'Greet', 'zh-CN': '欢迎问候' },
    goal: {
      en: 'Answer fast and warmly; invite the question.',
      'zh-CN': '秒回、热情，引导顾客说出需求。',
    },
  },
  discover: {
    label: { en: 'Discover needs', 'zh-CN': '挖掘需求' },
    goal: {
      en: 'Find the use, the room and the worry; take what the order history already says.',
      'zh-CN': '弄清用途、场景和顾虑；历史订单里有的就别再问。',
    },
  },
  recommend: {
    label: { en: 'Recommend', 'zh-CN': '推荐商品' },
    goal: {
      en: 'One clear recommendation with a reason, then what goes with it.',
      'zh-CN': '给出一个明确推荐并说明理由，再做关联推荐。',
    },
  },
  handle_objection: {
    label: { en: 'Handle objections', 'zh-CN': '处理异议' },
    goal: {
      en: 'Find the real objection behind the words and answer that one.',
      'zh-CN': '找到借口背后真正的异议，针对它来回应。',
    },
  },
  close: {
    label: { en: 'Close', 'zh-CN': '促成下单' },
    goal: {
      en: 'Confirm the order, address and payment; no pressure.',
      'zh-CN': '确认订单、地址和付款，不施压。',
    },
  },
  after_sales: {
    label: { en: 'After-sales', 'zh-CN': '售后服务' },
    goal: {
      en: 'Solve it fast, follow up, and earn the next order.',
      'zh-CN': '快速解决、主动跟进，赢得下一单。',
    },
  },
};

/** The service scenarios of the seeds; the library holds one file per scenario and locale. */
export const scriptScenarios = [
  'greeting',
  'needs_discovery',
  'recommendation',
  'bundle_pitch',
  'bargaining',
  'order_confirmation',
  'payment_reminder',
  'shipping',
  'returns',
  'complaint',
  'review_invitation',
  'follow_up',
  'member_upgrade',
] as const;
export type ScriptScenario = (typeof scriptScenarios)[number];

export interface ScenarioInfo {
  label: Bilingual;
  /** The stage the scenario usually happens in; a script may sit elsewhere. */
  stage: ConversationStage;
}

export const scenarioInfo: Record<ScriptScenario, ScenarioInfo> = {
  greeting: { label: { en: 'Greeting', 'zh-CN': '欢迎语' }, stage: 'greet' },
  needs_discovery: { label: { en: 'Needs discovery', 'zh-CN': '需求挖掘' }, stage: 'discover' },
  recommendation: { label: { en: 'Recommendation', 'zh-CN': '商品推荐' }, stage: 'recommend' },
  bundle_pitch: { label: { en: 'Bundle pitch', 'zh-CN': '套餐推荐' }, stage: 'recommend' },
  bargaining: { label: { en: 'Bargaining', 'zh-CN': '议价' }, stage: 'handle_objection' },
  order_confirmation: {
    label: { en: 'Order confirmation', 'zh-CN': '核对订单' },
    stage: 'close',
  },
  payment_reminder: { label: { en: 'Payment reminder', 'zh-CN': '催付' }, stage: 'close' },
  shipping: { label: { en: 'Shipping', 'zh-CN': '物流查询' }, stage: 'after_sales' },
  returns: { label: { en: 'Returns and refunds', 'zh-CN': '退换货' }, stage: 'after_sales' },
  complaint: { label: { en: 'Complaint', 'zh-CN': '投诉处理' }, stage: 'after_sales' },
  review_invitation: {
    label: { en: 'Review invitation', 'zh-CN': '好评邀请' },
    stage: 'after_sales',
  },
  follow_up: { label: { en: 'Follow-up', 'zh-CN': '回访' }, stage: 'after_sales' },
  member_upgrade: { label: { en: 'Member upgrade', 'zh-CN': '会员升级' }, stage: 'after_sales' },
};

/** How a script works on the shopper. LAER and SPIN are split into their steps. */
export const scriptTechniques = [
  'laer_listen',
  'laer_acknowledge',
  'laer_explore',
  'laer_respond',
  'feel_felt_found',
  'value_reframe',
  'gift_not_discount',
  'bundle_offer',
  'social_proof',
  'guarantee',
  'honest_urgency',
  'excuse_test',
  'spin_situation',
  'spin_problem',
  'spin_implication',
  'spin_need_payoff',
  'complaint_recovery',
  'plain',
] as const;
export type ScriptTechnique = (typeof scriptTechniques)[number];

export interface TechniqueStep {
  name: Bilingual;
  /** What the agent does in this step, in a line. */
  does: Bilingual;
}

export interface TechniqueInfo {
  label: Bilingual;
  /** What it is for, in a line. */
  summary: Bilingual;
  steps: TechniqueStep[];
  /** For one step of a method (LAER, SPIN): `steps` are the method's, `step` is this one (0-based). */
  method?: { name: Bilingual; step: number };
}

const laerSteps: TechniqueStep[] = [
  {
    name: { en: 'Listen', 'zh-CN': '倾听' },
    does: { en: 'Let the shopper finish; do not interrupt.', 'zh-CN': '让顾客把话说完，不打断。' },
  },
  {
    name: { en: 'Acknowledge', 'zh-CN': '认同' },
    does: {
      en: 'Say the worry back and that it is fair to have it.',
      'zh-CN': '复述顾客的顾虑，表示理解。',
    },
  },
  {
    name: { en: 'Explore', 'zh-CN': '探询' },
    does: {
      en: 'Ask what is really behind it: the objection or an excuse?',
      'zh-CN': '追问背后的真实原因：是异议还是借口？',
    },
  },
  {
    name: { en: 'Respond', 'zh-CN': '回应' },
    does: {
      en: 'Answer that real concern with facts or an offer.',
      'zh-CN': '针对真实顾虑，用事实或方案回应。',
    },
  },
];

const spinSteps: TechniqueStep[] = [
  {
    name: { en: 'Situation', 'zh-CN': '背景问题' },
    does: {
      en: 'Confirm the facts; take them from the order history instead of asking.',
      'zh-CN': '确认现状；历史订单里有的直接用，不重复问。',
    },
  },
  {
    name: { en: 'Problem', 'zh-CN': '难点问题' },
    does: { en: 'Ask what bothers them about it now.', 'zh-CN': '问出顾客现在的困扰。' },
  },
  {
    name: { en: 'Implication', 'zh-CN': '暗示问题' },
    does: {
      en: 'Let them see what the problem costs if it stays.',
      'zh-CN': '让顾客意识到问题不解决的影响。',
    },
  },
  {
    name: { en: 'Need-payoff', 'zh-CN': '需求效益问题' },
    does: {
      en: 'Ask how much solving it would help; they sell it to themselves.',
      'zh-CN': '问解决后有什么好处，让顾客自己说出价值。',
    },
  },
];

const laer = { en: 'LAER', 'zh-CN': 'LAER 异议处理法' };
const spin = { en: 'SPIN questions', 'zh-CN': 'SPIN 提问法' };

export const techniqueInfo: Record<ScriptTechnique, TechniqueInfo> = {
  laer_listen: {
    label: { en: 'LAER: listen', 'zh-CN': 'LAER：倾听' },
    summary: {
      en: 'Let the shopper say it all before answering.',
      'zh-CN': '先让顾客把顾虑说完。',
    },
    steps: laerSteps,
    method: { name: laer, step: 0 },
  },
  laer_acknowledge: {
    label: { en: 'LAER: acknowledge', 'zh-CN': 'LAER：认同' },
    summary: {
      en: 'Show you understood the worry before answering it.',
      'zh-CN': '先表示理解，再回应。',
    },
    steps: laerSteps,
    method: { name: laer, step: 1 },
  },
  laer_explore: {
    label: { en: 'LAER: explore', 'zh-CN': 'LAER：探询' },
    summary: {
      en: 'Ask what is behind the objection.',
      'zh-CN': '问清异议背后的原因。',
    },
    steps: laerSteps,
    method: { name: laer, step: 2 },
  },
  laer_respond: {
    label: { en: 'LAER: respond', 'zh-CN': 'LAER：回应' },
    summary: {
      en: 'Answer the real concern, with facts or a remedy.',
      'zh-CN': '针对真实顾虑给出答案或方案。',
    },
    steps: laerSteps,
    method: { name: laer, step: 3 },
  },
  feel_felt_found: {
    label: { en: 'Feel, felt, found', 'zh-CN': '感受-同感-发现' },
    summary: {
      en: 'Others felt the same, and found it was worth it.',
      'zh-CN': '别人也有过同样的顾虑，用过后发现值得。',
    },
    steps: [
      {
        name: { en: 'Feel', 'zh-CN': '感受' },
        does: { en: 'I understand how you feel.', 'zh-CN': '理解您的感受。' },
      },
      {
        name: { en: 'Felt', 'zh-CN': '同感' },
        does: {
          en: 'Many customers felt the same at first.',
          'zh-CN': '很多顾客一开始也这么想。',
        },
      },
      {
        name: { en: 'Found', 'zh-CN': '发现' },
        does: {
          en: 'What they found after using it (true, specific).',
          'zh-CN': '他们用过之后发现……（真实、具体）。',
        },
      },
    ],
  },
  value_reframe: {
    label: { en: 'Value reframe', 'zh-CN': '价值重塑' },
    summary: {
      en: 'Move the talk from the price to what it gives: per day, per year, against the cost of not having it.',
      'zh-CN': '把话题从价格转到价值：折算到每天、每年，对比不用它的代价。',
    },
    steps: [
      {
        name: { en: 'Accept', 'zh-CN': '接住' },
        does: { en: 'Agree price matters.', 'zh-CN': '认同价格确实重要。' },
      },
      {
        name: { en: 'Break down', 'zh-CN': '拆分' },
        does: {
          en: 'Spread the price over its lifetime or use.',
          'zh-CN': '把价格摊到使用天数或次数上。',
        },
      },
      {
        name: { en: 'Compare', 'zh-CN': '对比' },
        does: {
          en: 'Set it against the cost of a cheaper option or of doing without.',
          'zh-CN': '对比便宜货或不用的代价。',
        },
      },
    ],
  },
  gift_not_discount: {
    label: { en: 'Gift instead of discount', 'zh-CN': '送赠品不降价' },
    summary: {
      en: 'Hold the price; give a gift, free shipping or a coupon instead (议价: 送赠品/包邮/优惠券).',
      'zh-CN': '守住价格，用赠品、包邮或优惠券代替降价。',
    },
    steps: [
      {
        name: { en: 'Hold the price', 'zh-CN': '守价' },
        does: {
          en: 'Explain kindly why the price is fixed.',
          'zh-CN': '礼貌说明价格已经是活动价。',
        },
      },
      {
        name: { en: 'Give something', 'zh-CN': '送出' },
        does: {
          en: 'Offer a gift, free shipping or a coupon.',
          'zh-CN': '送赠品、包邮或优惠券。',
        },
      },
      {
        name: { en: 'Ask to order', 'zh-CN': '促单' },
        does: { en: 'Invite the order now.', 'zh-CN': '顺势邀请下单。' },
      },
    ],
  },
  bundle_offer: {
    label: { en: 'Bundle offer', 'zh-CN': '套餐搭配' },
    summary: {
      en: 'Offer the set that saves money against buying the items one by one.',
      'zh-CN': '推荐组合套餐，比单买更划算。',
    },
    steps: [
      {
        name: { en: 'Link the need', 'zh-CN': '关联需求' },
        does: {
          en: 'Say why the items belong together.',
          'zh-CN': '说明几件商品为什么要一起用。',
        },
      },
      {
        name: { en: 'Show the saving', 'zh-CN': '算账' },
        does: {
          en: 'Bundle price against the items bought alone.',
          'zh-CN': '套餐价对比单买合计。',
        },
      },
      {
        name: { en: 'Let them choose', 'zh-CN': '给选择' },
        does: {
          en: 'The set or the single item, their call.',
          'zh-CN': '套餐还是单品，让顾客选。',
        },
      },
    ],
  },
  social_proof: {
    label: { en: 'Social proof', 'zh-CN': '从众效应' },
    summary: {
      en: 'What other buyers chose and said, in true numbers.',
      'zh-CN': '用真实的销量和评价说话。',
    },
    steps: [
      {
        name: { en: 'Point to others', 'zh-CN': '举例' },
        does: {
          en: 'Real reviews, sales or repeat buyers.',
          'zh-CN': '真实评价、销量或回购。',
        },
      },
      {
        name: { en: 'Relate', 'zh-CN': '对号' },
        does: {
          en: 'Pick buyers in the same situation.',
          'zh-CN': '挑和顾客情况相似的例子。',
        },
      },
    ],
  },
  guarantee: {
    label: { en: 'Guarantee', 'zh-CN': '售后保障' },
    summary: {
      en: 'Take the risk away: 7-day no-reason returns, warranty, return shipping cover.',
      'zh-CN': '降低顾客风险：7天无理由退换、质保、运费险。',
    },
    steps: [
      {
        name: { en: 'Name the risk', 'zh-CN': '点出顾虑' },
        does: { en: 'Say what they fear out loud.', 'zh-CN': '说出顾客担心的风险。' },
      },
      {
        name: { en: 'Remove it', 'zh-CN': '给出保障' },
        does: {
          en: 'State the guarantee exactly; promise nothing more.',
          'zh-CN': '准确说明保障内容，不多承诺。',
        },
      },
    ],
  },
  honest_urgency: {
    label: { en: 'Honest urgency', 'zh-CN': '真实限时' },
    summary: {
      en: 'A real deadline or stock level, said once, never invented.',
      'zh-CN': '真实的截止时间或库存，点到为止，绝不编造。',
    },
    steps: [
      {
        name: { en: 'State the fact', 'zh-CN': '陈述事实' },
        does: {
          en: 'When the offer ends or how much stock is left.',
          'zh-CN': '活动何时结束、库存还剩多少。',
        },
      },
      {
        name: { en: 'Leave the choice', 'zh-CN': '不施压' },
        does: {
          en: 'Let them decide; no pressure.',
          'zh-CN': '把决定权留给顾客。',
        },
      },
    ],
  },
  excuse_test: {
    label: { en: 'Excuse test', 'zh-CN': '辨别借口' },
    summary: {
      en: '"If we solve this, would you order today?" separates an objection from an excuse.',
      'zh-CN': '“这个问题解决了，您今天就能定吗？”分辨异议和借口。',
    },
    steps: [
      {
        name: { en: 'Isolate', 'zh-CN': '锁定' },
        does: {
          en: 'Ask whether this is the only thing in the way.',
          'zh-CN': '问这是不是唯一的顾虑。',
        },
      },
      {
        name: { en: 'Condition', 'zh-CN': '假设成交' },
        does: {
          en: 'If it is solved, would they order?',
          'zh-CN': '如果解决了，是否就下单？',
        },
      },
    ],
  },
  spin_situation: {
    label: { en: 'SPIN: situation', 'zh-CN': 'SPIN：背景问题' },
    summary: { en: 'Confirm the facts of their situation.', 'zh-CN': '确认顾客现状。' },
    steps: spinSteps,
    method: { name: spin, step: 0 },
  },
  spin_problem: {
    label: { en: 'SPIN: problem', 'zh-CN': 'SPIN：难点问题' },
    summary: { en: 'Find what bothers them.', 'zh-CN': '找出顾客的困扰。' },
    steps: spinSteps,
    method: { name: spin, step: 1 },
  },
  spin_implication: {
    label: { en: 'SPIN: implication', 'zh-CN': 'SPIN：暗示问题' },
    summary: { en: 'Show what the problem leads to.', 'zh-CN': '点出问题带来的影响。' },
    steps: spinSteps,
    method: { name: spin, step: 2 },
  },
  spin_need_payoff: {
    label: { en: 'SPIN: need-payoff', 'zh-CN': 'SPIN：需求效益' },
    summary: { en: 'Let them state the value of solving it.', 'zh-CN': '让顾客说出解决后的价值。' },
    steps: spinSteps,
    method: { name: spin, step: 3 },
  },
  complaint_recovery: {
    label: { en: 'Complaint recovery', 'zh-CN': '投诉处理四步' },
    summary: {
      en: 'Calm, confirm, remedy, follow up: a complaint solved fast brings most customers back.',
      'zh-CN': '安抚、确认、补救、跟进：投诉快速解决，大多数顾客会回来。',
    },
    steps: [
      {
        name: { en: 'Calm', 'zh-CN': '安抚' },
        does: { en: 'Apologise first; no arguing.', 'zh-CN': '先道歉，不争辩。' },
      },
      {
        name: { en: 'Confirm', 'zh-CN': '确认' },
        does: {
          en: 'Repeat the problem and the order to be sure.',
          'zh-CN': '复述问题、核对订单。',
        },
      },
      {
        name: { en: 'Remedy', 'zh-CN': '补救' },
        does: {
          en: 'Offer a concrete fix and when it happens.',
          'zh-CN': '给出具体方案和时间。',
        },
      },
      {
        name: { en: 'Follow up', 'zh-CN': '跟进' },
        does: { en: 'Come back to check it is solved.', 'zh-CN': '事后回访确认已解决。' },
      },
    ],
  },
  plain: {
    label: { en: 'Plain service', 'zh-CN': '常规服务' },
    summary: {
      en: 'A clear, friendly message with no particular technique.',
      'zh-CN': '清楚、友好的常规回复。',
    },
    steps: [],
  },
};

/** The A/B version that is the script's own `text`. */
export const BASE_VARIANT_ID = 'base';

export interface ScriptVersion {
  id: string;
  text: string;
  weight: number;
}

/**
 * The versions an A/B test picks from: the script's own text (id `base`, weight 1) and its
 * variants, each picked with probability weight ÷ total weight.
 */
export function scriptVersions(script: {
  text: string;
  variants: Array<{ id: string; text: string; weight: number }>;
}): ScriptVersion[] {
  return [{ id: BASE_VARIANT_ID, text: script.text, weight: 1 }, ...script.variants];
}
