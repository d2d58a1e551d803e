import { BookOutlined, DashboardOutlined, GiftOutlined } from '@ant-design/icons';
import { Card, Flex, Result, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type { StaffUser } from '../../../../shared/schemas/auth';
import { ButtonLink } from '../../components/ButtonLink';
import { StaffPageLayout } from '../../components/StaffPageLayout';
import { RuleMiningPanel } from './rules/RuleMiningPanel';

export function SupervisorPage({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  return (
    <StaffPageLayout title={t('supervisor.title')} user={user}>
      <Card style={{ marginBottom: 16 }}>
        <Flex align="center" justify="space-between" gap={16} wrap>
          <Typography.Text type="secondary">
            {t('bundles.dashboardLinkDescription')}
          </Typography.Text>
          <ButtonLink to="/supervisor/bundles" type="primary" icon={<GiftOutlined />}>
            {t('bundles.dashboardLink')}
          </ButtonLink>
        </Flex>
      </Card>
      <Card style={{ marginBottom: 16 }}>
        <Flex align="center" justify="space-between" gap={16} wrap>
          <Typography.Text type="secondary">
            {t('scriptEditor.dashboardLinkDescription')}
          </Typography.Text>
          <ButtonLink to="/supervisor/scripts" type="primary" icon={<BookOutlined />}>
            {t('scriptEditor.dashboardLink')}
          </ButtonLink>
        </Flex>
      </Card>
      <div style={{ marginBottom: 16 }}>
        <RuleMiningPanel />
      </div>
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
