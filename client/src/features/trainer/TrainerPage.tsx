import { AuditOutlined } from '@ant-design/icons';
import { Card, Result } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StaffUser } from '../../../../shared/schemas/auth';
import { StaffPageLayout } from '../../components/StaffPageLayout';

export function TrainerPage({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  return (
    <StaffPageLayout title={t('trainer.title')} user={user}>
      <Card>
        <Result
          icon={<AuditOutlined />}
          title={t('trainer.emptyTitle')}
          subTitle={t('trainer.emptyDescription')}
        />
      </Card>
    </StaffPageLayout>
  );
}
