import { Button, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import { errorMessageKey } from '../app/api';

/** A failed load, said in the user's language, with a way to try again. */
export function ErrorResult({
  error,
  title,
  onRetry,
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Result
      status="error"
      title={title ?? t(errorMessageKey(error))}
      subTitle={title ? t(errorMessageKey(error)) : undefined}
      extra={
        onRetry ? (
          <Button type="primary" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
