import { DashboardOutlined } from '@ant-design/icons';
import { Card, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StaffUser } from '../../../../shared/schemas/auth';
import { StaffPageLayout } from '../../components/StaffPageLayout';

export function SupervisorPage({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  return (
    <StaffPageLayout title={t('supervisor.title')} user={user}>
      <Card>
        <Result
          icon={<DashboardOutlined />}
          title={t('supervisor.emptyTitle')}
          subTitle={t('supervisor.emptyDescription')}
        />
      </Card>
    </StaffPageLayout>
  );
}
