import type { AppLanguage } from '../../app/i18n';

const priceFormats = new Map<AppLanguage, Intl.NumberFormat>();
const dateFormats = new Map<AppLanguage, Intl.DateTimeFormat>();

/** A yuan amount as the language writes it: ¥1,299.00 in Chinese, CN¥1,299.00 in English. */
export function formatCny(amount: number, language: AppLanguage): string {
  let format = priceFormats.get(language);
  if (!format) {
    format = new Intl.NumberFormat(language, { style: 'currency', currency: 'CNY' });
    priceFormats.set(language, format);
  }
  return format.format(amount);
}

export function formatDate(isoDate: string, language: AppLanguage): string {
  const date = new Date(isoDate);
  if (Number.isNaN(date.getTime())) return isoDate;
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(language, { year: 'numeric', month: 'long', day: 'numeric' });
    dateFormats.set(language, format);
  }
  return format.format(date);
}
