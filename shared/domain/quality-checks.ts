import type { QualityFlag } from '../schemas/outcome';
import {
  qualityPhraseKey,
  qualityRuleIds,
  riskyPhraseListIds,
  type LocalePhrases,
  type QualityRuleId,
  type QualityRules,
  type RiskyPhraseListId,
} from '../schemas/quality-rules';
import { objectionLabels } from './objection-labels';
import { isWordChar, normaliseObjectionText } from './objection-text';

/**
 * The automatic quality checks of a closed conversation (see shared/schemas/quality-rules.ts for
 * what each rule means). Pure: the caller reads the messages, the rules and the objection
 * detector; this returns one flag per offending message, each with its reason in both UI
 * languages, the figure measured and the limit.
 *
 * Conventions:
 * - Supervisor whispers (visibility 'staff') and system messages are not part of the chat
 *   between shopper and agent: no rule looks at them, and they neither answer nor break a
 *   silence.
 * - A time is over its limit when it is longer than `thresholdSeconds` (exactly the limit
 *   passes). Figures are shown rounded up to the second, so a flagged figure always reads
 *   above its limit.
 * - A shopper turn starts at the first shopper message no agent message has answered yet and
 *   ends at the next agent message (as the outcome's response timings count it); the first turn
 *   is judged by slow_first_response, the later ones by slow_reply. Agent messages before the
 *   shopper wrote (a greeting) answer nothing.
 * - Phrases are matched on folded text (case, full-width, traditional characters, spaces; see
 *   normaliseObjectionText); a phrase starting or ending with a Latin letter or digit only
 *   matches whole words. A match lying inside a match of an `except` phrase of the same list is
 *   excused.
 */

export type QualityLocale = 'zh-CN' | 'en';

export interface QualityCheckMessage {
  seq: number;
  authorKind: 'shopper' | 'agent' | 'system';
  text: string;
  createdAt: Date;
  /** 'staff': a supervisor's whisper to the agent, never shown to the shopper. */
  visibility?: string | undefined;
}

export interface QualityCheckInput {
  messages: readonly QualityCheckMessage[];
  /** The conversation's language: its phrase lists are the ones applied. */
  locale: QualityLocale;
  /** The objection categories a shopper message raises (the objection detector). */
  objectionsOf: (text: string) => readonly string[];
  closedAt: Date;
  rules: QualityRules;
}

interface CompiledPhrase {
  /** As listed, for the reason. */
  phrase: string;
  key: string;
  startsWord: boolean;
  endsWord: boolean;
}

interface CompiledList {
  phrases: CompiledPhrase[];
  except: CompiledPhrase[];
}

type CompiledLists = Record<QualityLocale, CompiledList>;

interface CompiledRules {
  risky: Record<RiskyPhraseListId, CompiledLists>;
  frustration: CompiledLists;
}

const compiledCache = new WeakMap<QualityRules, CompiledRules>();

function compilePhrases(phrases: readonly string[]): CompiledPhrase[] {
  return phrases.flatMap((phrase) => {
    const key = qualityPhraseKey(phrase);
    if (key === '') return [];
    return [
      {
        phrase,
        key,
        startsWord: isWordChar(key.charCodeAt(0)),
        endsWord: isWordChar(key.charCodeAt(key.length - 1)),
      },
    ];
  });
}

function compileLists(phrases: LocalePhrases, except: LocalePhrases): CompiledLists {
  return {
    'zh-CN': { phrases: compilePhrases(phrases['zh-CN']), except: compilePhrases(except['zh-CN']) },
    en: { phrases: compilePhrases(phrases.en), except: compilePhrases(except.en) },
  };
}

function compile(rules: QualityRules): CompiledRules {
  let compiled = compiledCache.get(rules);
  if (!compiled) {
    const { lists } = rules.risky_phrase;
    compiled = {
      risky: {
        absolute_claims: compileLists(lists.absolute_claims.phrases, lists.absolute_claims.except),
        unkeepable_promises: compileLists(
          lists.unkeepable_promises.phrases,
          lists.unkeepable_promises.except,
        ),
        off_platform_payment: compileLists(
          lists.off_platform_payment.phrases,
          lists.off_platform_payment.except,
        ),
      },
      frustration: compileLists(
        rules.shopper_frustration.phrases,
        rules.shopper_frustration.except,
      ),
    };
    compiledCache.set(rules, compiled);
  }
  return compiled;
}

/** Every [start, end) where `phrase` occurs in `text` on word boundaries. */
function occurrences(text: string, phrase: CompiledPhrase): Array<[number, number]> {
  const found: Array<[number, number]> = [];
  for (let at = text.indexOf(phrase.key); at !== -1; at = text.indexOf(phrase.key, at + 1)) {
    const end = at + phrase.key.length;
    if (phrase.startsWord && at > 0 && isWordChar(text.charCodeAt(at - 1))) continue;
    if (phrase.endsWord && end < text.length && isWordChar(text.charCodeAt(end))) continue;
    found.push([at, end]);
  }
  return found;
}

/** The listed phrases found in `text` (folded) and not excused, in the order they appear. */
function findPhrases(text: string, list: CompiledList): string[] {
  const excused = list.except.flatMap((e) => occurrences(text, e));
  const matches: Array<{ phrase: string; start: number; end: number }> = [];
  for (const phrase of list.phrases) {
    for (const [start, end] of occurrences(text, phrase)) {
      if (excused.some(([a, b]) => a <= start && end <= b)) continue;
      matches.push({ phrase: phrase.phrase, start, end });
    }
  }
  // "最低" inside "最低价" is the same words: name the longer phrase once.
  const kept = matches.filter(
    (m) =>
      !matches.some(
        (o) => o !== m && o.start <= m.start && m.end <= o.end && o.end - o.start > m.end - m.start,
      ),
  );
  kept.sort((a, b) => a.start - b.start || b.end - a.end);
  return [...new Set(kept.map((m) => m.phrase))];
}

const ruleOrder = new Map<string, number>(qualityRuleIds.map((id, index) => [id, index]));

/** Runs every enabled rule; flags in transcript order (then rule order). */
export function checkConversationQuality(input: QualityCheckInput): QualityFlag[] {
  const { rules, locale, closedAt } = input;
  const chat = input.messages
    .filter((m) => m.visibility !== 'staff' && m.authorKind !== 'system')
    .sort((a, b) => a.seq - b.seq);
  const flags: QualityFlag[] = [];
  const flag = (rule: QualityRuleId, seq: number, reason: QualityFlag['reason']) =>
    flags.push({ rule, severity: rules[rule].severity, reason, seq });

  checkResponseTimes(chat, closedAt, rules, flag);
  if (rules.long_silence.enabled) checkSilences(chat, closedAt, rules, flag);
  const compiled = compile(rules);
  if (rules.risky_phrase.enabled) checkRiskyPhrases(chat, compiled.risky, locale, flag);
  if (rules.shopper_frustration.enabled) checkFrustration(chat, compiled, locale, rules, flag);
  if (rules.unanswered_objection.enabled) checkObjections(chat, input.objectionsOf, flag);

  return flags.sort(
    (a, b) => (a.seq ?? -1) - (b.seq ?? -1) || ruleOrder.get(a.rule)! - ruleOrder.get(b.rule)!,
  );
}

type Flag = (rule: QualityRuleId, seq: number, reason: QualityFlag['reason']) => void;

const elapsedMs = (from: Date, to: Date) => Math.max(0, to.getTime() - from.getTime());

function checkResponseTimes(
  chat: readonly QualityCheckMessage[],
  closedAt: Date,
  rules: QualityRules,
  flag: Flag,
) {
  const judge = (turn: number, waitedMs: number, seq: number, answered: boolean) => {
    const rule = turn === 0 ? 'slow_first_response' : 'slow_reply';
    const { enabled, thresholdSeconds } = rules[rule];
    if (!enabled || waitedMs <= thresholdSeconds * 1000) return;
    const took = { 'zh-CN': zhDuration(waitedMs / 1000), en: enDuration(waitedMs / 1000) };
    const limit = { 'zh-CN': zhDuration(thresholdSeconds), en: enDuration(thresholdSeconds) };
    if (answered) {
      flag(
        rule,
        seq,
        turn === 0
          ? {
              'zh-CN': `首次响应用时 ${took['zh-CN']}（上限 ${limit['zh-CN']}）`,
              en: `First response took ${took.en} (limit ${limit.en})`,
            }
          : {
              'zh-CN': `回复用时 ${took['zh-CN']}（上限 ${limit['zh-CN']}）`,
              en: `Reply took ${took.en} (limit ${limit.en})`,
            },
      );
    } else {
      flag(
        rule,
        seq,
        turn === 0
          ? {
              'zh-CN': `买家的第一条消息到会话结束仍未回复，已等待 ${took['zh-CN']}（上限 ${limit['zh-CN']}）`,
              en: `The shopper's first message was still unanswered at close after ${took.en} (limit ${limit.en})`,
            }
          : {
              'zh-CN': `买家的消息到会话结束仍未回复，已等待 ${took['zh-CN']}（上限 ${limit['zh-CN']}）`,
              en: `The shopper's message was still unanswered at close after ${took.en} (limit ${limit.en})`,
            },
      );
    }
  };

  let waiting: QualityCheckMessage | null = null;
  let turn = 0;
  for (const message of chat) {
    if (message.authorKind === 'shopper') {
      waiting ??= message;
    } else if (waiting) {
      judge(turn, elapsedMs(waiting.createdAt, message.createdAt), message.seq, true);
      turn += 1;
      waiting = null;
    }
  }
  if (waiting) judge(turn, elapsedMs(waiting.createdAt, closedAt), waiting.seq, false);
}

function checkSilences(
  chat: readonly QualityCheckMessage[],
  closedAt: Date,
  rules: QualityRules,
  flag: Flag,
) {
  const { thresholdSeconds } = rules.long_silence;
  const limit = { 'zh-CN': zhDuration(thresholdSeconds), en: enDuration(thresholdSeconds) };
  const over = (ms: number) => ms > thresholdSeconds * 1000;
  for (let i = 1; i < chat.length; i++) {
    const gap = elapsedMs(chat[i - 1]!.createdAt, chat[i]!.createdAt);
    if (!over(gap)) continue;
    flag('long_silence', chat[i]!.seq, {
      'zh-CN': `此前双方沉默 ${zhDuration(gap / 1000)}（上限 ${limit['zh-CN']}）`,
      en: `No message from either side for ${enDuration(gap / 1000)} before this one (limit ${limit.en})`,
    });
  }
  const last = chat.at(-1);
  if (!last) return;
  const tail = elapsedMs(last.createdAt, closedAt);
  if (!over(tail)) return;
  flag('long_silence', last.seq, {
    'zh-CN': `此后双方沉默 ${zhDuration(tail / 1000)} 直到会话结束（上限 ${limit['zh-CN']}）`,
    en: `No message from either side for ${enDuration(tail / 1000)} after this one until the close (limit ${limit.en})`,
  });
}

const listNames: Record<RiskyPhraseListId, { 'zh-CN': string; en: string }> = {
  absolute_claims: { 'zh-CN': '广告法禁用的绝对化用语', en: 'absolute claim banned in ads' },
  unkeepable_promises: { 'zh-CN': '无法兑现的承诺', en: 'promise the shop cannot keep' },
  off_platform_payment: { 'zh-CN': '引导站外付款', en: 'payment outside the shop' },
};

function checkRiskyPhrases(
  chat: readonly QualityCheckMessage[],
  lists: CompiledRules['risky'],
  locale: QualityLocale,
  flag: Flag,
) {
  for (const message of chat) {
    if (message.authorKind !== 'agent') continue;
    const text = normaliseObjectionText(message.text).text;
    const found = riskyPhraseListIds.flatMap((list) =>
      findPhrases(text, lists[list][locale]).map((phrase) => ({ phrase, list })),
    );
    if (found.length === 0) continue;
    flag('risky_phrase', message.seq, {
      'zh-CN': `使用了风险用语：${found.map((f) => `「${f.phrase}」（${listNames[f.list]['zh-CN']}）`).join('、')}`,
      en: `Risky wording: ${found.map((f) => `"${f.phrase}" (${listNames[f.list].en})`).join(', ')}`,
    });
  }
}

function checkFrustration(
  chat: readonly QualityCheckMessage[],
  compiled: CompiledRules,
  locale: QualityLocale,
  rules: QualityRules,
  flag: Flag,
) {
  const { repeatedPunctuation } = rules.shopper_frustration;
  const run = new RegExp(`[?？!！]{${repeatedPunctuation.minRun},}`, 'u');
  for (const message of chat) {
    if (message.authorKind !== 'shopper') continue;
    const found = findPhrases(
      normaliseObjectionText(message.text).text,
      compiled.frustration[locale],
    );
    const marks = repeatedPunctuation.enabled ? run.exec(message.text)?.[0] : undefined;
    if (marks) found.push(marks);
    if (found.length === 0) continue;
    flag('shopper_frustration', message.seq, {
      'zh-CN': `买家表现出不满：${found.map((p) => `「${p}」`).join('、')}`,
      en: `The shopper sounds frustrated: ${found.map((p) => `"${p}"`).join(', ')}`,
    });
  }
}

function checkObjections(
  chat: readonly QualityCheckMessage[],
  objectionsOf: QualityCheckInput['objectionsOf'],
  flag: Flag,
) {
  const lastAgentSeq = chat.reduce(
    (last, m) => (m.authorKind === 'agent' ? Math.max(last, m.seq) : last),
    -Infinity,
  );
  for (const message of chat) {
    if (message.authorKind !== 'shopper' || message.seq < lastAgentSeq) continue;
    const categories = objectionsOf(message.text);
    if (categories.length === 0) continue;
    const label = (lang: QualityLocale) =>
      categories
        .map(
          (c) => (objectionLabels as Record<string, Record<QualityLocale, string>>)[c]?.[lang] ?? c,
        )
        .join(lang === 'zh-CN' ? '、' : ', ');
    flag('unanswered_objection', message.seq, {
      'zh-CN': `买家提出的异议（${label('zh-CN')}）到会话结束都没有得到回复`,
      en: `The shopper's objection (${label('en')}) got no reply before the close`,
    });
  }
}

function durationParts(seconds: number): [number, number, number] {
  const whole = Math.ceil(seconds - 1e-9);
  return [Math.floor(whole / 3600), Math.floor((whole % 3600) / 60), whole % 60];
}

/** "4 分 10 秒", "1 分钟", "45 秒", "1 小时 5 分钟" (rounded up to the second). */
export function zhDuration(seconds: number): string {
  const [h, m, s] = durationParts(seconds);
  const parts: string[] = [];
  if (h) parts.push(`${h} 小时`);
  if (m) parts.push(`${m} ${s ? '分' : '分钟'}`);
  if (s || parts.length === 0) parts.push(`${s} 秒`);
  return parts.join(' ');
}

/** "4 min 10 s", "1 min", "45 s", "1 h 5 min" (rounded up to the second). */
export function enDuration(seconds: number): string {
  const [h, m, s] = durationParts(seconds);
  const parts: string[] = [];
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  if (s || parts.length === 0) parts.push(`${s} s`);
  return parts.join(' ');
}
