// No i18next here: the embeddable widget picks its language with these and nothing more.

export const SUPPORTED_LANGUAGES = ['zh-CN', 'en'] as const;
export type AppLanguage = (typeof SUPPORTED_LANGUAGES)[number];

export function isAppLanguage(value: unknown): value is AppLanguage {
  return SUPPORTED_LANGUAGES.includes(value as AppLanguage);
}

/**
 * The language to show: a choice the user made before, else the first browser language
 * we can serve (any Chinese variant gets zh-CN), else English.
 */
export function pickLanguage(
  stored: string | null | undefined,
  navigatorLanguages: readonly string[],
): AppLanguage {
  if (isAppLanguage(stored)) return stored;
  for (const tag of navigatorLanguages) {
    const primary = tag.toLowerCase().split(/[-_]/)[0];
    if (primary === 'zh') return 'zh-CN';
    if (primary === 'en') return 'en';
  }
  return 'en';
}

export function browserLanguages(): readonly string[] {
  if (navigator.languages?.length) return navigator.languages;
  return navigator.language ? [navigator.language] : [];
}
