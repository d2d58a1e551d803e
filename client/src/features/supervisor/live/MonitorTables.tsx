import { Card, Empty, Flex, Progress, Table, Tag, Typography, type TableColumnsType } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatWait, loadPercent } from '../../../../../shared/domain/live-monitor';
import type { ConversationView } from '../../../../../shared/schemas/conversation';
import type { MonitorAgent, MonitorQueueItem } from '../../../../../shared/schemas/monitor';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { formatMessageTime } from '../../../chat/format-time';
import { HelpLabel } from './MonitorStats';

const statusColor = { online: 'success', away: 'warning', offline: 'default' } as const;

/** Chats waiting for an agent; `waitingMs` ticks with the page's clock. */
export function QueueTable(props: {
  queue: readonly MonitorQueueItem[];
  waitingMs: (item: MonitorQueueItem) => number;
  loading: boolean;
}) {
  const { t } = useTranslation();
  const columns: TableColumnsType<MonitorQueueItem> = [
    { key: 'shopper', title: t('monitor.queue.shopper'), dataIndex: 'shopperName' },
    {
      key: 'skill',
      title: <HelpLabel label={t('monitor.queue.skill')} help={t('monitor.queue.skillHelp')} />,
      render: (_, item) => <Tag>{item.skill}</Tag>,
    },
    {
      key: 'priority',
      title: (
        <HelpLabel label={t('monitor.queue.priority')} help={t('monitor.queue.priorityHelp')} />
      ),
      dataIndex: 'priority',
      align: 'right',
    },
    {
      key: 'waiting',
      title: <HelpLabel label={t('monitor.queue.waiting')} help={t('monitor.queue.waitingHelp')} />,
      align: 'right',
      render: (_, item) => (
        <span data-testid="queue-wait" style={{ fontVariantNumeric: 'tabular-nums' }}>
          {formatWait(props.waitingMs(item))}
        </span>
      ),
    },
  ];
  return (
    <Card title={t('monitor.queue.title')} size="small" style={{ flex: '1 1 420px' }}>
      <Table
        rowKey="conversationId"
        size="small"
        columns={columns}
        dataSource={[...props.queue]}
        loading={props.loading}
        pagination={false}
        locale={{ emptyText: <Empty description={t('monitor.queue.empty')} /> }}
      />
    </Card>
  );
}

/** Agents' status and how full their hands are. */
export function AgentsTable(props: { agents: readonly MonitorAgent[]; loading: boolean }) {
  const { t } = useTranslation();
  const columns: TableColumnsType<MonitorAgent> = [
    {
      key: 'name',
      title: t('monitor.agents.name'),
      render: (_, agent) => (
        <Flex gap={6} align="center" wrap>
          <span>{agent.displayName}</span>
          {agent.role !== 'agent' && <Tag color="purple">{t('monitor.agents.supervisor')}</Tag>}
        </Flex>
      ),
    },
    {
      key: 'status',
      title: t('monitor.agents.status'),
      render: (_, agent) => (
        <Flex gap={4} wrap>
          <Tag color={statusColor[agent.status]} data-testid="agent-status">
            {t(`monitor.agents.statusValue.${agent.status}`)}
          </Tag>
          {agent.inGrace && (
            <Tag color="error">
              <HelpLabel label={t('monitor.agents.grace')} help={t('monitor.agents.graceHelp')} />
            </Tag>
          )}
        </Flex>
      ),
    },
    {
      key: 'load',
      title: <HelpLabel label={t('monitor.agents.load')} help={t('monitor.agents.loadHelp')} />,
      render: (_, agent) => {
        const percent = loadPercent(agent.load, agent.capacity);
        const value = t('monitor.agents.loadValue', { load: agent.load, capacity: agent.capacity });
        return (
          <Flex gap={8} align="center" style={{ minWidth: 140 }}>
            <Progress
              percent={percent}
              size="small"
              showInfo={false}
              status={percent >= 100 ? 'exception' : 'normal'}
              aria-label={value}
              style={{ flex: 1, margin: 0 }}
            />
            <span data-testid="agent-load" style={{ fontVariantNumeric: 'tabular-nums' }}>
              {value}
            </span>
          </Flex>
        );
      },
    },
    {
      key: 'skills',
      title: t('monitor.agents.skills'),
      render: (_, agent) => (
        <Flex gap={4} wrap>
          {agent.skills.map((skill) => (
            <Tag key={skill}>{skill}</Tag>
          ))}
        </Flex>
      ),
    },
  ];
  return (
    <Card title={t('monitor.agents.title')} size="small" style={{ flex: '1 1 520px' }}>
      <Table
        rowKey="agentId"
        size="small"
        columns={columns}
        dataSource={[...props.agents]}
        loading={props.loading}
        pagination={false}
        locale={{ emptyText: <Empty description={t('monitor.agents.empty')} /> }}
      />
    </Card>
  );
}

/** Chats in progress; a row opens the side panel by click or Enter (rows are focusable). */
export function LiveChatsTable(props: {
  live: readonly ConversationView[];
  selectedId: string | null;
  onSelect: (conversation: ConversationView) => void;
  loading: boolean;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const columns: TableColumnsType<ConversationView> = [
    { key: 'shopper', title: t('monitor.live.shopper'), dataIndex: 'shopperName' },
    {
      key: 'agent',
      title: t('monitor.live.agent'),
      render: (_, c) => c.assignee?.name ?? '—',
    },
    {
      key: 'status',
      title: <HelpLabel label={t('monitor.live.status')} help={t('monitor.live.statusHelp')} />,
      render: (_, c) =>
        c.status === 'assigned' || c.status === 'active' ? (
          <Tag color={c.status === 'active' ? 'processing' : 'warning'}>
            {t(`monitor.live.statusValue.${c.status}`)}
          </Tag>
        ) : null,
    },
    {
      key: 'lastMessageAt',
      title: t('monitor.live.lastMessageAt'),
      render: (_, c) => (c.lastMessageAt ? formatMessageTime(c.lastMessageAt, language) : '—'),
    },
    {
      key: 'preview',
      title: t('monitor.live.lastMessage'),
      render: (_, c) => (
        <Typography.Text ellipsis style={{ maxWidth: 320 }}>
          {c.lastMessagePreview}
        </Typography.Text>
      ),
    },
  ];
  return (
    <Card title={t('monitor.live.title')} size="small">
      <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
        {t('monitor.live.hint')}
      </Typography.Paragraph>
      <Table
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={[...props.live]}
        loading={props.loading}
        pagination={false}
        locale={{ emptyText: <Empty description={t('monitor.live.empty')} /> }}
        rowClassName={(c) => (c.id === props.selectedId ? 'ant-table-row-selected' : '')}
        onRow={(c) => ({
          tabIndex: 0,
          role: 'button',
          'aria-label': t('monitor.live.open', { name: c.shopperName }),
          'aria-pressed': c.id === props.selectedId,
          style: { cursor: 'pointer' },
          onClick: () => props.onSelect(c),
          onKeyDown: (event) => {
            if (event.key === 'Enter' || event.key === ' ') {
              event.preventDefault();
              props.onSelect(c);
            }
          },
        })}
      />
    </Card>
  );
}
