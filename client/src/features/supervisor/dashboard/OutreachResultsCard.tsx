import {
  Alert,
  Button,
  Card,
  Col,
  Flex,
  Row,
  Skeleton,
  Table,
  Tooltip,
  Typography,
  type TableColumnsType,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  OutreachDashboard,
  OutreachKind,
  OutreachRate,
} from '../../../../../shared/schemas/outreach';
import { errorMessageKey } from '../../../app/api';
import { useAppLanguage } from '../../../app/useAppLanguage';
import type { DashboardFilters } from './filters';
import { NO_VALUE, formatCount, formatMoney, formatPercent } from './format';
import { HintLabel } from './KpiCards';
import { useOutreachResults } from './outreach-results-api';
import { IntervalBar } from './ScriptEffects';

type KindRow = OutreachDashboard['kinds'][number];

/** The rate, or why there is none to trust yet (the same threshold as script effectiveness). */
function RateValue({ rate, minSample }: { rate: OutreachRate; minSample: number }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  if (!rate.enoughData) {
    return (
      <Typography.Text type="secondary" data-testid="not-enough-data">
        {t('outreach.dashboard.notEnoughData', { count: minSample })}
      </Typography.Text>
    );
  }
  return <>{rate.rate === null ? NO_VALUE : formatPercent(rate.rate, language)}</>;
}

/** One headline rate: its value, what it was computed from, its interval and the money it brought. */
function RateBlock({
  testId,
  name,
  rate,
  minSample,
}: {
  testId: string;
  name: 'paymentRecovery' | 'repeatPurchase';
  rate: OutreachRate;
  minSample: number;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  return (
    <Card size="small" type="inner" data-testid={testId} style={{ height: '100%' }}>
      <Typography.Text type="secondary">
        <HintLabel
          label={t(`outreach.dashboard.${name}.label`)}
          hint={t(`outreach.dashboard.${name}.definition`)}
        />
      </Typography.Text>
      <div
        data-testid={`${testId}-value`}
        style={
          rate.enoughData
            ? { fontSize: 24, fontWeight: 600, lineHeight: 1.4 }
            : { minHeight: 34, display: 'flex', alignItems: 'center' }
        }
      >
        <RateValue rate={rate} minSample={minSample} />
      </div>
      <Typography.Text type="secondary" data-testid={`${testId}-tally`}>
        {t(`outreach.dashboard.${name}.tally`, {
          attributed: formatCount(rate.attributed, language),
          sent: formatCount(rate.sent, language),
        })}
      </Typography.Text>
      {rate.enoughData && rate.interval && (
        <div style={{ marginTop: 8 }}>
          <IntervalBar low={rate.interval.low} high={rate.interval.high} winRate={rate.rate} />
        </div>
      )}
      <div style={{ marginTop: 8 }}>
        <Tooltip title={t('outreach.dashboard.valueDefinition')} trigger={['hover', 'focus']}>
          <Typography.Text tabIndex={0} data-testid={`${testId}-money`} style={{ cursor: 'help' }}>
            {t('outreach.dashboard.valueLine', { value: formatMoney(rate.value, language) })}
          </Typography.Text>
        </Tooltip>
      </div>
    </Card>
  );
}

function KindTable({ dashboard }: { dashboard: OutreachDashboard }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const column = (key: 'sent' | 'attributed' | 'rate' | 'interval' | 'value') => (
    <HintLabel
      label={t(`outreach.dashboard.columns.${key}`)}
      hint={t(`outreach.dashboard.columns.${key}Definition`)}
    />
  );
  const columns: TableColumnsType<KindRow> = [
    {
      key: 'kind',
      title: t('outreach.dashboard.columns.kind'),
      render: (_, row) => t(`outreach.kinds.${row.kind satisfies OutreachKind}`),
    },
    {
      key: 'sent',
      title: column('sent'),
      align: 'right',
      render: (_, row) => formatCount(row.sent, language),
    },
    {
      key: 'attributed',
      title: column('attributed'),
      align: 'right',
      render: (_, row) => formatCount(row.attributed, language),
    },
    {
      key: 'rate',
      title: column('rate'),
      align: 'right',
      render: (_, row) => <RateValue rate={row} minSample={dashboard.minSample} />,
    },
    {
      key: 'interval',
      title: column('interval'),
      render: (_, row) =>
        row.enoughData && row.interval ? (
          <IntervalBar low={row.interval.low} high={row.interval.high} winRate={row.rate} />
        ) : (
          NO_VALUE
        ),
    },
    {
      key: 'value',
      title: column('value'),
      align: 'right',
      render: (_, row) => formatMoney(row.value, language),
    },
  ];
  return (
    <Table<KindRow>
      data-testid="outreach-kinds"
      rowKey="kind"
      size="small"
      columns={columns}
      dataSource={dashboard.kinds}
      pagination={false}
      scroll={{ x: 'max-content' }}
    />
  );
}

/**
 * 外呼效果: of the outreach sent in the dashboard's range (by the day it was sent, for the chosen
 * agent), how much was followed by a payment or a new order within the attribution window.
 */
export function OutreachResultsCard({ filters }: { filters: DashboardFilters }) {
  const { t } = useTranslation();
  const results = useOutreachResults(filters);

  let body;
  if (results.isPending) {
    body = <Skeleton active title={false} paragraph={{ rows: 4 }} />;
  } else if (results.isError) {
    body = (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={`${t('outreach.dashboard.loadError')} ${t(errorMessageKey(results.error))}`}
        action={<Button onClick={() => void results.refetch()}>{t('common.retry')}</Button>}
      />
    );
  } else {
    const d = results.data;
    body = (
      <Flex vertical gap={16} aria-busy={results.isPlaceholderData}>
        {d.kinds.every((k) => k.sent === 0) && (
          <Typography.Text type="secondary" data-testid="outreach-results-empty">
            {t('outreach.dashboard.empty')}
          </Typography.Text>
        )}
        <Row gutter={[16, 16]}>
          <Col xs={24} md={12}>
            <RateBlock
              testId="outreach-payment-recovery"
              name="paymentRecovery"
              rate={d.paymentRecovery}
              minSample={d.minSample}
            />
          </Col>
          <Col xs={24} md={12}>
            <RateBlock
              testId="outreach-repeat-purchase"
              name="repeatPurchase"
              rate={d.repeatPurchase}
              minSample={d.minSample}
            />
          </Col>
        </Row>
        <KindTable dashboard={d} />
      </Flex>
    );
  }

  return (
    <Card
      size="small"
      data-testid="outreach-results"
      title={
        <HintLabel
          label={t('outreach.dashboard.title')}
          hint={t('outreach.dashboard.definition')}
        />
      }
      extra={
        filters.segment ? (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('outreach.dashboard.segmentNote')}
          </Typography.Text>
        ) : undefined
      }
    >
      {body}
    </Card>
  );
}
