import { describe, expect, it } from 'vitest';
import type { QualityFlag } from '../schemas/outcome';
import { qualityRulesSchema, type QualityRules } from '../schemas/quality-rules';
import {
  checkConversationQuality,
  enDuration,
  zhDuration,
  type QualityCheckMessage,
  type QualityLocale,
} from './quality-checks';

// The clock: every message is placed at a whole number of seconds after T0.
const T0 = Date.UTC(2025, 0, 6, 2, 0, 0);
const at = (seconds: number) => new Date(T0 + seconds * 1000);

const none = { 'zh-CN': [], en: [] };
const baseRules: QualityRules = qualityRulesSchema.parse({
  slow_first_response: { enabled: true, severity: 'warning', thresholdSeconds: 60 },
  slow_reply: { enabled: true, severity: 'warning', thresholdSeconds: 180 },
  long_silence: { enabled: true, severity: 'info', thresholdSeconds: 600 },
  risky_phrase: {
    enabled: true,
    severity: 'critical',
    lists: {
      absolute_claims: {
        phrases: {
          'zh-CN': ['最', '全网最', '最低价', '第一', '国家级', '100%'],
          en: ['best', 'first', 'number one', '100%'],
        },
        except: {
          'zh-CN': ['最近', '最后', '第一次', '第一时间'],
          en: ['at first', 'best regards', 'do our best'],
        },
      },
      unkeepable_promises: {
        phrases: { 'zh-CN': ['保证有效', '终身免费'], en: ['guaranteed to work'] },
        except: none,
      },
      off_platform_payment: {
        phrases: { 'zh-CN': ['加微信转账', '线下付款'], en: ['PayPal me', 'bank transfer to'] },
        except: none,
      },
    },
  },
  shopper_frustration: {
    enabled: true,
    severity: 'warning',
    phrases: { 'zh-CN': ['怎么还不回', '太慢了', '垃圾'], en: ['ridiculous', 'waste of time'] },
    except: { 'zh-CN': ['垃圾袋'], en: [] },
    repeatedPunctuation: { enabled: true, minRun: 3 },
  },
  unanswered_objection: { enabled: true, severity: 'warning' },
});

/** A copy of the rules with some rules changed (the rest as in baseRules). */
function rulesWith(changes: {
  [K in keyof QualityRules]?: Partial<QualityRules[K]>;
}): QualityRules {
  const copy = structuredClone(baseRules) as Record<string, object>;
  for (const [rule, change] of Object.entries(changes)) copy[rule] = { ...copy[rule], ...change };
  return qualityRulesSchema.parse(copy);
}

const allDisabled = rulesWith(
  Object.fromEntries(
    Object.keys(baseRules).map((rule) => [rule, { enabled: false }]),
  ) as Parameters<typeof rulesWith>[0],
);

type Line = [seconds: number, author: QualityCheckMessage['authorKind'], text: string];

/** Messages numbered 1, 2, 3… in the order given. */
const transcript = (lines: Line[]): QualityCheckMessage[] =>
  lines.map(([seconds, authorKind, text], i) => ({
    seq: i + 1,
    authorKind,
    text,
    createdAt: at(seconds),
  }));

// A stand-in for the objection detector: 贵/expensive → price, 多久到/how long → shipping.
const objectionsOf = (text: string) => [
  ...(/贵|expensive/i.test(text) ? ['price'] : []),
  ...(/多久到|how long/i.test(text) ? ['shipping'] : []),
];

function check(
  messages: QualityCheckMessage[],
  closeAfterSeconds: number,
  options: { rules?: QualityRules; locale?: QualityLocale } = {},
): QualityFlag[] {
  return checkConversationQuality({
    messages,
    locale: options.locale ?? 'zh-CN',
    objectionsOf,
    closedAt: at(closeAfterSeconds),
    rules: options.rules ?? baseRules,
  });
}

const only = (flags: QualityFlag[], rule: string) => flags.filter((f) => f.rule === rule);

describe('slow_first_response', () => {
  it('flags the agent reply that came 4 min 10 s after the first shopper message', () => {
    // Shopper at 0 s, agent at 250 s: 250 s = 4 min 10 s > 60 s.
    const flags = check(
      transcript([
        [0, 'shopper', '在吗'],
        [250, 'agent', '亲，在的'],
      ]),
      260,
    );
    expect(flags).toEqual([
      {
        rule: 'slow_first_response',
        severity: 'warning',
        reason: {
          'zh-CN': '首次响应用时 4 分 10 秒（上限 1 分钟）',
          en: 'First response took 4 min 10 s (limit 1 min)',
        },
        seq: 2,
      },
    ]);
  });

  it('lets exactly the limit pass and flags a millisecond more, shown rounded up', () => {
    const reply = (ms: number): QualityCheckMessage[] => [
      { seq: 1, authorKind: 'shopper', text: 'hi', createdAt: at(0) },
      { seq: 2, authorKind: 'agent', text: 'hello', createdAt: new Date(T0 + ms) },
    ];
    expect(check(reply(60_000), 70)).toEqual([]);
    // 60.001 s → shown as 61 s = 1 min 1 s.
    expect(check(reply(60_001), 70, { locale: 'en' }).map((f) => f.reason.en)).toEqual([
      'First response took 1 min 1 s (limit 1 min)',
    ]);
  });

  it('times from the first shopper message, not from a greeting sent before it', () => {
    // Greeting at 0 s, shopper at 100 s, reply at 130 s: 30 s ≤ 60 s.
    const flags = check(
      transcript([
        [0, 'agent', '欢迎光临'],
        [100, 'shopper', '加湿器有货吗'],
        [130, 'agent', '有的亲'],
      ]),
      140,
    );
    expect(flags).toEqual([]);
  });

  it('flags the first shopper message when it was never answered and waited past the limit', () => {
    // Shopper at 0 s, closed at 90 s: waited 90 s = 1 min 30 s.
    const flags = check(transcript([[0, 'shopper', '有人吗']]), 90);
    expect(flags.map((f) => [f.rule, f.seq, f.reason['zh-CN']])).toEqual([
      [
        'slow_first_response',
        1,
        '买家的第一条消息到会话结束仍未回复，已等待 1 分 30 秒（上限 1 分钟）',
      ],
    ]);
    // Closed after exactly 60 s: no flag.
    expect(check(transcript([[0, 'shopper', '有人吗']]), 60)).toEqual([]);
  });
});

describe('slow_reply', () => {
  const chat = (replyAt: number) =>
    transcript([
      [0, 'shopper', '在吗'],
      [20, 'agent', '在的'],
      [100, 'shopper', '滤芯通用吗'],
      [130, 'shopper', '型号是 HUM-001'],
      [replyAt, 'agent', '通用的'],
    ]);

  it('times a later turn from its first unanswered shopper message', () => {
    // The turn starts at 100 s (not 130 s); reply at 300 s: 200 s = 3 min 20 s > 180 s.
    expect(check(chat(300), 310)).toEqual([
      {
        rule: 'slow_reply',
        severity: 'warning',
        reason: {
          'zh-CN': '回复用时 3 分 20 秒（上限 3 分钟）',
          en: 'Reply took 3 min 20 s (limit 3 min)',
        },
        seq: 5,
      },
    ]);
    // Reply at 280 s: exactly 180 s.
    expect(check(chat(280), 290)).toEqual([]);
  });

  it('flags the shopper message left unanswered at close', () => {
    // Second turn starts at 100 s, close at 400 s: 300 s = 5 min.
    const messages = chat(0).slice(0, 4);
    expect(check(messages, 400).map((f) => [f.rule, f.seq, f.reason.en])).toEqual([
      [
        'slow_reply',
        3,
        "The shopper's message was still unanswered at close after 5 min (limit 3 min)",
      ],
    ]);
  });

  it('does not judge the first turn (that is slow_first_response)', () => {
    const rules = rulesWith({ slow_first_response: { enabled: false } });
    const flags = check(
      transcript([
        [0, 'shopper', '在吗'],
        [250, 'agent', '在的'],
      ]),
      260,
      { rules },
    );
    expect(flags).toEqual([]);
  });
});

describe('long_silence', () => {
  it('flags a gap from either side longer than the limit, and one that runs into the close', () => {
    // Gap 20 → 700 s = 680 s = 11 min 20 s; after 700 s until the close at 1400 s = 700 s.
    const flags = check(
      transcript([
        [0, 'shopper', '在吗'],
        [20, 'agent', '在的，请问需要什么'],
        [700, 'shopper', '我看看'],
        [710, 'agent', '好的'],
      ]),
      1410,
    );
    expect(only(flags, 'long_silence')).toEqual([
      {
        rule: 'long_silence',
        severity: 'info',
        reason: {
          'zh-CN': '此前双方沉默 11 分 20 秒（上限 10 分钟）',
          en: 'No message from either side for 11 min 20 s before this one (limit 10 min)',
        },
        seq: 3,
      },
      {
        rule: 'long_silence',
        severity: 'info',
        reason: {
          'zh-CN': '此后双方沉默 11 分 40 秒 直到会话结束（上限 10 分钟）',
          en: 'No message from either side for 11 min 40 s after this one until the close (limit 10 min)',
        },
        seq: 4,
      },
    ]);
  });

  it('lets a gap of exactly the limit pass', () => {
    const flags = check(
      transcript([
        [0, 'shopper', '在吗'],
        [10, 'agent', '在的'],
        [610, 'shopper', '好'],
        [615, 'agent', '嗯嗯'],
      ]),
      1215,
    );
    expect(only(flags, 'long_silence')).toEqual([]);
  });
});

describe('staff whispers and system messages', () => {
  it('neither answer the shopper, nor break a silence, nor get checked for phrases', () => {
    const messages: QualityCheckMessage[] = [
      { seq: 1, authorKind: 'shopper', text: '在吗', createdAt: at(0) },
      { seq: 2, authorKind: 'system', text: '客服已接入', createdAt: at(5) },
      {
        seq: 3,
        authorKind: 'agent',
        text: '快回复，别说最低价',
        createdAt: at(30),
        visibility: 'staff',
      },
      { seq: 4, authorKind: 'agent', text: '在的亲', createdAt: at(700) },
    ];
    const flags = check(messages, 710);
    // First response 0 → 700 s = 11 min 40 s; the silence 0 → 700 s too (the whisper at 30 s
    // does not count); nothing on the whisper.
    expect(flags.map((f) => [f.rule, f.seq])).toEqual([
      ['slow_first_response', 4],
      ['long_silence', 4],
    ]);
    expect(flags[0]!.reason['zh-CN']).toBe('首次响应用时 11 分 40 秒（上限 1 分钟）');
  });
});

describe('risky_phrase', () => {
  const agentSays = (text: string, locale: QualityLocale = 'zh-CN') =>
    check(
      transcript([
        [0, 'shopper', locale === 'en' ? 'hi' : '在吗'],
        [5, 'agent', text],
      ]),
      10,
      { locale },
    );

  it('names every phrase and its list in both languages', () => {
    const flags = agentSays('这款是全网最低价，国家级品质，保证有效，加微信转账再减10元');
    expect(flags).toEqual([
      {
        rule: 'risky_phrase',
        severity: 'critical',
        reason: {
          'zh-CN':
            '使用了风险用语：「全网最」（广告法禁用的绝对化用语）、「最低价」（广告法禁用的绝对化用语）、' +
            '「国家级」（广告法禁用的绝对化用语）、「保证有效」（无法兑现的承诺）、「加微信转账」（引导站外付款）',
          en:
            'Risky wording: "全网最" (absolute claim banned in ads), "最低价" (absolute claim banned in ads), ' +
            '"国家级" (absolute claim banned in ads), "保证有效" (promise the shop cannot keep), ' +
            '"加微信转账" (payment outside the shop)',
        },
        seq: 2,
      },
    ]);
  });

  it('honours the except list: 最近, 最后, 第一次, 第一时间 do not flag 最 or 第一', () => {
    expect(agentSays('最近很多人买，第一次购买的话我们第一时间发货，最后一件了')).toEqual([]);
    // The same characters outside an exception still flag.
    expect(agentSays('这是最新款，销量第一').map((f) => f.reason['zh-CN'])).toEqual([
      '使用了风险用语：「最」（广告法禁用的绝对化用语）、「第一」（广告法禁用的绝对化用语）',
    ]);
  });

  it('folds case and full-width characters and keeps Latin phrases to whole words', () => {
    // １００％ is 100% in full width.
    expect(agentSays('１００％纯铜电机').map((f) => f.reason['zh-CN'])).toEqual([
      '使用了风险用语：「100%」（广告法禁用的绝对化用语）',
    ]);
    expect(
      agentSays('Best regards! At first it may hum. Our bestseller ships today.', 'en'),
    ).toEqual([]);
    expect(
      agentSays('This is the BEST price, just PayPal me', 'en').map((f) => f.reason.en),
    ).toEqual([
      'Risky wording: "best" (absolute claim banned in ads), "PayPal me" (payment outside the shop)',
    ]);
  });

  it('applies the lists of the conversation language only, and to agent messages only', () => {
    expect(agentSays('best', 'zh-CN')).toEqual([]);
    expect(agentSays('全网最低价', 'en')).toEqual([]);
    const shopperSays = check(
      transcript([
        [0, 'shopper', '你们是全网最低价吗'],
        [5, 'agent', '这款性价比很高'],
      ]),
      10,
    );
    expect(shopperSays).toEqual([]);
  });
});

describe('shopper_frustration', () => {
  const shopperSays = (
    text: string,
    options: { rules?: QualityRules; locale?: QualityLocale } = {},
  ) =>
    check(
      transcript([
        [0, 'shopper', '在吗'],
        [5, 'agent', '在的'],
        [10, 'shopper', text],
        [15, 'agent', '抱歉亲'],
      ]),
      20,
      options,
    );

  it('flags frustration phrases and a run of question or exclamation marks', () => {
    expect(shopperSays('怎么还不回？？？')).toEqual([
      {
        rule: 'shopper_frustration',
        severity: 'warning',
        reason: {
          'zh-CN': '买家表现出不满：「怎么还不回」、「？？？」',
          en: 'The shopper sounds frustrated: "怎么还不回", "？？？"',
        },
        seq: 3,
      },
    ]);
    expect(shopperSays('This is RIDICULOUS!!!', { locale: 'en' }).map((f) => f.reason.en)).toEqual([
      'The shopper sounds frustrated: "ridiculous", "!!!"',
    ]);
  });

  it('counts the run at the limit and not below it; the option can be off', () => {
    expect(shopperSays('真的吗??')).toEqual([]);
    expect(shopperSays('真的吗?!?').map((f) => f.reason['zh-CN'])).toEqual([
      '买家表现出不满：「?!?」',
    ]);
    const off = rulesWith({
      shopper_frustration: {
        ...baseRules.shopper_frustration,
        repeatedPunctuation: { enabled: false, minRun: 3 },
      },
    });
    expect(shopperSays('真的吗？？？', { rules: off })).toEqual([]);
  });

  it('honours its except list', () => {
    expect(shopperSays('送垃圾袋吗')).toEqual([]);
    expect(shopperSays('什么垃圾').map((f) => f.seq)).toEqual([3]);
  });
});

describe('unanswered_objection', () => {
  it('flags a shopper objection that no agent message follows before the close', () => {
    const flags = check(
      transcript([
        [0, 'shopper', '这个太贵了'],
        [10, 'agent', '现在下单送滤芯'],
        [20, 'shopper', '多久到？还是有点贵'],
        [25, 'shopper', '好吧'],
      ]),
      30,
    );
    expect(flags).toEqual([
      {
        rule: 'unanswered_objection',
        severity: 'warning',
        reason: {
          'zh-CN': '买家提出的异议（价格异议、物流配送）到会话结束都没有得到回复',
          en: "The shopper's objection (Price, Shipping) got no reply before the close",
        },
        seq: 3,
      },
    ]);
  });
});

describe('all rules together', () => {
  const messy = transcript([
    [0, 'shopper', '这个太贵了'],
    [250, 'agent', '全网最低价了亲'],
    [1000, 'shopper', '怎么还不回？？？'],
  ]);

  it('reports in transcript order with each rule’s severity', () => {
    // seq 2: first response 250 s; risky phrase. seq 3: silence 750 s; frustration; objection
    // (no, 这个太贵了 was answered by seq 2, and seq 3 raises none); slow reply at close
    // 1000 → 1100 s = 100 s ≤ 180 s.
    expect(check(messy, 1100).map((f) => [f.seq, f.rule, f.severity])).toEqual([
      [2, 'slow_first_response', 'warning'],
      [2, 'risky_phrase', 'critical'],
      [3, 'long_silence', 'info'],
      [3, 'shopper_frustration', 'warning'],
    ]);
  });

  it('flags nothing when every rule is disabled', () => {
    expect(check(messy, 5000, { rules: allDisabled })).toEqual([]);
  });
});

describe('durations', () => {
  it.each([
    [0, '0 秒', '0 s'],
    [45, '45 秒', '45 s'],
    // 59.2 s rounds up to 60 s.
    [59.2, '1 分钟', '1 min'],
    [250, '4 分 10 秒', '4 min 10 s'],
    // 3900 s = 1 h 5 min; 3601 s = 1 h 1 s.
    [3900, '1 小时 5 分钟', '1 h 5 min'],
    [3601, '1 小时 1 秒', '1 h 1 s'],
  ])('%s s reads %s / %s', (seconds, zh, en) => {
    expect(zhDuration(seconds)).toBe(zh);
    expect(enDuration(seconds)).toBe(en);
  });
});
