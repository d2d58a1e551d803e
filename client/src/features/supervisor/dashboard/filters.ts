import { eightClasses } from '../../../../../shared/domain/rfm-eight-classes';
import { dayOf, formatDay, parseDay } from '../../../../../shared/domain/utc-day';

/** What the dashboard shows: UTC days 'YYYY-MM-DD', both ends included; all agents/segments when unset. */
export interface DashboardFilters {
  from: string;
  to: string;
  agent?: string;
  segment?: string;
}

/** The RFM eight classes and 'unknown' for guests, as the outcome records hold them. */
export const segmentValues = [...eightClasses, 'unknown'] as const;
export type SegmentValue = (typeof segmentValues)[number];

export const rangePresets = [7, 30, 90] as const;
export const DEFAULT_RANGE_DAYS = 30;
/** The longest range the server answers (server/outcomes/dashboard-query.ts MAX_RANGE_DAYS). */
export const MAX_RANGE_DAYS = 366;
const MAX_AGENT_LENGTH = 64;
const DAY_PATTERN = /^\d{4}-\d{2}-\d{2}$/;

/** Today as the server counts days (UTC). */
export function todayUtc(now = Date.now()): string {
  return formatDay(dayOf(now));
}

/** The last `days` days up to and including today (UTC). */
export function lastDays(days: number, now = Date.now()): { from: string; to: string } {
  const today = dayOf(now);
  return { from: formatDay(today - days + 1), to: formatDay(today) };
}

function dayNumber(text: string | null): number | null {
  return text && DAY_PATTERN.test(text) ? parseDay(text) : null;
}

function isSegment(value: string): value is SegmentValue {
  return (segmentValues as readonly string[]).includes(value);
}

/**
 * The filters a shared link carries. A missing or broken range (a day that does not exist, or
 * `from` after `to`) falls back to the last 30 days, one too long is cut to its last 366 days,
 * and an unknown segment means every customer.
 */
export function filtersFromParams(params: URLSearchParams, now = Date.now()): DashboardFilters {
  const from = dayNumber(params.get('from'));
  const to = dayNumber(params.get('to'));
  const range =
    from !== null && to !== null && from <= to
      ? { from: formatDay(Math.max(from, to - MAX_RANGE_DAYS + 1)), to: formatDay(to) }
      : lastDays(DEFAULT_RANGE_DAYS, now);
  const agent = params.get('agent')?.trim();
  const segment = params.get('segment');
  return {
    ...range,
    ...(agent && agent.length <= MAX_AGENT_LENGTH ? { agent } : {}),
    ...(segment && isSegment(segment) ? { segment } : {}),
  };
}

/** The same query for the page, the JSON API and the CSV export, in a fixed order. */
export function filtersQuery(filters: DashboardFilters): string {
  const params = new URLSearchParams({ from: filters.from, to: filters.to });
  if (filters.agent) params.set('agent', filters.agent);
  if (filters.segment) params.set('segment', filters.segment);
  return params.toString();
}

/** `current` with the dashboard's filters replaced, other parameters kept. */
export function withFilters(current: URLSearchParams, filters: DashboardFilters): URLSearchParams {
  const next = new URLSearchParams(current);
  for (const key of ['from', 'to', 'agent', 'segment'] as const) {
    const value = filters[key];
    if (value) next.set(key, value);
    else next.delete(key);
  }
  return next;
}

export const dashboardUrl = (filters: DashboardFilters) =>
  `/api/dashboard?${filtersQuery(filters)}`;
export const exportUrl = (filters: DashboardFilters) =>
  `/api/dashboard/export.csv?${filtersQuery(filters)}`;

// Longer ranges are drawn with the days the server sent rather than a point for every day.
const MAX_FILLED_DAYS = 731;

/**
 * Every day from `from` to `to`, so a day without chats is a gap on the chart rather than
 * missing from its axis; `known` (the days with data) alone when the range is very long.
 */
export function axisDays(from: string, to: string, known: readonly string[]): string[] {
  const first = dayNumber(from);
  const last = dayNumber(to);
  if (first === null || last === null || last < first || last - first >= MAX_FILLED_DAYS) {
    return [...new Set(known)].sort();
  }
  const days: string[] = [];
  for (let day = first; day <= last; day++) days.push(formatDay(day));
  return days;
}
