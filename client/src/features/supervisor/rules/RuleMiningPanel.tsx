import { QuestionCircleOutlined, SyncOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Progress,
  Space,
  Table,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type {
  MinedRuleView,
  RuleMiningStatus,
  RuleRefreshResponse,
  RuleRunView,
} from '../../../../../shared/schemas/rule-mining';
import { apiFetch, errorMessageKey } from '../../../app/api';
import type { AppLanguage } from '../../../app/i18n';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { ErrorResult } from '../../../components/ErrorResult';

export const ruleMiningStatusKey = ['offers', 'rules', 'status'] as const;
const POLL_MS = 1000;

function useRuleMiningStatus() {
  return useQuery({
    queryKey: ruleMiningStatusKey,
    queryFn: () => apiFetch<RuleMiningStatus>('/api/offers/rules/status'),
    // Every second while a run is going, so its progress moves; otherwise on demand.
    refetchInterval: (query) => (query.state.data?.running ? POLL_MS : false),
  });
}

function useRefreshRules() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () =>
      apiFetch<RuleRefreshResponse>('/api/offers/rules/refresh', { method: 'POST' }),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ruleMiningStatusKey }),
  });
}

/** Cross-sell rules for supervisors: the last mining run, one in progress, the best rules. */
export function RuleMiningPanel() {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const status = useRuleMiningStatus();
  const refresh = useRefreshRules();
  const running = status.data?.running ?? null;

  const refreshButton = (
    <Button
      icon={<SyncOutlined />}
      loading={refresh.isPending || running !== null}
      disabled={status.isPending}
      onClick={() => refresh.mutate()}
    >
      {t('ruleMining.refresh')}
    </Button>
  );

  let body: ReactNode;
  if (status.isError && !status.data) {
    body = (
      <ErrorResult
        title={t('ruleMining.loadError')}
        error={status.error}
        onRetry={() => void status.refetch()}
      />
    );
  } else {
    const data = status.data;
    body = (
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('ruleMining.description')}
        </Typography.Paragraph>
        {refresh.isError && (
          <Alert
            type="error"
            showIcon
            data-testid="rule-refresh-error"
            title={`${t('ruleMining.refreshFailed')} ${t(errorMessageKey(refresh.error))}`}
          />
        )}
        {status.isError && (
          <Alert
            type="warning"
            showIcon
            title={`${t('ruleMining.loadError')} ${t(errorMessageKey(status.error))}`}
          />
        )}
        {running && <RunProgress run={running} language={language} />}
        {data && <LastRun run={data.lastFinished} language={language} />}
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('ruleMining.topRules')}
        </Typography.Title>
        <RulesTable rules={data?.topRules ?? []} loading={status.isPending} language={language} />
      </Space>
    );
  }

  return (
    <Card title={t('ruleMining.title')} extra={refreshButton} data-testid="rule-mining-panel">
      {body}
    </Card>
  );
}

const counts = new Map<AppLanguage, Intl.NumberFormat>();
const count = (n: number, language: AppLanguage) => {
  let format = counts.get(language);
  if (!format) counts.set(language, (format = new Intl.NumberFormat(language)));
  return format.format(n);
};

/** Where the run is, as a share of the whole: reading orders is most of it. */
function runPercent(run: RuleRunView): number {
  const { step, done, total } = run.progress;
  const part = total > 0 ? Math.min(1, done / total) : 0;
  switch (step) {
    case 'queued':
      return 0;
    case 'orders':
      return Math.floor(part * 90);
    case 'mining':
      return 90;
    case 'storing':
      return 95 + Math.floor(part * 5);
    case 'done':
      return 100;
  }
}

function RunProgress({ run, language }: { run: RuleRunView; language: AppLanguage }) {
  const { t } = useTranslation();
  const { step, done, total } = run.progress;
  const label = t(`ruleMining.step.${step}`, {
    done: count(done, language),
    total: count(total, language),
  });
  return (
    <div data-testid="rule-mining-progress">
      <Typography.Text strong>{t('ruleMining.running')}</Typography.Text>{' '}
      <Typography.Text type="secondary">{label}</Typography.Text>
      <Progress percent={runPercent(run)} status="active" aria-label={label} />
    </div>
  );
}

function LastRun({ run, language }: { run: RuleRunView | null; language: AppLanguage }) {
  const { t } = useTranslation();
  if (!run) {
    return <Typography.Text type="secondary">{t('ruleMining.noRun')}</Typography.Text>;
  }
  const finished = run.finishedAt
    ? new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' }).format(
        new Date(run.finishedAt),
      )
    : '—';
  const seconds = run.timings
    ? t('ruleMining.seconds', {
        value: new Intl.NumberFormat(language, {
          minimumFractionDigits: 1,
          maximumFractionDigits: 1,
        }).format(run.timings.totalMs / 1000),
      })
    : '—';
  return (
    <>
      {run.state === 'failed' && (
        <Alert
          type="error"
          showIcon
          data-testid="rule-mining-failed"
          title={t('ruleMining.failed')}
          description={run.error ?? undefined}
          style={{ marginBottom: 12 }}
        />
      )}
      <Descriptions
        size="small"
        bordered
        column={{ xs: 1, sm: 2, lg: 5 }}
        title={t('ruleMining.lastRun')}
        data-testid="rule-mining-last-run"
      >
        <Descriptions.Item label={t('ruleMining.finishedAt')}>{finished}</Descriptions.Item>
        <Descriptions.Item label={t('ruleMining.orders')}>
          {run.counts ? count(run.counts.orders, language) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('ruleMining.baskets')}>
          {run.counts ? count(run.counts.baskets, language) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('ruleMining.rules')}>
          {run.counts ? count(run.counts.rules, language) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('ruleMining.duration')}>{seconds}</Descriptions.Item>
      </Descriptions>
    </>
  );
}

type Metric = 'rule' | 'support' | 'confidence' | 'lift';

function MetricTitle({ metric }: { metric: Metric }) {
  const { t } = useTranslation();
  const name = t(`ruleMining.column.${metric}`);
  return (
    <Space size={4}>
      {name}
      <Tooltip title={t(`ruleMining.help.${metric}`)}>
        <QuestionCircleOutlined
          role="img"
          aria-label={t('ruleMining.helpLabel', { metric: name })}
          style={{ cursor: 'help', color: 'rgba(0, 0, 0, 0.45)' }}
        />
      </Tooltip>
    </Space>
  );
}

function RulesTable({
  rules,
  loading,
  language,
}: {
  rules: MinedRuleView[];
  loading: boolean;
  language: AppLanguage;
}) {
  const { t } = useTranslation();
  const percent = new Intl.NumberFormat(language, { style: 'percent', maximumFractionDigits: 1 });
  const decimal = new Intl.NumberFormat(language, {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const names = (items: MinedRuleView['antecedent']) =>
    items.map((item) => item.name[language]).join(language === 'en' ? ' + ' : '、');
  const columns: TableColumnsType<MinedRuleView> = [
    {
      key: 'rule',
      title: <MetricTitle metric="rule" />,
      render: (_, rule) => `${names(rule.antecedent)} ⇒ ${names(rule.consequent)}`,
    },
    {
      key: 'support',
      title: <MetricTitle metric="support" />,
      align: 'right',
      render: (_, rule) => percent.format(rule.support),
    },
    {
      key: 'confidence',
      title: <MetricTitle metric="confidence" />,
      align: 'right',
      render: (_, rule) => percent.format(rule.confidence),
    },
    {
      key: 'lift',
      title: <MetricTitle metric="lift" />,
      align: 'right',
      render: (_, rule) => decimal.format(rule.lift),
    },
  ];
  return (
    <Table<MinedRuleView>
      size="small"
      columns={columns}
      dataSource={rules}
      loading={loading}
      pagination={false}
      rowKey={(rule) =>
        `${rule.antecedent.map((i) => i.sku).join('+')}>${rule.consequent.map((i) => i.sku).join('+')}`
      }
      locale={{ emptyText: <Empty description={t('ruleMining.noRules')} /> }}
      data-testid="rule-mining-rules"
    />
  );
}
