import { traditionalToSimplifiedPairs } from './traditional-simplified';

/**
 * A shopper's message as the objection matcher reads it. Every character of `text` comes from
 * exactly one UTF-16 unit of the original (characters are only mapped one to one or dropped),
 * so a match in `text` can be shown as it was typed: original.slice(origin[start],
 * origin[end - 1] + 1).
 */
export interface NormalisedText {
  text: string;
  /** origin[i] is the index in the original message of text[i]. */
  origin: number[];
}

/** What a folded character is to the normaliser; 0 = part of a word or a CJK character. */
const Kind = {
  Space: 1,
  /** Ends a clause: , . ! ? ; : (after folding). Negation does not reach across it. */
  Break: 2,
  Punctuation: 3,
} as const;

/** U+FFFF is a noncharacter: as a fold target it means "drop this unit". */
const DROP = 0xffff;
const SPACE = 0x20;
const FOLD = new Uint16Array(0x10000);
const KIND = new Uint8Array(0x10000);

function buildTables(): void {
  for (let c = 0; c < 0x10000; c++) FOLD[c] = c;
  // Lower case for Latin, Greek and Cyrillic; a character whose lower case is longer (İ) stays.
  const lower = (from: number, to: number) => {
    for (let c = from; c <= to; c++) {
      const l = String.fromCharCode(c).toLowerCase();
      if (l.length === 1) FOLD[c] = l.charCodeAt(0);
    }
  };
  lower(0x41, 0x24f);
  lower(0x370, 0x52f);
  // Full-width ASCII (ＡＢＣ１２３！？) → ASCII, then lower case.
  for (let c = 0xff01; c <= 0xff5e; c++) FOLD[c] = FOLD[c - 0xfee0]!;
  for (const [traditional, simplified] of traditionalToSimplifiedPairs()) {
    FOLD[traditional] = simplified;
  }
  const map = (chars: string, to: string) => {
    for (let i = 0; i < chars.length; i++) FOLD[chars.charCodeAt(i)] = to.charCodeAt(0);
  };
  map('\u3002\uff61\u2026\u2025\n\r\u2028\u2029', '.'); // 。｡ … ‥ and line ends end a clause
  map('\u3001\uff64', ','); // 、
  map('\u2018\u2019\u201a\u201b\u2032\u00b4', "'");
  map('\u201c\u201d\u201e\u201f\u2033\u300c\u300d\u300e\u300f\u3010\u3011\u300a\u300b', '"');
  map('\u3008\u3009\u3014\u3015\u3016\u3017', '"');
  map('\u2010\u2011\u2012\u2013\u2014\u2015\u2212', '-');
  map('\u301c\u3030', '~');
  map('\t\v\f\u0085\u00a0\u1680\u202f\u205f\u3000', ' ');
  for (let c = 0x2000; c <= 0x200a; c++) FOLD[c] = SPACE;
  for (const c of [0x00ad, 0x200b, 0x200c, 0x200d, 0x2060, 0xfe0e, 0xfe0f, 0xfeff]) FOLD[c] = DROP;

  KIND[SPACE] = Kind.Space;
  for (const ch of ',.!?;:') KIND[ch.charCodeAt(0)] = Kind.Break;
  for (const ch of '"\'()[]{}<>~`^*_-+=|\\/#@&%$') KIND[ch.charCodeAt(0)] = Kind.Punctuation;
}
buildTables();

/** CJK ideographs, kana, hangul and CJK symbols: scripts written without spaces. */
export function isCjk(c: number): boolean {
  return (
    (c >= 0x2e80 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xac00 && c <= 0xd7af)
  );
}

/** Letters and digits of words written with spaces (after folding: lower case). */
export function isWordChar(c: number): boolean {
  return (
    (c >= 0x61 && c <= 0x7a) ||
    (c >= 0x30 && c <= 0x39) ||
    (c >= 0xdf && c <= 0x24f && c !== 0xf7) ||
    (c >= 0x3b1 && c <= 0x3c9) ||
    (c >= 0x430 && c <= 0x45f)
  );
}

/** Whether the (normalised) character ends a clause. */
export function isClauseBreak(c: number): boolean {
  return KIND[c] === Kind.Break;
}

/**
 * Folds a message for matching: full-width → half-width, lower case, traditional → simplified
 * (for the characters in ./traditional-simplified), 。、… and the like → ASCII punctuation,
 * line ends → ".", zero-width characters dropped. Runs of white space become one space, and
 * none is kept next to a CJK character ("太 贵" = "太贵") or before , . ! ? ; :; a repeated
 * punctuation mark is kept once ("？？？" → "?"), and a run of clause-ending marks is kept as
 * its first ("?!" → "?").
 */
export function normaliseObjectionText(input: string): NormalisedText {
  const n = input.length;
  // Plain arrays: allocating a typed array costs more than the whole loop for a chat message.
  const codes: number[] = [];
  const origin: number[] = [];
  let len = 0;
  let pendingSpace = -1;
  for (let i = 0; i < n; i++) {
    const c = FOLD[input.charCodeAt(i)]!;
    if (c === DROP) continue;
    const kind = KIND[c];
    if (kind === Kind.Space) {
      if (len > 0 && pendingSpace < 0) pendingSpace = i;
      continue;
    }
    if (kind === Kind.Break) pendingSpace = -1;
    if ((kind === Kind.Break || kind === Kind.Punctuation) && len > 0) {
      const last = codes[len - 1]!;
      if (pendingSpace < 0 && (last === c || (kind === Kind.Break && KIND[last] === Kind.Break))) {
        continue;
      }
    }
    if (pendingSpace >= 0) {
      if (!isCjk(codes[len - 1]!) && !isCjk(c)) {
        codes.push(SPACE);
        origin.push(pendingSpace);
        len++;
      }
      pendingSpace = -1;
    }
    codes.push(c);
    origin.push(i);
    len++;
  }
  let text = '';
  for (let from = 0; from < len; from += 4096) {
    text += String.fromCharCode.apply(null, codes.slice(from, from + 4096));
  }
  return { text, origin };
}
