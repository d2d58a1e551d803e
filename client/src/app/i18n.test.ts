// @vitest-environment jsdom
import { afterAll, describe, expect, it } from 'vitest';
import { LANGUAGE_STORAGE_KEY, i18n, pickLanguage, setAppLanguage } from './i18n';

describe('pickLanguage', () => {
  it.each([
    [['zh-TW'], 'zh-CN'],
    [['zh'], 'zh-CN'],
    [['zh-CN'], 'zh-CN'],
    [['zh-Hant-HK', 'en'], 'zh-CN'],
    [['zh_CN'], 'zh-CN'],
    [['en-US'], 'en'],
    [['en-GB', 'zh-CN'], 'en'],
    [['fr'], 'en'],
    [['fr-FR', 'de'], 'en'],
    [[], 'en'],
  ] as const)('maps browser languages %j to %s', (languages, expected) => {
    expect(pickLanguage(null, languages)).toBe(expected);
  });

  it('skips browser languages it cannot serve before falling back to English', () => {
    expect(pickLanguage(null, ['fr-FR', 'zh-CN'])).toBe('zh-CN');
  });

  it('lets a persisted choice win over the browser', () => {
    expect(pickLanguage('en', ['zh-CN'])).toBe('en');
    expect(pickLanguage('zh-CN', ['en-US'])).toBe('zh-CN');
  });

  it('ignores a persisted value that is not a supported language', () => {
    expect(pickLanguage('de', ['zh-TW'])).toBe('zh-CN');
    expect(pickLanguage('', ['en-US'])).toBe('en');
  });
});

describe('setAppLanguage', () => {
  afterAll(() => window.localStorage.clear());

  it('persists the choice and updates <html lang>', async () => {
    await setAppLanguage('zh-CN');
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('zh-CN');
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(i18n.t('login.title')).toBe('登录');

    await setAppLanguage('en');
    expect(window.localStorage.getItem(LANGUAGE_STORAGE_KEY)).toBe('en');
    expect(document.documentElement.lang).toBe('en');
    expect(i18n.t('login.title')).toBe('Sign in');
  });
});
