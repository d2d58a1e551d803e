import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { en } from '../../../shared/i18n/en';
import { zhCN } from '../../../shared/i18n/zh-CN';
import {
  SUPPORTED_LANGUAGES,
  browserLanguages,
  isAppLanguage,
  pickLanguage,
  type AppLanguage,
} from './language';

export { SUPPORTED_LANGUAGES, isAppLanguage, pickLanguage, type AppLanguage } from './language';
export const LANGUAGE_STORAGE_KEY = 'scriptdesk.lang';

// Storage can be disabled (privacy modes, embedded browsers); the app still works without it.
function readStoredLanguage(): string | null {
  try {
    return window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
  } catch {
    return null;
  }
}

/** Switches the UI language and remembers it as the user's own choice. */
export function setAppLanguage(language: AppLanguage): Promise<unknown> {
  try {
    window.localStorage.setItem(LANGUAGE_STORAGE_KEY, language);
  } catch {
    // Not remembered, but the switch itself still happens.
  }
  return i18n.changeLanguage(language);
}

const detector = new LanguageDetector();
detector.addDetector({
  name: 'scriptdesk',
  lookup: () => pickLanguage(readStoredLanguage(), browserLanguages()),
});

i18n.on('languageChanged', (language) => {
  document.documentElement.lang = isAppLanguage(language) ? language : 'en';
});

void i18n
  .use(detector)
  .use(initReactI18next)
  .init({
    resources: { en: { translation: en }, 'zh-CN': { translation: zhCN } },
    supportedLngs: SUPPORTED_LANGUAGES,
    fallbackLng: 'en',
    load: 'currentOnly',
    // Only an explicit choice is persisted (setAppLanguage), so a browser default never sticks.
    detection: { order: ['scriptdesk'], caches: [] },
    interpolation: { escapeValue: false },
    initAsync: false,
  });

export { i18n };
