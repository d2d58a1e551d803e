import { useTranslation } from 'react-i18next';
import { isAppLanguage, type AppLanguage } from './i18n';

/** The UI language; components using it re-render when the user switches. */
export function useAppLanguage(): AppLanguage {
  const { i18n } = useTranslation();
  return isAppLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : 'en';
}
