import { ExperimentOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Spin, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert';
import { useTranslation } from 'react-i18next';
import type { OutreachDryRunResult, OutreachRules } from '../../../../../shared/schemas/outreach';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { HintLabel } from '../dashboard/KpiCards';
import { formatCount, formatMoney } from '../dashboard/format';
import { useOutreachDryRun } from './outreach-rules-api';

type Row = OutreachDryRunResult['kinds'][number];

function DryRunTable({ result }: { result: OutreachDryRunResult }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const reach = (counts: { customers: number; tasks: number }) =>
    t('outreach.rules.dryRun.reach', {
      customers: formatCount(counts.customers, language),
      tasks: formatCount(counts.tasks, language),
    });
  const head = (key: 'reach' | 'heldByCap' | 'value') => (
    <HintLabel
      label={t(`outreach.rules.dryRun.columns.${key}`)}
      hint={t(`outreach.rules.dryRun.columns.${key}Definition`)}
    />
  );
  const columns: TableColumnsType<Row> = [
    {
      key: 'kind',
      title: t('outreach.rules.dryRun.columns.kind'),
      render: (_, row) => (
        <Flex gap={8} align="center">
          {t(`outreach.kinds.${row.kind}`)}
          {!row.enabled && <Tag>{t('outreach.rules.dryRun.off')}</Tag>}
        </Flex>
      ),
    },
    { key: 'reach', title: head('reach'), render: (_, row) => reach(row) },
    {
      key: 'heldByCap',
      title: head('heldByCap'),
      align: 'right',
      render: (_, row) => formatCount(row.heldByCap, language),
    },
    {
      key: 'value',
      title: head('value'),
      align: 'right',
      render: (_, row) => formatMoney(row.value, language),
    },
  ];
  return (
    <Flex vertical gap={8}>
      <Table<Row>
        data-testid="outreach-dry-run"
        rowKey="kind"
        size="small"
        columns={columns}
        dataSource={result.kinds}
        pagination={false}
        scroll={{ x: 'max-content' }}
        summary={() => (
          <Table.Summary.Row data-testid="outreach-dry-run-total">
            <Table.Summary.Cell index={0}>
              <Typography.Text strong>{t('outreach.rules.dryRun.total')}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={1}>
              <Typography.Text strong>{reach(result.total)}</Typography.Text>
            </Table.Summary.Cell>
            <Table.Summary.Cell index={2} align="right">
              {formatCount(result.total.heldByCap, language)}
            </Table.Summary.Cell>
            <Table.Summary.Cell index={3} align="right">
              {formatMoney(result.total.value, language)}
            </Table.Summary.Cell>
          </Table.Summary.Row>
        )}
      />
      <Typography.Text type="secondary">
        {t('outreach.rules.dryRun.optedOut', {
          formatted: formatCount(result.optedOutCustomers, language),
        })}{' '}
        {t('outreach.rules.dryRun.asOf', {
          at: new Date(result.asOf).toLocaleString(language),
        })}
      </Typography.Text>
    </Flex>
  );
}

/**
 * Dry run (试运行): what the rules being edited would create now, per rule, before they are
 * saved. Nothing is written on the server.
 */
export function OutreachDryRun({ rules, valid }: { rules: OutreachRules; valid: boolean }) {
  const { t } = useTranslation();
  const dryRun = useOutreachDryRun();
  // The rules the result on screen was computed from, to say when it no longer fits the edit.
  const ranWith = dryRun.variables ? JSON.stringify(dryRun.variables) : null;
  const stale = dryRun.data !== undefined && ranWith !== JSON.stringify(rules);
  return (
    <Card
      data-testid="outreach-dry-run-card"
      title={
        <span>
          <ExperimentOutlined /> {t('outreach.rules.dryRun.title')}
        </span>
      }
    >
      <Typography.Paragraph type="secondary">
        {t('outreach.rules.dryRun.description')}
      </Typography.Paragraph>
      <Flex align="center" gap={8} wrap style={{ marginBottom: 16 }}>
        <Button
          type="primary"
          ghost
          onClick={() => dryRun.mutate(rules)}
          loading={dryRun.isPending}
          disabled={!valid}
        >
          {t('outreach.rules.dryRun.button')}
        </Button>
        {stale && !dryRun.isPending && (
          <Tag color="orange" data-testid="outreach-dry-run-stale">
            {t('outreach.rules.dryRun.stale')}
          </Tag>
        )}
      </Flex>
      {dryRun.isPending && (
        <Flex align="center" gap={8} role="status" data-testid="outreach-dry-run-progress">
          <Spin size="small" />
          <Typography.Text>{t('outreach.rules.dryRun.running')}</Typography.Text>
        </Flex>
      )}
      {dryRun.isError && !dryRun.isPending && (
        <ApiErrorAlert error={dryRun.error} title={t('outreach.rules.dryRun.error')} />
      )}
      {dryRun.data && !dryRun.isPending && <DryRunTable result={dryRun.data} />}
    </Card>
  );
}
