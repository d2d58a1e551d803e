import { objectionCategories, type ObjectionCategory } from './objection-categories';
import { isClauseBreak, isWordChar, normaliseObjectionText } from './objection-text';
import type { PhraseScanner } from './phrase-automaton';
import type { CategoryObjection, ObjectionDetection, ObjectionMatch } from './objections';

/**
 * Reading one message against compiled phrase lists: steps 1–6 of ./objections.ts. Helpers are
 * module functions taking the message's state, not closures made per message.
 */

export type Unit = 'character' | 'word';
export type SpanKind = 'cue' | 'after' | 'breaker' | 'question' | 'intensifier' | 'ignore';
export type Role =
  | { kind: 'part'; pattern: number; part: number; star: boolean }
  | { kind: SpanKind; language: number; boost: number };

export interface CompiledLanguage {
  unit: Unit;
  window: number;
  intensifierWindow: number;
  aNotA: boolean;
}

export interface CompiledPattern {
  category: ObjectionCategory;
  source: string;
  language: number;
  weight: number;
  negatable: boolean;
  gap: number;
  parts: number;
}

export interface CompiledObjectionLists {
  keys: string[];
  roles: Role[][];
  startsWord: boolean[];
  endsWord: boolean[];
  languages: CompiledLanguage[];
  patterns: CompiledPattern[];
  scanner: PhraseScanner;
  threshold: number;
}

interface Span {
  start: number;
  end: number;
  language: number;
  boost: number;
}

interface PartHit {
  pattern: number;
  part: number;
  start: number;
  end: number;
}

interface Candidate {
  pattern: number;
  start: number;
  end: number;
  /** [start, end) of each part, in order. */
  parts: Array<[number, number]>;
  size: number;
}

/** One message being read. */
interface Reading {
  lists: CompiledObjectionLists;
  text: string;
  len: number;
  spans: Record<SpanKind, Span[]>;
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const categoryRank = new Map(objectionCategories.map((c, i) => [c, i]));

export function matchObjections(
  lists: CompiledObjectionLists,
  message: string,
): ObjectionDetection {
  const { text, origin } = normaliseObjectionText(message);
  const hits: number[] = [];
  lists.scanner.scan(text, hits);
  const r: Reading = {
    lists,
    text,
    len: text.length,
    spans: { cue: [], after: [], breaker: [], question: [], intensifier: [], ignore: [] },
  };
  const partHits = sortHits(r, hits);
  if (partHits.length === 0) return emptyDetection();

  const questionCueStarts = new Set<number>();
  for (const c of r.spans.cue) if (isANotA(r, c)) questionCueStarts.add(c.start);
  const candidates = joinParts(r, partHits).filter((m) => {
    // "不会用" is no phrase in 会不会用, nor "不适合" in 适不适合.
    const language = lists.languages[lists.patterns[m.pattern]!.language]!;
    if (language.aNotA && questionCueStarts.has(m.start)) return false;
    return !inside(r.spans.ignore, m.start, m.end);
  });
  const kept = candidates.filter((m) => !givesWay(lists, candidates, m));
  const cues = r.spans.cue.filter((c) => !inside(r.spans.ignore, c.start, c.end) && !isANotA(r, c));
  const after = r.spans.after.filter((a) => !inside(r.spans.ignore, a.start, a.end));
  const intensifiers = r.spans.intensifier.filter((s) => !inside(r.spans.ignore, s.start, s.end));

  const byCategory = new Map<ObjectionCategory, ObjectionMatch[]>();
  const negated: ObjectionMatch[] = [];
  for (const m of kept) {
    const p = lists.patterns[m.pattern]!;
    // A cue inside a phrase of the same category is that phrase's word (不值 in 不值这个价).
    const ownCues = cues.filter(
      (c) =>
        !candidates.some(
          (o) =>
            lists.patterns[o.pattern]!.category === p.category &&
            o.parts.some(([s, e]) => s <= c.start && c.end <= e),
        ),
    );
    if (isNegated(r, m, p, ownCues, after)) {
      negated.push(toMatch(message, origin, m, p, p.weight));
      continue;
    }
    const list = byCategory.get(p.category) ?? [];
    list.push(toMatch(message, origin, m, p, weightOf(r, m, p, intensifiers)));
    byCategory.set(p.category, list);
  }
  return summarise(byCategory, negated, lists.threshold);
}

export function emptyDetection(): ObjectionDetection {
  return { categories: [], confidence: 0, phrases: [], perCategory: [], negated: [] };
}

/** Sorts the scanner's hits by role; returns the phrase parts on word boundaries. */
function sortHits(r: Reading, hits: number[]): PartHit[] {
  const { roles, startsWord, endsWord } = r.lists;
  const { text, len } = r;
  const parts: PartHit[] = [];
  for (let h = 0; h < hits.length; h += 3) {
    const key = hits[h]!;
    const start = hits[h + 1]!;
    const end = hits[h + 2]!;
    if (startsWord[key] && start > 0 && isWordChar(text.charCodeAt(start - 1))) continue;
    const wordEnds = !endsWord[key] || end === len || !isWordChar(text.charCodeAt(end));
    for (const role of roles[key]!) {
      if (role.kind === 'part') {
        let e = end;
        if (role.star) while (e < len && isWordChar(text.charCodeAt(e))) e++;
        else if (!wordEnds) continue;
        parts.push({ pattern: role.pattern, part: role.part, start, end: e });
      } else if (wordEnds) {
        r.spans[role.kind].push({ start, end, language: role.language, boost: role.boost });
      }
    }
  }
  return parts;
}

/**
 * Whole matches from part hits: a one-part phrase is its hit; a gap phrase starts at each hit
 * of its first part and takes, part after part, the earliest hit that starts after the previous
 * part ends with an allowed gap between.
 */
function joinParts(r: Reading, hits: readonly PartHit[]): Candidate[] {
  const { patterns } = r.lists;
  const out: Candidate[] = [];
  let multi: Map<number, PartHit[]> | undefined;
  for (const h of hits) {
    if (patterns[h.pattern]!.parts === 1) {
      const parts: Array<[number, number]> = [[h.start, h.end]];
      out.push({ pattern: h.pattern, start: h.start, end: h.end, parts, size: h.end - h.start });
    } else {
      multi ??= new Map();
      const list = multi.get(h.pattern) ?? [];
      list.push(h);
      multi.set(h.pattern, list);
    }
  }
  if (!multi) return out;
  for (const [pattern, list] of multi) {
    list.sort((a, b) => a.start - b.start || a.end - b.end);
    const { parts: count, language, gap } = patterns[pattern]!;
    for (const first of list) {
      if (first.part !== 0) continue;
      const parts: Array<[number, number]> = [[first.start, first.end]];
      let size = first.end - first.start;
      for (let part = 1; part < count; part++) {
        const previousEnd = parts[parts.length - 1]![1];
        const next = list.find(
          (h) =>
            h.part === part &&
            h.start >= previousEnd &&
            near(r, previousEnd, h.start, language, gap),
        );
        if (!next) break;
        parts.push([next.start, next.end]);
        size += next.end - next.start;
      }
      if (parts.length === count) {
        out.push({ pattern, start: parts[0]![0], end: parts[count - 1]![1], parts, size });
      }
    }
  }
  return out;
}

function inside(spans: readonly Span[], start: number, end: number): boolean {
  for (const s of spans) if (s.start <= start && end <= s.end) return true;
  return false;
}

/**
 * Whether m lies inside one part of a match that covers more of the text (any category), or
 * overlaps a larger match of its own category, or an as large one that starts earlier: the same
 * words count once ("太贵" and "贵了" in 太贵了).
 */
function givesWay(
  lists: CompiledObjectionLists,
  candidates: readonly Candidate[],
  m: Candidate,
): boolean {
  const category = lists.patterns[m.pattern]!.category;
  for (const o of candidates) {
    if (o === m || o.size < m.size) continue;
    if (o.size > m.size) {
      for (const [s, e] of o.parts) if (s <= m.start && m.end <= e) return true;
    }
    if (lists.patterns[o.pattern]!.category !== category) continue;
    if ((o.size > m.size || o.start < m.start) && partsOverlap(o, m)) return true;
  }
  return false;
}

/** Whether a part of one match shares text with a part of the other (gaps do not count). */
function partsOverlap(a: Candidate, b: Candidate): boolean {
  for (const [as, ae] of a.parts)
    for (const [bs, be] of b.parts) if (as < be && bs < ae) return true;
  return false;
}

/** 不 in 贵不贵, 没 in 有没有: an A-not-A question, where the cue negates nothing. */
function isANotA(r: Reading, c: Span): boolean {
  return (
    r.lists.languages[c.language]!.aNotA &&
    c.start > 0 &&
    c.start + 1 < r.len &&
    r.text.charCodeAt(c.start - 1) === r.text.charCodeAt(c.start + 1)
  );
}

/** Units (non-space characters, or words) in text[from, to). */
function unitsBetween(text: string, from: number, to: number, unit: Unit): number {
  let n = 0;
  if (unit === 'character') {
    for (let i = from; i < to; i++) if (text.charCodeAt(i) !== 0x20) n++;
    return n;
  }
  let inWord = false;
  for (let i = from; i < to; i++) {
    const space = text.charCodeAt(i) === 0x20;
    if (!space && !inWord) n++;
    inWord = !space;
  }
  return n;
}

/** No clause end (punctuation, or a scope breaker of the language) in text[from, to). */
function sameClause(r: Reading, from: number, to: number, language: number): boolean {
  for (let i = from; i < to; i++) if (isClauseBreak(r.text.charCodeAt(i))) return false;
  for (const b of r.spans.breaker) {
    if (b.language === language && b.start >= from && b.end <= to) return false;
  }
  return true;
}

/** text[from, to) is at most `window` units of one clause. */
function near(r: Reading, from: number, to: number, language: number, window: number): boolean {
  return (
    from <= to &&
    unitsBetween(r.text, from, to, r.lists.languages[language]!.unit) <= window &&
    sameClause(r, from, to, language)
  );
}

function isNegated(
  r: Reading,
  m: Candidate,
  p: CompiledPattern,
  cues: readonly Span[],
  after: readonly Span[],
): boolean {
  if (!p.negatable) return false;
  const { text, len } = r;
  let clauseEnd = m.end;
  while (clauseEnd < len && !isClauseBreak(text.charCodeAt(clauseEnd))) clauseEnd++;
  // A question ending closes the clause ("不包邮吗") or is a clause of its own (", right?").
  let tag = clauseEnd + 1;
  while (tag < len && text.charCodeAt(tag) === 0x20) tag++;
  for (const q of r.spans.question) {
    if (q.language !== p.language) continue;
    if (q.end === clauseEnd) return false;
    if (q.start === tag && tag < len && (q.end === len || isClauseBreak(text.charCodeAt(q.end)))) {
      return false;
    }
  }
  const { window } = r.lists.languages[p.language]!;
  const gapFrom = m.parts[0]![1];
  const gapTo = m.parts[m.parts.length - 1]![0];
  for (const c of cues) {
    if (c.language !== p.language) continue;
    if (c.start >= gapFrom && c.end <= gapTo) return true;
    if (near(r, c.end, m.start, p.language, window)) return true;
  }
  for (const a of after) {
    if (a.language === p.language && near(r, m.end, a.start, p.language, window)) return true;
  }
  return false;
}

/** The pattern's weight, raised by the strongest intensifier just before it or in its gap. */
function weightOf(
  r: Reading,
  m: Candidate,
  p: CompiledPattern,
  intensifiers: readonly Span[],
): number {
  const { intensifierWindow } = r.lists.languages[p.language]!;
  const gapFrom = m.parts[0]![1];
  const gapTo = m.parts[m.parts.length - 1]![0];
  let boost = 0;
  for (const s of intensifiers) {
    if (s.language !== p.language) continue;
    const inGap = s.start >= gapFrom && s.end <= gapTo;
    if (inGap || near(r, s.end, m.start, p.language, intensifierWindow)) {
      boost = Math.max(boost, s.boost);
    }
  }
  return p.weight + (1 - p.weight) * boost;
}

function toMatch(
  message: string,
  origin: readonly number[],
  m: Candidate,
  p: CompiledPattern,
  weight: number,
): ObjectionMatch {
  const start = origin[m.start]!;
  const end = origin[m.end - 1]! + 1;
  return {
    category: p.category,
    pattern: p.source,
    text: message.slice(start, end),
    start,
    end,
    weight: round3(weight),
  };
}

/** Noisy-OR per category over its distinct patterns; categories at the threshold or above. */
function summarise(
  byCategory: Map<ObjectionCategory, ObjectionMatch[]>,
  negated: ObjectionMatch[],
  threshold: number,
): ObjectionDetection {
  const perCategory: CategoryObjection[] = [];
  for (const [category, matches] of byCategory) {
    const best = new Map<string, number>();
    for (const m of matches) best.set(m.pattern, Math.max(best.get(m.pattern) ?? 0, m.weight));
    let miss = 1;
    for (const w of best.values()) miss *= 1 - w;
    const confidence = round3(1 - miss);
    if (confidence < threshold) continue;
    matches.sort((a, b) => a.start - b.start || b.end - a.end);
    perCategory.push({ category, confidence, phrases: distinctTexts(matches), matches });
  }
  perCategory.sort(
    (a, b) =>
      b.confidence - a.confidence || categoryRank.get(a.category)! - categoryRank.get(b.category)!,
  );
  const all = perCategory.flatMap((c) => c.matches).sort((a, b) => a.start - b.start);
  return {
    categories: perCategory.map((c) => c.category),
    confidence: perCategory[0]?.confidence ?? 0,
    phrases: distinctTexts(all),
    perCategory,
    negated,
  };
}

function distinctTexts(matches: readonly ObjectionMatch[]): string[] {
  const seen: string[] = [];
  for (const m of matches) if (!seen.includes(m.text)) seen.push(m.text);
  return seen;
}
