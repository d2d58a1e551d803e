import {
  BookOutlined,
  DesktopOutlined,
  GiftOutlined,
  NotificationOutlined,
  SafetyCertificateOutlined,
  ShareAltOutlined,
} from '@ant-design/icons';
import { Button, Card, Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffUser } from '../../../../shared/schemas/auth';
import { ButtonLink } from '../../components/ButtonLink';
import { StaffPageLayout } from '../../components/StaffPageLayout';
import { DashboardPanel } from './dashboard/DashboardPanel';
import { RuleMiningPanel } from './rules/RuleMiningPanel';

const RULES_PANEL_ID = 'supervisor-rule-mining';

export function SupervisorPage({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  // The cross-sell rules stay folded away (and unfetched) until asked for.
  const [rulesOpen, setRulesOpen] = useState(false);
  return (
    <StaffPageLayout title={t('supervisor.title')} user={user}>
      <Card size="small" style={{ marginBottom: 16 }}>
        <nav aria-label={t('supervisor.nav.label')}>
          <Flex gap={8} wrap>
            <ButtonLink to="/supervisor/live" icon={<DesktopOutlined />}>
              {t('supervisor.nav.live')}
            </ButtonLink>
            <ButtonLink to="/supervisor/quality" icon={<SafetyCertificateOutlined />}>
              {t('supervisor.nav.quality')}
            </ButtonLink>
            <ButtonLink
              to="/supervisor/outreach"
              icon={<NotificationOutlined />}
              title={t('outreach.rules.navLinkDescription')}
            >
              {t('outreach.rules.navLink')}
            </ButtonLink>
            <ButtonLink
              to="/supervisor/scripts"
              icon={<BookOutlined />}
              title={t('scriptEditor.dashboardLinkDescription')}
            >
              {t('scriptEditor.dashboardLink')}
            </ButtonLink>
            <ButtonLink
              to="/supervisor/bundles"
              icon={<GiftOutlined />}
              title={t('bundles.dashboardLinkDescription')}
            >
              {t('bundles.dashboardLink')}
            </ButtonLink>
            <Button
              icon={<ShareAltOutlined />}
              type={rulesOpen ? 'primary' : 'default'}
              aria-expanded={rulesOpen}
              aria-controls={RULES_PANEL_ID}
              onClick={() => setRulesOpen((open) => !open)}
            >
              {t('ruleMining.title')}
            </Button>
          </Flex>
        </nav>
      </Card>
      {rulesOpen && (
        <div id={RULES_PANEL_ID} style={{ marginBottom: 16 }}>
          <RuleMiningPanel />
        </div>
      )}
      <DashboardPanel />
    </StaffPageLayout>
  );
}
