import { useTranslation } from 'react-i18next';
import { ButtonLink } from '../../components/ButtonLink';
import { StatusPage } from '../../components/StatusPage';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <StatusPage
      status="404"
      title={t('notFound.title')}
      description={t('notFound.description')}
      extra={
        <ButtonLink to="/" type="primary">
          {t('common.backHome')}
        </ButtonLink>
      }
    />
  );
}
