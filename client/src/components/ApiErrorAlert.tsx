import { Alert, Button } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorCode } from '../../../shared/errors';
import { ApiRequestError, errorMessageKey } from '../app/api';

interface ApiErrorAlertProps {
  error: unknown;
  /** What failed, e.g. "Not saved."; the error's sentence in the user's language follows. */
  title: string;
  /** A version conflict: offered with a button that reloads the current state. */
  conflict?: { code: ErrorCode; label: string; onReload: () => void };
  style?: CSSProperties;
}

/**
 * A failed request as a sentence in the user's language; for bad input the server's own
 * message (which names the field) below it.
 */
export function ApiErrorAlert({ error, title, conflict, style }: ApiErrorAlertProps) {
  const { t } = useTranslation();
  const code = error instanceof ApiRequestError ? error.code : null;
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      style={style}
      title={`${title} ${t(errorMessageKey(error))}`}
      description={
        error instanceof ApiRequestError && code === ErrorCode.Validation
          ? error.serverMessage
          : undefined
      }
      action={
        conflict && code === conflict.code ? (
          <Button onClick={conflict.onReload}>{conflict.label}</Button>
        ) : undefined
      }
    />
  );
}
