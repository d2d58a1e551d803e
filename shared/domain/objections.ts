import { patternParts, type ObjectionPhraseList } from '../schemas/objection-phrases';
import { objectionCategories, type ObjectionCategory } from './objection-categories';
import {
  matchObjections,
  type CompiledObjectionLists,
  type CompiledLanguage,
  type CompiledPattern,
  type Role,
  type SpanKind,
} from './objection-matching';
import { isWordChar, normaliseObjectionText } from './objection-text';
import { PhraseAutomaton, type PhraseScanner } from './phrase-automaton';

/**
 * The objection detector (客户异议): which categories a shopper's message raises, how sure we
 * are, and the words that say so. Pure: it takes parsed phrase lists (one per language, see
 * shared/schemas/objection-phrases.ts) and compiles them once; detecting reads no files.
 *
 * How a message is read:
 * 1. It is normalised (./objection-text.ts) and scanned once by one automaton holding every
 *    phrase part, negation cue, scope breaker, question ending, intensifier and ignore entry of
 *    every language. A part starting or ending with a Latin letter or digit must sit on word
 *    boundaries; "word*" runs to the end of the word.
 * 2. Gap phrases ("太…贵") join their parts in order, each gap at most `gap` units long and
 *    within one clause.
 * 3. A match inside an `ignore` entry (贵店) is dropped, and so is one inside a part of a
 *    larger match ("贵" inside "太…贵", "运费" inside "退货运费"), whatever its category, and
 *    one overlapping a larger (or as large and earlier) match of its own category ("贵了" next
 *    to "太贵" in 太贵了): the same words count once.
 * 4. A negatable match is cancelled when a cue of its language ends at most `window` units
 *    before it or sits in its gap ("不贵", "一点都不贵", "not that expensive", "price is not
 *    high"), or an after-cue follows within `window` ("贵不贵无所谓"), all within its clause
 *    (, . ! ? ; : and scope breakers such as 但是 / but end a clause). It is not cancelled in a
 *    clause that ends with a question ending (不包邮吗？), or that is followed by one as a clause
 *    of its own (", right?"). Cues inside an ignore entry (不过, 不知道) and, where the list says
 *    so, in an A-not-A question (贵不贵, 有没有) do not count; nor does a phrase that starts
 *    with such a cue ("不会用" in 会不会用).
 *    Negations written into a phrase ("不便宜", "not cheap") are matches like any other: a cue
 *    that is part of a phrase never cancels a phrase of that phrase's category ("不值" keeps
 *    "值这个价" in 不值这个价).
 * 5. An intensifier at most `window` units before a match (or in its gap) raises its weight w
 *    to w + (1 − w) × boost.
 * 6. Per category, each listed phrase counts once with its best weight, and the category's
 *    confidence is 1 − Π(1 − wᵢ) (noisy-OR: two weak hints make a strong one). A category is
 *    reported when its confidence reaches the threshold (default 0.5). The message's confidence
 *    is that of its strongest category, 0 without one.
 *
 * The per-message steps live in ./objection-matching.ts.
 *
 * Phrases are reported as the shopper typed them (a slice of the original message, including
 * a gap's words: "太特么貴"); `matches` also gives the list's pattern and the offsets.
 */

export interface ObjectionMatch {
  category: ObjectionCategory;
  /** The phrase as written in the list ("太…贵"). */
  pattern: string;
  /** The words as the shopper typed them: message.slice(start, end). */
  text: string;
  /** UTF-16 offsets into the message. */
  start: number;
  end: number;
  /** The phrase's weight, raised by an intensifier before it. */
  weight: number;
}

export interface CategoryObjection {
  category: ObjectionCategory;
  confidence: number;
  /** Distinct matched texts, in the order they appear. */
  phrases: string[];
  matches: ObjectionMatch[];
}

export interface ObjectionDetection {
  /** Reported categories, the most confident first. Empty: not an objection. */
  categories: ObjectionCategory[];
  /** Confidence of the strongest category, 0 when none is reported. */
  confidence: number;
  /** Distinct matched texts of the reported categories, in the order they appear. */
  phrases: string[];
  perCategory: CategoryObjection[];
  /** Matches a negation cancelled ("贵" in "不贵"): why a message was not flagged. */
  negated: ObjectionMatch[];
}

export interface ObjectionDetectorOptions {
  /** Smallest category confidence reported, in (0, 1]. Default 0.5. */
  threshold?: number;
  /** Builds the scanner over the compiled keys; default the Aho–Corasick automaton. */
  scanner?: (keys: readonly string[]) => PhraseScanner;
}

export interface ObjectionDetector {
  detect(message: string): ObjectionDetection;
  /** Every distinct normalised key the scanner looks for. */
  readonly keys: readonly string[];
}

export const DEFAULT_OBJECTION_THRESHOLD = 0.5;

/** Compiles the lists once (every phrase, cue and ignore entry normalised into one scanner). */
export function compileObjectionDetector(
  lists: readonly ObjectionPhraseList[],
  options: ObjectionDetectorOptions = {},
): ObjectionDetector {
  const threshold = options.threshold ?? DEFAULT_OBJECTION_THRESHOLD;
  if (!(threshold > 0 && threshold <= 1)) {
    throw new Error('objections: threshold must be in (0, 1]');
  }
  const keyIndex = new Map<string, number>();
  const keys: string[] = [];
  const roles: Role[][] = [];
  const languages: CompiledLanguage[] = [];
  const patterns: CompiledPattern[] = [];

  const keyFor = (raw: string, where: string): number => {
    const key = normaliseObjectionText(raw).text;
    if (key === '') throw new Error(`objections: ${where}: "${raw}" is empty once normalised`);
    let index = keyIndex.get(key);
    if (index === undefined) {
      index = keys.length;
      keyIndex.set(key, index);
      keys.push(key);
      roles.push([]);
    }
    return index;
  };
  const addSpans = (kind: SpanKind, language: number, entries: readonly string[], boost = 0) => {
    for (const entry of entries) {
      roles[keyFor(entry, `${lists[language]!.language} ${kind}`)]!.push({ kind, language, boost });
    }
  };

  lists.forEach((list, language) => {
    const { negation, intensifiers } = list;
    languages.push({
      unit: list.unit,
      window: negation.window,
      intensifierWindow: intensifiers.window,
      aNotA: negation.aNotAQuestions,
    });
    addSpans('cue', language, negation.cues);
    addSpans('after', language, negation.after);
    addSpans('breaker', language, negation.scopeBreakers);
    addSpans('question', language, negation.questionEndings);
    addSpans('ignore', language, list.ignore);
    for (const entry of intensifiers.phrases) {
      const [phrase, boost] =
        typeof entry === 'string' ? [entry, intensifiers.boost] : [entry.phrase, entry.boost];
      addSpans('intensifier', language, [phrase], boost);
    }
    for (const category of objectionCategories) {
      const block = list.categories[category];
      if (!block) continue;
      for (const entry of block.phrases) {
        const e = typeof entry === 'string' ? { phrase: entry } : entry;
        const parts = patternParts(e.phrase);
        const pattern = patterns.length;
        patterns.push({
          category,
          source: e.phrase,
          language,
          weight: e.weight ?? list.defaultWeight,
          negatable: e.negatable ?? block.negatable,
          gap: e.gap ?? list.gap,
          parts: parts.length,
        });
        parts.forEach((text, part) => {
          const star = text.endsWith('*');
          const key = keyFor(star ? text.slice(0, -1) : text, `${list.language} ${category}`);
          roles[key]!.push({ kind: 'part', pattern, part, star });
        });
      }
    }
  });

  const compiled: CompiledObjectionLists = {
    keys,
    roles,
    startsWord: keys.map((k) => isWordChar(k.charCodeAt(0))),
    endsWord: keys.map((k) => isWordChar(k.charCodeAt(k.length - 1))),
    languages,
    patterns,
    scanner: (options.scanner ?? ((k) => new PhraseAutomaton(k)))(keys),
    threshold,
  };
  return { detect: (message) => matchObjections(compiled, message), keys };
}

/** The objections a message raises; see compileObjectionDetector. */
export function detectObjections(detector: ObjectionDetector, message: string): ObjectionDetection {
  return detector.detect(message);
}
