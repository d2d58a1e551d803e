import { Flex, Layout, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate } from 'react-router-dom';
import type { StaffRole, StaffUser } from '../../../shared/schemas/auth';
import { AppHeader } from '../components/AppHeader';
import { ButtonLink } from '../components/ButtonLink';
import { ErrorResult } from '../components/ErrorResult';
import { SignedInUser } from '../components/SignedInUser';
import { StatusPage } from '../components/StatusPage';
import { ApiRequestError } from './api';
import { useSession } from './session';

interface RequireRoleProps {
  roles: readonly StaffRole[];
  render: (user: StaffUser) => ReactNode;
}

/**
 * Shows a staff page only to a signed-in user with one of the roles. This is for the user's
 * sake (no half-working page); the server checks every request on its own.
 */
export function RequireRole({ roles, render }: RequireRoleProps) {
  const { t } = useTranslation();
  const session = useSession();

  if (session.isPending) {
    return (
      <Flex align="center" justify="center" style={{ minHeight: '100vh' }}>
        <Spin size="large" />
      </Flex>
    );
  }
  if (session.isError) {
    if (session.error instanceof ApiRequestError && session.error.status === 401) {
      return <Navigate to="/login" replace />;
    }
    return (
      <Layout style={{ minHeight: '100vh' }}>
        <AppHeader />
        <Layout.Content style={{ padding: 24 }}>
          <ErrorResult error={session.error} onRetry={() => void session.refetch()} />
        </Layout.Content>
      </Layout>
    );
  }
  if (!roles.includes(session.data.role)) {
    return (
      <StatusPage
        status="403"
        title={t('forbidden.title')}
        description={t('forbidden.description')}
        headerExtra={<SignedInUser user={session.data} />}
        extra={
          <ButtonLink to="/" type="primary">
            {t('common.backHome')}
          </ButtonLink>
        }
      />
    );
  }
  return render(session.data);
}
