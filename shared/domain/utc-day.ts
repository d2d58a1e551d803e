/**
 * Calendar days in UTC, counted from 1970-01-01 (day 0). RFM recency and CLV tenure are
 * differences of these numbers, so a time of day or a daylight-saving switch never changes them.
 */
export const DAY_MS = 86_400_000;

// Date.parse accepts far too much (and reads "2025-03-01 10:00" in the machine's zone), so
// timestamps are matched strictly: a date, optionally a time, optionally a zone.
const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Milliseconds since the epoch for `YYYY-MM-DD`, `YYYY-MM-DDTHH:mm[:ss[.fff]][Z|±HH:MM]`
 * (a space may replace the T); a timestamp without a zone is read as UTC. Null when the text
 * is not such a timestamp or names a day or time that does not exist (2025-02-30, 24:00).
 */
export function parseInstant(text: string): number | null {
  const match = ISO_INSTANT.exec(text);
  if (!match) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone = 'Z'] = match;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return null;
  }
  if (hour > 23 || minute > 59 || second > 59) return null;
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const digits = zone.replace(':', '');
    const offsetHours = Number(digits.slice(1, 3));
    const offsetMins = Number(digits.slice(3, 5));
    if (offsetHours > 23 || offsetMins > 59) return null;
    offsetMinutes = (zone.startsWith('-') ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const millis = Math.floor(Number(`0.${fraction || '0'}`) * 1000);
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}

/** The UTC day number of a strict ISO timestamp (see parseInstant), or null. */
export function parseDay(text: string): number | null {
  const instant = parseInstant(text);
  return instant === null ? null : dayOf(instant);
}

/** The UTC day number of a Date, a strict ISO string or epoch milliseconds; null when invalid. */
export function toDay(value: Date | string | number): number | null {
  if (typeof value === 'string') return parseDay(value);
  const time = typeof value === 'number' ? value : value.getTime();
  return Number.isFinite(time) ? dayOf(time) : null;
}

export function dayOf(epochMs: number): number {
  return Math.floor(epochMs / DAY_MS);
}

/** `YYYY-MM-DD` of a UTC day number. */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}
