const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(language: string, withDate: boolean): Intl.DateTimeFormat {
  const key = `${language}|${withDate}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(language, {
      ...(withDate ? { month: 'numeric', day: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
    });
    formats.set(key, format);
  }
  return format;
}

/** A message's time: "14:05" today, with the date before that. */
export function formatMessageTime(iso: string, language: string, now = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return formatFor(language, date.toDateString() !== now.toDateString()).format(date);
}
