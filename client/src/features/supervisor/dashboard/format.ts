import type { TFunction } from 'i18next';
import type { KpiSet, Ratio } from '../../../../../shared/schemas/dashboard';
import type { AppLanguage } from '../../../app/i18n';

/** The KPIs that are a ratio of two sums, in the order the dashboard shows them. */
export const ratioKpis = [
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
export type RatioKpi = (typeof ratioKpis)[number];

type Kind = 'percent' | 'money' | 'duration' | 'rating';
const kindOf: Record<RatioKpi, Kind> = {
  conversion: 'percent',
  averageOrderValue: 'money',
  firstResponseMs: 'duration',
  averageResponseMs: 'duration',
  answerRatio: 'percent',
  handleMs: 'duration',
  offerAcceptance: 'percent',
  satisfaction: 'rating',
  refundRate: 'percent',
};

/** Shown for a figure with nothing to compute it from. */
export const NO_VALUE = '—';

const formats = new Map<string, Intl.NumberFormat>();
function numberFormat(language: AppLanguage, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(language, options)));
  return format;
}

export function formatCount(n: number, language: AppLanguage): string {
  return numberFormat(language, { maximumFractionDigits: 0 }).format(n);
}

/** 0.3 → "30.0%". */
export function formatPercent(ratio: number, language: AppLanguage): string {
  return numberFormat(language, {
    style: 'percent',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  }).format(ratio);
}

/** CNY with the ¥ sign and two decimals in both languages: 1234.5 → "¥1,234.50". */
export function formatMoney(yuan: number, language: AppLanguage): string {
  const digits = numberFormat(language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  return yuan < 0 ? `-¥${digits.format(-yuan)}` : `¥${digits.format(yuan)}`;
}

const two = (n: number) => String(n).padStart(2, '0');

/**
 * A span of time the way a shop's back office says it: "45 s", "1 min 05 s", "2 h 03 min"
 * ("45 秒", "1 分 05 秒", "2 小时 03 分"); under ten seconds with one decimal.
 */
export function formatDuration(ms: number, t: TFunction, language: AppLanguage): string {
  const exactSeconds = ms / 1000;
  if (exactSeconds < 9.95) {
    const seconds = numberFormat(language, { maximumFractionDigits: 1 }).format(exactSeconds);
    return t('dashboard.ui.duration.seconds', { seconds });
  }
  const total = Math.round(exactSeconds);
  if (total < 60) return t('dashboard.ui.duration.seconds', { seconds: String(total) });
  if (total < 3600) {
    return t('dashboard.ui.duration.minutes', {
      minutes: String(Math.floor(total / 60)),
      seconds: two(total % 60),
    });
  }
  const minutes = Math.round(total / 60);
  return t('dashboard.ui.duration.hours', {
    hours: formatCount(Math.floor(minutes / 60), language),
    minutes: two(minutes % 60),
  });
}

function formatAmount(kind: Kind, value: number, t: TFunction, language: AppLanguage): string {
  switch (kind) {
    case 'percent':
      return formatPercent(value, language);
    case 'money':
      return formatMoney(value, language);
    case 'duration':
      return formatDuration(value, t, language);
    case 'rating':
      return t('dashboard.ui.rating', {
        value: numberFormat(language, {
          minimumFractionDigits: 1,
          maximumFractionDigits: 1,
        }).format(value),
      });
  }
}

/** The KPI's value for display; "—" when there was nothing to divide by. */
export function formatKpi(
  name: RatioKpi,
  ratio: Ratio,
  t: TFunction,
  language: AppLanguage,
): string {
  return ratio.value === null ? NO_VALUE : formatAmount(kindOf[name], ratio.value, t, language);
}

/** What the value was computed from, e.g. "12 purchased ÷ 40 asked". */
export function formatFraction(
  name: RatioKpi,
  ratio: Ratio,
  t: TFunction,
  language: AppLanguage,
): string {
  const kind = kindOf[name];
  const numerator =
    kind === 'money'
      ? formatMoney(ratio.numerator, language)
      : kind === 'duration'
        ? formatDuration(ratio.numerator, t, language)
        : formatCount(ratio.numerator, language);
  return t(`dashboard.ui.fraction.${name}`, {
    numerator,
    denominator: formatCount(ratio.denominator, language),
  });
}

/**
 * A table sorter that keeps nulls (no data) below every value whichever way the column is
 * sorted: antd reverses the comparison for a descending sort, so the nulls' side flips too.
 */
export function compareNullable(
  a: number | null,
  b: number | null,
  order?: 'ascend' | 'descend' | null,
): number {
  const last = order === 'descend' ? -1 : 1;
  if (a === null && b === null) return 0;
  if (a === null) return last;
  if (b === null) return -last;
  return a - b;
}
