import { kpisFrom, type OutcomeCounters } from '../../shared/domain/kpis';
import type { KpiSet, Ratio } from '../../shared/schemas/dashboard';

const ratioKpis = [
  'conversion',
  'averageOrderValue',
  'firstResponseMs',
  'averageResponseMs',
  'answerRatio',
  'handleMs',
  'offerAcceptance',
  'satisfaction',
  'refundRate',
] as const satisfies readonly (keyof KpiSet)[];

/**
 * The CSV header: English ids. Each ratio KPI has its value and what it was computed from, so a
 * spreadsheet can add rows up again (sum the numerators and denominators, never the values).
 */
export const csvHeader = [
  'day',
  'agentId',
  'agentName',
  'chats',
  'sales',
  ...ratioKpis.flatMap((k) => [k, `${k}Numerator`, `${k}Denominator`]),
];

// A cell starting with one of these is a formula to a spreadsheet (CSV injection).
const FORMULA_START = /^[=+\-@\t\r]/;

function textCell(text: string): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

const numberCell = (n: number | null) => (n === null ? '' : String(n));

/**
 * The export: UTF-8 with a byte-order mark (so Excel reads Chinese names), CRLF lines, numbers
 * unformatted (a KPI without a denominator is an empty cell).
 */
export function dashboardCsv(
  rows: readonly { day: string; agentId: string; agentName: string; counters: OutcomeCounters }[],
): string {
  const lines = [csvHeader.join(',')];
  for (const row of rows) {
    const kpis = kpisFrom(row.counters);
    const ratios = ratioKpis.flatMap((k) => {
      const r: Ratio = kpis[k];
      return [numberCell(r.value), numberCell(r.numerator), numberCell(r.denominator)];
    });
    lines.push(
      [
        row.day,
        textCell(row.agentId),
        textCell(row.agentName),
        numberCell(kpis.chats),
        numberCell(kpis.sales),
        ...ratios,
      ].join(','),
    );
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
