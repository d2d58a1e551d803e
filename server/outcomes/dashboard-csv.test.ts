import { describe, expect, it } from 'vitest';
import { addCounters, countersOf, emptyCounters } from '../../shared/domain/kpis';
import { csvHeader, dashboardCsv } from './dashboard-csv';

const chat = countersOf({
  disposition: 'purchased',
  order: { orderId: 'O1', value: 129.9, source: 'linked', refunded: false },
  offers: [],
  objections: [],
  scripts: [],
  satisfaction: null,
  timings: {
    shopperMessages: 2,
    agentMessages: 3,
    firstResponseMs: 12_000,
    responseMsTotal: 30_000,
    responses: 2,
    handleMs: 300_000,
  },
});

describe('dashboardCsv', () => {
  it('starts with a BOM and an English header, ends every line with CRLF', () => {
    const csv = dashboardCsv([]);
    expect(csv).toBe(`\uFEFF${csvHeader.join(',')}\r\n`);
    expect(csvHeader).toHaveLength(5 + 9 * 3);
  });

  it('writes numbers unformatted and a KPI without a denominator as an empty cell', () => {
    const csv = dashboardCsv([
      { day: '2026-02-01', agentId: 'a1', agentName: '张丽', counters: addCounters(chat, chat) },
    ]);
    const row = csv.split('\r\n')[1]!.split(',');
    const at = (name: string) => row[csvHeader.indexOf(name)];
    // Two chats of ¥129.90: sales 259.8, AOV 129.9, conversion 2 of 2, FRT 12 000 ms.
    expect(row.slice(0, 5)).toEqual(['2026-02-01', 'a1', '张丽', '2', '259.8']);
    expect(at('averageOrderValue')).toBe('129.9');
    expect(at('conversion')).toBe('1');
    expect(at('firstResponseMs')).toBe('12000');
    expect(at('answerRatio')).toBe('1.5'); // 6 / 4
    expect([
      at('satisfaction'),
      at('satisfactionNumerator'),
      at('satisfactionDenominator'),
    ]).toEqual(['', '0', '0']);
  });

  it('quotes separators and defuses spreadsheet formulas in names', () => {
    const csv = dashboardCsv([
      { day: '2026-02-01', agentId: '=cmd', agentName: 'Tom "TJ", Jr', counters: emptyCounters() },
      { day: '2026-02-01', agentId: 'a2', agentName: '@SUM(A1:A9)', counters: emptyCounters() },
    ]);
    const [, first, second] = csv.split('\r\n');
    expect(first!.startsWith(`2026-02-01,'=cmd,"Tom ""TJ"", Jr",0,0,`)).toBe(true);
    expect(second!.startsWith(`2026-02-01,a2,'@SUM(A1:A9),0,0,`)).toBe(true);
  });
});
