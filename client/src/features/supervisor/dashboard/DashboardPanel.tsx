import { Card, Col, Empty, Flex, Row, Skeleton, Spin, Typography } from 'antd';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import type { Dashboard } from '../../../../../shared/schemas/dashboard';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { ErrorResult } from '../../../components/ErrorResult';
import { useScriptLibrary } from '../scripts/scripts-api';
import { AgentTable } from './AgentTable';
import { FunnelPanel, ObjectionsChart, TrendChart } from './DashboardCharts';
import { DashboardFilters } from './DashboardFilters';
import { useDashboard } from './dashboard-api';
import { filtersFromParams, withFilters, type DashboardFilters as Filters } from './filters';
import { HintLabel, KpiCards } from './KpiCards';
import { OutreachResultsCard } from './OutreachResultsCard';
import { AbTests, ScriptEffectTable } from './ScriptEffects';

/** Titles of the scripts in the user's language; ids alone until (or unless) they load. */
function useScriptTitles(): ReadonlyMap<string, string> {
  const language = useAppLanguage();
  const library = useScriptLibrary({ locale: language });
  return useMemo(() => new Map((library.data ?? []).map((s) => [s.id, s.title])), [library.data]);
}

function Section({
  title,
  hint,
  children,
  testId,
}: {
  title: string;
  hint?: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Card
      size="small"
      data-testid={testId}
      title={hint ? <HintLabel label={title} hint={hint} /> : title}
    >
      {children}
    </Card>
  );
}

function LoadingDashboard() {
  return (
    <Flex vertical gap={16} data-testid="dashboard-loading" aria-busy="true">
      <Flex gap={16} wrap>
        {Array.from({ length: 6 }, (_, i) => (
          <Card key={i} size="small" style={{ flex: '1 1 180px' }}>
            <Skeleton active title={false} paragraph={{ rows: 2 }} />
          </Card>
        ))}
      </Flex>
      <Card size="small">
        <Skeleton active paragraph={{ rows: 6 }} />
      </Card>
    </Flex>
  );
}

function DashboardBody({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  const titles = useScriptTitles();
  if (dashboard.totals.chats === 0) {
    return (
      <Card>
        <Empty
          data-testid="dashboard-empty"
          description={
            <>
              <Typography.Text strong>{t('dashboard.ui.empty')}</Typography.Text>
              <br />
              <Typography.Text type="secondary">{t('dashboard.ui.emptyHint')}</Typography.Text>
            </>
          }
        />
      </Card>
    );
  }
  return (
    <Flex vertical gap={16}>
      <KpiCards totals={dashboard.totals} />
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={14}>
          <Section title={t('dashboard.ui.trend.title')} hint={t('dashboard.ui.trend.definition')}>
            <TrendChart dashboard={dashboard} />
          </Section>
        </Col>
        <Col xs={24} xl={10}>
          <Section
            title={t('dashboard.ui.funnel.title')}
            hint={t('dashboard.ui.funnel.definition')}
          >
            <FunnelPanel funnel={dashboard.funnel} />
          </Section>
        </Col>
      </Row>
      <Section title={t('dashboard.ui.agents.title')}>
        <AgentTable agents={dashboard.byAgent} />
      </Section>
      <Section
        title={t('dashboard.ui.objections.title')}
        hint={t('dashboard.ui.objections.definition')}
      >
        <ObjectionsChart dashboard={dashboard} />
      </Section>
      <Section title={t('dashboard.scripts.title')}>
        <ScriptEffectTable dashboard={dashboard} titles={titles} />
      </Section>
      <Section
        title={t('dashboard.scripts.abTests')}
        hint={t('dashboard.scripts.abTestsDefinition')}
        testId="dashboard-ab-tests"
      >
        <AbTests dashboard={dashboard} titles={titles} />
      </Section>
    </Flex>
  );
}

/**
 * The supervisor's KPIs for a date range, an agent and a customer segment. The filters live in
 * the address, so a view can be shared as a link.
 */
export function DashboardPanel() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = params.toString();
  // Read from the address only when it changes (the default range is "the last 30 days").
  const filters = useMemo(() => filtersFromParams(new URLSearchParams(query)), [query]);
  const dashboard = useDashboard(filters);
  // The agents to choose from: everyone with chats in the range, whatever else is filtered.
  // With no agent or segment chosen this is the same query, fetched once.
  const everyone = useDashboard({ from: filters.from, to: filters.to });
  const agents = everyone.data?.byAgent ?? dashboard.data?.byAgent ?? [];
  const setFilters = (next: Filters) =>
    setParams((current) => withFilters(current, next), { replace: true });

  let body: ReactNode;
  if (dashboard.isPending) {
    body = <LoadingDashboard />;
  } else if (dashboard.isError) {
    body = (
      <Card>
        <ErrorResult
          title={t('dashboard.ui.loadError')}
          error={dashboard.error}
          onRetry={() => void dashboard.refetch()}
        />
      </Card>
    );
  } else {
    body = (
      <Spin spinning={dashboard.isPlaceholderData} description={t('dashboard.ui.refreshing')}>
        <DashboardBody dashboard={dashboard.data} />
      </Spin>
    );
  }

  return (
    <Flex vertical gap={16} data-testid="dashboard">
      <Card size="small">
        <DashboardFilters filters={filters} agents={agents} onChange={setFilters} />
      </Card>
      {body}
      <OutreachResultsCard filters={filters} />
    </Flex>
  );
}
