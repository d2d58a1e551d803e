import { QuestionCircleOutlined } from '@ant-design/icons';
import { Card, Flex, Progress, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { formatWait, loadPercent } from '../../../../../shared/domain/live-monitor';
import type { MonitorStats as Stats } from '../../../../../shared/schemas/monitor';

/** A heading whose tooltip defines it; focusable, so the keyboard reaches the definition too. */
export function HelpLabel({ label, help }: { label: string; help: string }) {
  return (
    <Tooltip title={help} trigger={['hover', 'focus']}>
      <span tabIndex={0} style={{ cursor: 'help' }}>
        {label} <QuestionCircleOutlined style={{ fontSize: 12, opacity: 0.6 }} />
      </span>
    </Tooltip>
  );
}

function StatCard(props: {
  testId: string;
  label: string;
  help: string;
  value: string;
  extra?: ReactNode;
}) {
  return (
    <Card size="small" style={{ flex: '1 1 200px', minWidth: 180 }} data-testid={props.testId}>
      <Tooltip title={props.help} trigger={['hover', 'focus']}>
        <div tabIndex={0} style={{ cursor: 'help' }} aria-label={`${props.label}: ${props.value}`}>
          <Typography.Text type="secondary">
            {props.label} <QuestionCircleOutlined style={{ fontSize: 12, opacity: 0.6 }} />
          </Typography.Text>
          <div
            data-testid={`${props.testId}-value`}
            style={{ fontSize: 26, fontWeight: 600, lineHeight: 1.4, whiteSpace: 'nowrap' }}
          >
            {props.value}
          </div>
        </div>
      </Tooltip>
      {props.extra}
    </Card>
  );
}

/** The floor at a glance: queue length, longest wait (ticking), agents, load against capacity. */
export function MonitorStats({ stats, longestWaitMs }: { stats: Stats; longestWaitMs: number }) {
  const { t } = useTranslation();
  return (
    <Flex gap={16} wrap style={{ marginBottom: 16 }}>
      <StatCard
        testId="stat-queued"
        label={t('monitor.stats.queued')}
        help={t('monitor.stats.queuedHelp')}
        value={String(stats.queued)}
      />
      <StatCard
        testId="stat-longest-wait"
        label={t('monitor.stats.longestWait')}
        help={t('monitor.stats.longestWaitHelp')}
        value={formatWait(longestWaitMs)}
      />
      <StatCard
        testId="stat-agents"
        label={t('monitor.stats.agents')}
        help={t('monitor.stats.agentsHelp')}
        value={t('monitor.stats.agentsValue', { online: stats.online, away: stats.away })}
      />
      <StatCard
        testId="stat-load"
        label={t('monitor.stats.load')}
        help={t('monitor.stats.loadHelp')}
        value={`${stats.totalLoad} / ${stats.totalCapacity}`}
        extra={
          <Progress
            percent={loadPercent(stats.totalLoad, stats.totalCapacity)}
            size="small"
            showInfo={false}
            aria-hidden
          />
        }
      />
    </Flex>
  );
}
