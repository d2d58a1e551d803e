import { en } from '../../../../shared/i18n/en';
import { zhCN } from '../../../../shared/i18n/zh-CN';
import { errorKeyForCode } from '../../app/api';
import type { AppLanguage } from '../../app/language';

// The widget runs on shops' pages without the app's i18next (a third of its bundle), so it
// reads its few strings straight from the shared resources.
export function widgetText(language: AppLanguage) {
  const strings = language === 'zh-CN' ? zhCN : en;
  return {
    ...strings.widget,
    chat: strings.chat,
    errorSentence: (code: string | null | undefined): string => {
      const key = errorKeyForCode(code).slice('errors.'.length) as keyof typeof strings.errors;
      return strings.errors[key];
    },
  };
}

export type WidgetText = ReturnType<typeof widgetText>;

/** Fills `{{name}}` placeholders; the result is shown as text, never as HTML. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/{{\s*(\w+)\s*}}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}
