/**
 * Masks what identifies a shopper in chat text (phone numbers, ID and bank card numbers, email
 * addresses, street addresses) in zh-CN and en, for the trainer's transcript view and exports.
 *
 * Everything is matched on a normalised copy of the text (full-width digits, letters and
 * punctuation folded to ASCII, dashes to '-') that has exactly the original's length, so a match
 * names the original characters: those are masked, the kept ones stay as the shopper typed them.
 *
 * What is never masked, on purpose: prices (¥1999, 1999元, $25.99), order ids (SD-20261101-0042,
 * ORD123456789), SKUs and model numbers (HUM-300), dates and times, quantities. Numbers glued to
 * letters or to a hyphenated id are never phone or card numbers; a card number must pass the
 * Luhn check and an ID number must carry a real date of birth.
 */

export type MaskKind = 'phone' | 'id_card' | 'bank_card' | 'address' | 'email';

/** A masked stretch, as offsets into the ORIGINAL text (end exclusive). */
export interface MaskSpan {
  start: number;
  end: number;
  kind: MaskKind;
}

export interface MaskResult {
  text: string;
  spans: MaskSpan[];
}

const MASK = '*';
/** What a whole address detail (road onwards, or street and unit) is replaced with. */
const ADDRESS_MASK = '****';

/** Full-width ASCII (！ to ～), the ideographic space and the usual dashes, one unit for one. */
export function normaliseForMatching(text: string): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xff01 && code <= 0xff5e) out += String.fromCharCode(code - 0xfee0);
    else if (code === 0x3000) out += ' ';
    else if (code >= 0x2010 && code <= 0x2015) out += '-';
    else if (code === 0x2212) out += '-';
    else out += text[i];
  }
  return out;
}

interface Candidate extends MaskSpan {
  /** Lower wins when two candidates cover the same characters. */
  rank: number;
  /** The masked form of the original characters [start, end). */
  render: (original: string) => string;
}

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/**
 * Masks every digit of `original` but the first `keepFirst` and the last `keepLast` digits (X
 * counts as a digit: an ID number's check character); separators stay.
 */
function maskDigits(keepFirst: number, keepLast: number) {
  return (original: string) => {
    const norm = normaliseForMatching(original);
    const isDigitLike = (c: string) => isDigit(c) || c === 'X' || c === 'x';
    const total = [...norm].filter(isDigitLike).length;
    let seen = 0;
    let out = '';
    for (let i = 0; i < norm.length; i++) {
      const c = norm[i]!;
      if (!isDigitLike(c)) {
        out += original[i];
        continue;
      }
      out += seen < keepFirst || seen >= total - keepLast ? original[i] : MASK;
      seen++;
    }
    return out;
  };
}

const digitCount = (s: string) => s.replace(/\D/g, '').length;

/** The Luhn check every bank card number passes (and most order numbers fail). */
export function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** Not inside a word or a hyphenated id such as SD-20261101-0042 or ORD123456789. */
const LEFT = String.raw`(?<![0-9A-Za-z])(?<![0-9A-Za-z][-_/.])`;
const RIGHT = String.raw`(?![0-9A-Za-z])(?![-_/.][0-9A-Za-z])`;

function* matchAll(pattern: RegExp, text: string): Generator<RegExpExecArray> {
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    yield m;
    if (m[0].length === 0) pattern.lastIndex++;
  }
}

// ---- phones ---------------------------------------------------------------------------------

const CN_MOBILE = new RegExp(
  `${LEFT}(?:\\(?(?:\\+|00)86\\)?[ -]?)?1[3-9]\\d[ -]?\\d{4}[ -]?\\d{4}${RIGHT}`,
  'g',
);
/** Landlines with a leading 0 (010-12345678, (021)1234-5678, 0755 1234567, 020 7946 0958). */
const NATIONAL = new RegExp(
  `${LEFT}(?:\\(0\\d{1,4}\\)[ -]?|0\\d{1,4}[ -])\\d{3,4}[ -]?\\d{3,4}${RIGHT}`,
  'g',
);
/** North American numbers: (555) 123-4567, 555-123-4567, +1 555 123 4567, 5551234567. */
const NANP = new RegExp(
  `${LEFT}(?:\\+?1[ .-]?)?(?:\\([2-9]\\d{2}\\)|[2-9]\\d{2})[ .-]?\\d{3}[ .-]?\\d{4}${RIGHT}`,
  'g',
);
/** Any number written with its country code: +44 20 7946 0958, +49 30 1234567. */
const INTERNATIONAL = new RegExp(
  `(?<![0-9A-Za-z+])\\+\\d{1,3}(?:[ .-]?\\(?\\d{1,4}\\)?){1,5}${RIGHT}`,
  'g',
);

function findPhones(norm: string, out: Candidate[]): void {
  for (const m of matchAll(CN_MOBILE, norm)) {
    // Keep the prefix and the first 3 of the 11 digits, as Chinese apps show them: 138****5678.
    const prefixDigits = digitCount(m[0]) - 11;
    out.push(candidate(m, 'phone', 0, maskDigits(prefixDigits + 3, 4)));
  }
  for (const m of matchAll(NATIONAL, norm)) {
    const n = digitCount(m[0]);
    if (n >= 9 && n <= 12) out.push(candidate(m, 'phone', 2, maskDigits(0, 4)));
  }
  // The country code stays: "+1 *** *** 4567", "+44 ** **** 0958".
  for (const m of matchAll(NANP, norm)) {
    const countryCode = digitCount(m[0]) - 10;
    out.push(candidate(m, 'phone', 3, maskDigits(countryCode, 4)));
  }
  for (const m of matchAll(INTERNATIONAL, norm)) {
    const n = digitCount(m[0]);
    const countryCode = /^\+(\d{1,3})/.exec(m[0])![1]!.length;
    if (n >= 8 && n <= 15) out.push(candidate(m, 'phone', 4, maskDigits(countryCode, 4)));
  }
}

// ---- ID and bank cards ----------------------------------------------------------------------

const MONTH = '(?:0[1-9]|1[0-2])';
const DAY = '(?:0[1-9]|[12]\\d|3[01])';
/** 18 digits: region, date of birth (YYYYMMDD), sequence, check digit or X. */
const ID_18 = new RegExp(
  `${LEFT}[1-9]\\d{5} ?(?:18|19|20)\\d{2}${MONTH}${DAY} ?\\d{3}[\\dXx]${RIGHT}`,
  'g',
);
/** The old 15-digit numbers: region, date of birth (YYMMDD), sequence. */
const ID_15 = new RegExp(`${LEFT}[1-9]\\d{5}\\d{2}${MONTH}${DAY}\\d{3}${RIGHT}`, 'g');
/** 13–19 digits, plain or in groups of four (the last group may be shorter), same separator. */
const CARD_PLAIN = new RegExp(`${LEFT}[2-6]\\d{12,18}${RIGHT}`, 'g');
const CARD_GROUPED = new RegExp(
  `${LEFT}[2-6]\\d{3}([ -])\\d{4}\\1\\d{4}(?:\\1\\d{4})?(?:\\1\\d{1,4})?${RIGHT}`,
  'g',
);

function findCards(norm: string, out: Candidate[]): void {
  for (const pattern of [ID_18, ID_15]) {
    for (const m of matchAll(pattern, norm)) out.push(candidate(m, 'id_card', 0, maskDigits(0, 4)));
  }
  for (const m of matchAll(CARD_PLAIN, norm)) {
    if (passesLuhn(m[0])) out.push(candidate(m, 'bank_card', 5, maskDigits(0, 4)));
  }
  for (const m of matchAll(CARD_GROUPED, norm)) {
    // A trailing short group may be a quantity after the number ("… 1234 2 pcs"): try without.
    const groups = m[0].split(m[1]!);
    for (const take of [groups.length, groups.length - 1]) {
      const text = groups.slice(0, take).join(m[1]);
      const digits = text.replace(/\D/g, '');
      if (digits.length >= 13 && digits.length <= 19 && passesLuhn(digits)) {
        out.push({
          start: m.index,
          end: m.index + text.length,
          kind: 'bank_card',
          rank: 5,
          render: maskDigits(0, 4),
        });
        break;
      }
    }
  }
}

// ---- email ----------------------------------------------------------------------------------

const EMAIL =
  /(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;

function findEmails(norm: string, out: Candidate[]): void {
  for (const m of matchAll(EMAIL, norm)) {
    out.push(
      candidate(m, 'email', 0, (original) => {
        // Keep the first character of the name and the whole domain: z*******@example.com.
        const at = normaliseForMatching(original).lastIndexOf('@');
        return original[0] + MASK.repeat(at - 1) + original.slice(at);
      }),
    );
  }
}

// ---- addresses (zh) -------------------------------------------------------------------------

const HAN = /\p{Script=Han}/u;
/** Left of a road name: administrative units (kept, like the city) and words that end a phrase. */
const ZH_STOP = new Set(
  [
    ...'省市区县镇乡旗道在住到寄送是的址往从给至于和与及或也还就请帮我你他她发邮收改为成换去来回填写',
  ].concat([
    // The units: a name never runs back over the previous part of the address.
    ...'号弄栋幢座室楼层组户期',
  ]),
);
const ROAD_SUFFIX = '(?:大街|大道|胡同|路|街|巷|弄|里|道|村)';
const COMPOUND_SUFFIX = '(?:小区|花园|公寓|大厦|家园|新村|社区|广场|大楼|公馆|苑|府|庭|城|园)';
const UNIT = '(?:号院|号楼|栋楼|号|弄|栋|幢|座|单元|室|楼|层|组|户|期)';
const UNIT_NUMBER = '(?:\\d+|[A-Za-z]\\d*|[一二三四五六七八九十]{1,3})';
/** One unit of an address: 123号, 5栋, A座, 二期, 601室; "5-2-301" style hyphens between. */
const UNIT_TOKEN = new RegExp(`\\s*(?:-\\s*)?${UNIT_NUMBER}\\s*${UNIT}`, 'y');
/** A building or estate name between units (…385号太古汇一座3201). */
const NAME_TOKEN = new RegExp(
  `[\\p{Script=Han}A-Za-z]{1,10}?(?=\\s*(?:-\\s*)?${UNIT_NUMBER}\\s*${UNIT})`,
  'uy',
);
/** A bare room number after the units (5栋2单元301), not a quantity (…号2台). */
const TRAILING_NUMBER = /-?\d{1,5}(?![\p{Script=Han}0-9A-Za-z])/uy;
const ROAD_ANCHOR = new RegExp(`${ROAD_SUFFIX}(?=\\s*\\d+\\s*(?:号|弄|栋|幢|组))`, 'gu');
const COMPOUND_ANCHOR = new RegExp(
  `${COMPOUND_SUFFIX}(?=\\s*(?:\\d+|[A-Za-z]\\d*)\\s*(?:号楼|栋|幢|座|单元|室|号|期))`,
  'gu',
);
const BARE_CHAIN = new RegExp(`(?<![0-9A-Za-z])\\d+\\s*${UNIT}`, 'g');
const ZH_POSTCODE = /邮编\s*[:]?\s*(\d{6})(?!\d)/g;

/** The units after `from`; returns where they end (from itself when there are none) and how many. */
function unitChain(norm: string, from: number): { end: number; units: number } {
  let end = from;
  let units = 0;
  for (;;) {
    let at = end;
    if (units > 0) {
      NAME_TOKEN.lastIndex = at;
      const name = NAME_TOKEN.exec(norm);
      if (name && ![...name[0]].some((c) => ZH_STOP.has(c))) at = NAME_TOKEN.lastIndex;
    }
    UNIT_TOKEN.lastIndex = at;
    if (!UNIT_TOKEN.exec(norm)) break;
    end = UNIT_TOKEN.lastIndex;
    units++;
  }
  if (units > 0) {
    TRAILING_NUMBER.lastIndex = end;
    if (TRAILING_NUMBER.exec(norm)) end = TRAILING_NUMBER.lastIndex;
  }
  return { end, units };
}

/** Walks left over the road's or compound's name, stopping at the district or a phrase word. */
function nameStart(norm: string, suffixStart: number): number {
  let start = suffixStart;
  while (start > 0 && suffixStart - start < 8) {
    const c = norm[start - 1]!;
    // Latin letters too: estates such as "SOHO现代城".
    if (!(HAN.test(c) || /[A-Za-z]/.test(c)) || ZH_STOP.has(c)) break;
    start--;
  }
  return start;
}

function findZhAddresses(norm: string, out: Candidate[]): void {
  const replace = () => ADDRESS_MASK;
  for (const anchor of [ROAD_ANCHOR, COMPOUND_ANCHOR]) {
    for (const m of matchAll(anchor, norm)) {
      const { end, units } = unitChain(norm, m.index + m[0].length);
      if (units === 0) continue;
      // Go on after the chain: walking it again from each unit inside would be quadratic.
      anchor.lastIndex = Math.max(anchor.lastIndex, end);
      const start = nameStart(norm, m.index);
      out.push({ start, end, kind: 'address', rank: 1, render: replace });
    }
  }
  // Units without a road or estate name: two at least (5号601室), so "11月1号" stays.
  for (const m of matchAll(BARE_CHAIN, norm)) {
    const { end, units } = unitChain(norm, m.index);
    BARE_CHAIN.lastIndex = Math.max(BARE_CHAIN.lastIndex, end);
    if (units < 2) continue;
    out.push({ start: nameStart(norm, m.index), end, kind: 'address', rank: 1, render: replace });
  }
  for (const m of matchAll(ZH_POSTCODE, norm)) {
    const start = m.index + m[0].length - 6;
    out.push({ start, end: start + 6, kind: 'address', rank: 1, render: () => MASK.repeat(6) });
  }
}

// ---- addresses (en) -------------------------------------------------------------------------

/** Street types that are seldom anything else, in any case. */
const STREET_TYPES =
  'Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Ln|Highway|Hwy|Parkway|Pkwy|Terrace|Crescent|Cres';
/** Street types that are also ordinary words ("on the way", "test drive"): capitalised only. */
const PROPER_STREET_TYPES = 'Drive|Dr|Way|Place|Pl|Court|Ct|Close|Square|Sq|Row|Mews|Walk|Gardens';
const NOT_A_STREET_WORD = new Set(
  'a an the on in at of to for and or with by my your our is are was be it this that from pcs units items days'.split(
    ' ',
  ),
);
/** "St" → "[Ss][Tt]": the street types match in any case, the name around them does not need to. */
const anyCase = (words: string) =>
  words.replace(/[A-Za-z]/g, (c) => `[${c.toUpperCase()}${c.toLowerCase()}]`);
const EN_STREET = new RegExp(
  `(?<![0-9A-Za-z-])(\\d{1,6}[A-Za-z]?(?:-\\d{1,4})?)\\s+((?:(?:[A-Za-z][A-Za-z'.-]*|\\d+(?:st|nd|rd|th))\\s+){1,4}?)` +
    `(?:${anyCase(STREET_TYPES)}|${PROPER_STREET_TYPES})\\b\\.?` +
    `(?:\\s+(?:NW|NE|SW|SE|N|S|E|W)\\b)?` +
    `(?:,?\\s*(?:(?:${anyCase('apt|apartment|unit|suite|ste|flat|room|fl|floor')})\\.?\\s*#?|#\\s*)[A-Za-z0-9-]+)?`,
  'g',
);
const US_ZIP =
  /^,?\s*(?:[A-Za-z][A-Za-z .'-]{0,30}?,?\s+)?(?:[A-Z]{2}\s+)?(\d{5}(?:-\d{4})?)(?![0-9A-Za-z])/;
const UK_POSTCODE =
  /^,?\s*(?:[A-Za-z][A-Za-z .'-]{0,30}?,?\s+)?([A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2})(?![0-9A-Za-z])/;

function findEnAddresses(norm: string, out: Candidate[]): void {
  for (const m of matchAll(EN_STREET, norm)) {
    const words = m[2]!.trim().toLowerCase().split(/\s+/);
    if (words.some((w) => NOT_A_STREET_WORD.has(w))) {
      // "2 days on 5 Main St": a street may still start further in.
      EN_STREET.lastIndex = m.index + 1;
      continue;
    }
    const end = m.index + m[0].length;
    out.push({ start: m.index, end, kind: 'address', rank: 1, render: () => ADDRESS_MASK });
    // A ZIP code or postcode right after the street (", Springfield, IL 62704"); the city stays.
    const rest = norm.slice(end, end + 50);
    const post = US_ZIP.exec(rest) ?? UK_POSTCODE.exec(rest);
    if (post) {
      const code = post[1]!;
      const start = end + post[0].length - code.length;
      out.push({
        start,
        end: start + code.length,
        kind: 'address',
        rank: 1,
        render: () => ADDRESS_MASK,
      });
    }
  }
}

// ---------------------------------------------------------------------------------------------

function candidate(
  m: RegExpExecArray,
  kind: MaskKind,
  rank: number,
  render: (original: string) => string,
): Candidate {
  return { start: m.index, end: m.index + m[0].length, kind, rank, render };
}

/** Nothing can be masked in a text without a digit or an @ (the common case: skip the work). */
const MAYBE_SENSITIVE = /[0-9０-９@＠]/;

/** Masks phone, ID card and bank card numbers, email addresses and street addresses in `text`. */
export function maskSensitive(text: string): MaskResult {
  if (!MAYBE_SENSITIVE.test(text)) return { text, spans: [] };
  const norm = normaliseForMatching(text);
  const found: Candidate[] = [];
  findEmails(norm, found);
  findPhones(norm, found);
  findCards(norm, found);
  findZhAddresses(norm, found);
  findEnAddresses(norm, found);
  // Earliest first, then the longest, then the more specific: an email's name may look like a
  // phone number, and an ID number like a card number.
  found.sort((a, b) => a.start - b.start || b.end - a.end || a.rank - b.rank);
  const chosen: Candidate[] = [];
  let covered = 0;
  for (const c of found) {
    if (c.start < covered) continue;
    const last = chosen.at(-1);
    // One address in two pieces (建国路88号 + SOHO现代城A座1203室) is masked as one.
    if (
      last?.kind === 'address' &&
      c.kind === 'address' &&
      /^[\s,]*$/.test(norm.slice(last.end, c.start))
    ) {
      chosen[chosen.length - 1] = { ...last, end: c.end, render: () => ADDRESS_MASK };
    } else {
      chosen.push(c);
    }
    covered = c.end;
  }
  let out = '';
  let at = 0;
  for (const c of chosen) {
    out += text.slice(at, c.start) + c.render(text.slice(c.start, c.end));
    at = c.end;
  }
  out += text.slice(at);
  return { text: out, spans: chosen.map(({ start, end, kind }) => ({ start, end, kind })) };
}
