import { describe, expect, it } from 'vitest';
import { dayOf, formatDay, parseDay, parseInstant, toDay } from './utc-day';

describe('parseInstant', () => {
  it.each([
    ['2025-03-01', Date.UTC(2025, 2, 1)],
    ['2025-03-01T10:15', Date.UTC(2025, 2, 1, 10, 15)],
    // No zone means UTC, whatever the machine's zone.
    ['2025-03-01 10:15:30', Date.UTC(2025, 2, 1, 10, 15, 30)],
    ['2025-03-01T10:15:30.25Z', Date.UTC(2025, 2, 1, 10, 15, 30, 250)],
    ['2025-03-01T10:15:00+08:00', Date.UTC(2025, 2, 1, 2, 15)],
    ['2025-03-01T10:15:00+0800', Date.UTC(2025, 2, 1, 2, 15)],
    ['2025-02-28T23:30:00-02:00', Date.UTC(2025, 2, 1, 1, 30)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2000-02-29', Date.UTC(2000, 1, 29)],
  ])('reads %s', (text, expected) => {
    expect(parseInstant(text)).toBe(expected);
  });

  it.each([
    '',
    '2025-02-29', // not a leap year
    '1900-02-29', // centuries are not, unless divisible by 400
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-1-1',
    '01/03/2025',
    '2025-03-01T24:00',
    '2025-03-01T10:60',
    '2025-03-01T10:15:00+25:00',
    '2025-03-01Z',
    '0999-01-01',
    ' 2025-03-01',
    'yesterday',
  ])('refuses %j', (text) => {
    expect(parseInstant(text)).toBeNull();
  });
});

describe('UTC days', () => {
  it('counts whole calendar days from 1970-01-01, ignoring the time of day', () => {
    expect(parseDay('1970-01-01T23:59:59Z')).toBe(0);
    expect(parseDay('1970-01-02')).toBe(1);
    expect(parseDay('1969-12-31T23:00:00Z')).toBe(-1);
    // 10:00 in Shanghai on 1 March is still 28 February in UTC.
    expect(formatDay(parseDay('2025-03-01T07:59:59+08:00')!)).toBe('2025-02-28');
    expect(formatDay(parseDay('2025-03-01T08:00:00+08:00')!)).toBe('2025-03-01');
  });

  it('takes Dates, strings and epoch milliseconds alike, and rejects invalid ones', () => {
    const day = parseDay('2025-03-01')!;
    expect(toDay(new Date('2025-03-01T12:00:00Z'))).toBe(day);
    expect(toDay(Date.UTC(2025, 2, 1, 12))).toBe(day);
    expect(toDay('2025-03-01T12:00:00Z')).toBe(day);
    expect(toDay(new Date('nonsense'))).toBeNull();
    expect(toDay(Number.NaN)).toBeNull();
    expect(toDay('2025-03-32')).toBeNull();
  });

  it('formats day numbers back as YYYY-MM-DD', () => {
    expect(formatDay(0)).toBe('1970-01-01');
    expect(formatDay(dayOf(Date.UTC(2024, 1, 29, 23)))).toBe('2024-02-29');
    // 2025-01-30 → 2025-03-01: 1 day to the 31st, 28 in February, 1 to March.
    expect(parseDay('2025-03-01')! - parseDay('2025-01-30')!).toBe(30);
  });
});
