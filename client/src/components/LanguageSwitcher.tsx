import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { setAppLanguage, type AppLanguage } from '../app/i18n';
import { useAppLanguage } from '../app/useAppLanguage';

// Each language is named in itself, so someone who can't read the current one still finds theirs.
const options: { label: string; value: AppLanguage }[] = [
  { label: '中文', value: 'zh-CN' },
  { label: 'English', value: 'en' },
];

export function LanguageSwitcher() {
  const { t } = useTranslation();
  const language = useAppLanguage();
  return (
    <Segmented<AppLanguage>
      data-testid="lang-switch"
      aria-label={t('common.language')}
      options={options}
      value={language}
      onChange={(next) => void setAppLanguage(next)}
    />
  );
}
