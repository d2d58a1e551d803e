// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { i18n } from '../../../app/i18n';
import {
  axisDays,
  dashboardUrl,
  exportUrl,
  filtersFromParams,
  lastDays,
  withFilters,
} from './filters';
import {
  compareNullable,
  formatDuration,
  formatFraction,
  formatMoney,
  formatPercent,
} from './format';

const en = i18n.getFixedT('en');
const zh = i18n.getFixedT('zh-CN');
// 2025-11-30 10:00 UTC is still the 30th in UTC but already 18:00 in Shanghai.
const now = Date.UTC(2025, 10, 30, 10);

describe('dashboard formats', () => {
  it('says durations in shop terms, rounding to the second or minute', () => {
    expect(formatDuration(65_000, en, 'en')).toBe('1 min 05 s');
    expect(formatDuration(65_000, zh, 'zh-CN')).toBe('1 分 05 秒');
    // 3.24 s keeps one decimal; 9.96 s rounds to 10 s and loses it.
    expect(formatDuration(3_240, en, 'en')).toBe('3.2 s');
    expect(formatDuration(9_960, en, 'en')).toBe('10 s');
    // 59.6 s rounds up to a whole minute.
    expect(formatDuration(59_600, en, 'en')).toBe('1 min 00 s');
    // 2 h 2 min 40 s = 7,360 s = 122.67 min → 123 min = 2 h 03 min.
    expect(formatDuration(7_360_000, zh, 'zh-CN')).toBe('2 小时 03 分');
  });

  it('writes money with ¥ and two decimals, ratios as percentages', () => {
    expect(formatMoney(3456.5, 'en')).toBe('¥3,456.50');
    expect(formatMoney(3456.5, 'zh-CN')).toBe('¥3,456.50');
    expect(formatMoney(0, 'en')).toBe('¥0.00');
    expect(formatPercent(12 / 40, 'en')).toBe('30.0%');
    // 2 ÷ 3 = 66.67%, one decimal.
    expect(formatPercent(2 / 3, 'zh-CN')).toBe('66.7%');
  });

  it('names what a KPI was computed from', () => {
    expect(
      formatFraction('conversion', { value: 0.3, numerator: 12, denominator: 40 }, en, 'en'),
    ).toBe('12 purchased ÷ 40 asked');
    expect(
      formatFraction(
        'handleMs',
        { value: 754_000, numerator: 36_192_000, denominator: 48 },
        zh,
        'zh-CN',
      ),
    ).toBe('合计 10 小时 03 分 ÷ 48 个会话'); // 36,192 s = 603.2 min → 603 min = 10 h 03 min
  });

  it('keeps rows without data last whichever way a column sorts', () => {
    const values = [0.25, null, 0.35];
    const ascending = [...values].sort((a, b) => compareNullable(a, b, 'ascend'));
    // antd reverses the comparator for a descending sort.
    const descending = [...values].sort((a, b) => -compareNullable(a, b, 'descend'));
    expect(ascending).toEqual([0.25, 0.35, null]);
    expect(descending).toEqual([0.35, 0.25, null]);
  });
});

describe('dashboard filters', () => {
  it('defaults to the last 30 UTC days and keeps a valid shared range', () => {
    expect(lastDays(30, now)).toEqual({ from: '2025-11-01', to: '2025-11-30' });
    expect(lastDays(7, now)).toEqual({ from: '2025-11-24', to: '2025-11-30' });
    expect(filtersFromParams(new URLSearchParams(''), now)).toEqual({
      from: '2025-11-01',
      to: '2025-11-30',
    });
    expect(
      filtersFromParams(
        new URLSearchParams('from=2025-02-01&to=2025-02-28&agent=agent2&segment=unknown'),
        now,
      ),
    ).toEqual({ from: '2025-02-01', to: '2025-02-28', agent: 'agent2', segment: 'unknown' });
  });

  it('drops a range that does not exist or runs backwards, and an unknown segment', () => {
    for (const query of [
      'from=2025-02-01&to=2025-02-30',
      'from=2025-03-01&to=2025-02-01',
      'from=2025-2-1&to=2025-02-03',
      'from=2025-02-01',
    ]) {
      expect(filtersFromParams(new URLSearchParams(query), now)).toEqual(lastDays(30, now));
    }
    // 2024-01-01 … 2025-06-30 is 547 days (366 in 2024 + 181); the last 366 start 2024-06-30,
    // 365 days before 2025-06-30 (no 29 February between them), both ends counted.
    expect(filtersFromParams(new URLSearchParams('from=2024-01-01&to=2025-06-30'), now)).toEqual({
      from: '2024-06-30',
      to: '2025-06-30',
    });
    expect(filtersFromParams(new URLSearchParams('segment=VIP&agent=%20'), now)).toEqual(
      lastDays(30, now),
    );
  });

  it('builds the same query for the API and the CSV, and keeps other parameters', () => {
    const filters = { from: '2025-11-01', to: '2025-11-30', segment: '重要价值' };
    const segment = encodeURIComponent('重要价值');
    expect(dashboardUrl(filters)).toBe(
      `/api/dashboard?from=2025-11-01&to=2025-11-30&segment=${segment}`,
    );
    expect(exportUrl(filters)).toBe(
      `/api/dashboard/export.csv?from=2025-11-01&to=2025-11-30&segment=${segment}`,
    );
    expect(withFilters(new URLSearchParams('tab=x&agent=agent1'), filters).toString()).toBe(
      `tab=x&from=2025-11-01&to=2025-11-30&segment=${segment}`,
    );
  });

  it('puts every day of the range on a chart axis, across a month end', () => {
    expect(axisDays('2025-01-30', '2025-02-02', ['2025-02-01'])).toEqual([
      '2025-01-30',
      '2025-01-31',
      '2025-02-01',
      '2025-02-02',
    ]);
    // Over two years only the days with data.
    expect(axisDays('2020-01-01', '2025-01-01', ['2024-05-02', '2021-03-04'])).toEqual([
      '2021-03-04',
      '2024-05-02',
    ]);
  });
});
