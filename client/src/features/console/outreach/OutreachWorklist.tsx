import { Alert, Badge, Card, Empty, Flex, Segmented, Tag, Tooltip, Typography, theme } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OutreachKind, OutreachTaskView } from '../../../../../shared/schemas/outreach';
import { errorMessageKey } from '../../../app/api';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { formatCny } from '../../shop/format';
import { useWorklist, type WorklistStatus } from './outreach-api';
import { formatWhen } from './OutreachTaskPane';

const kindColor: Record<OutreachKind, string> = {
  payment_reminder: 'volcano',
  follow_up: 'blue',
  review_invitation: 'green',
  member_care: 'gold',
  win_back: 'purple',
};

/**
 * The agent's outbound worklist (外呼任务), under the chats: due tasks as the server orders them
 * (value, then due time), each a button that opens it; the sent ones one switch away.
 */
export function OutreachWorklist({
  openTaskId,
  onOpen,
}: {
  openTaskId: string | null;
  onOpen: (taskId: string) => void;
}) {
  const { t } = useTranslation();
  const [status, setStatus] = useState<WorklistStatus>('open');
  const list = useWorklist(status);
  const due = useWorklist('open').data?.tasks.length ?? 0;
  const tasks = list.data?.tasks ?? [];
  return (
    <Card
      size="small"
      data-testid="outreach-worklist"
      aria-label={t('outreach.listLabel')}
      title={
        <Flex justify="space-between" align="center">
          <span>{t('outreach.tab')}</span>
          <Tooltip title={t('outreach.countTooltip')}>
            <Badge
              count={due}
              showZero
              color={due > 0 ? undefined : 'gray'}
              data-testid="outreach-count"
            />
          </Tooltip>
        </Flex>
      }
      styles={{ body: { padding: 4 } }}
    >
      <Segmented<WorklistStatus>
        block
        size="small"
        value={status}
        onChange={setStatus}
        options={[
          { value: 'open', label: t('outreach.filterOpen') },
          { value: 'sent', label: t('outreach.filterSent') },
        ]}
        style={{ marginBottom: 4 }}
      />
      {list.isError && (
        <Alert
          type="error"
          showIcon
          title={`${t('outreach.loadFailed')} ${t(errorMessageKey(list.error))}`}
        />
      )}
      {list.isSuccess && tasks.length === 0 && (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t(status === 'open' ? 'outreach.empty' : 'outreach.sentEmpty')}
        />
      )}
      <div role="list">
        {tasks.map((task) => (
          <TaskRow
            key={task.id}
            task={task}
            selected={task.id === openTaskId}
            onOpen={() => onOpen(task.id)}
          />
        ))}
      </div>
      {status === 'open' && (list.data?.notDue ?? 0) > 0 && (
        <Tooltip title={t('outreach.notDueTooltip')}>
          <Typography.Text type="secondary" style={{ fontSize: 12, padding: '4px 8px' }}>
            {t('outreach.notDue', { count: list.data!.notDue })}
          </Typography.Text>
        </Tooltip>
      )}
    </Card>
  );
}

function TaskRow({
  task,
  selected,
  onOpen,
}: {
  task: OutreachTaskView;
  selected: boolean;
  onOpen: () => void;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { token } = theme.useToken();
  return (
    <div role="listitem">
      <Tooltip title={task.reason[language]} placement="right">
        <button
          type="button"
          data-testid="outreach-row"
          data-task-id={task.id}
          aria-current={selected ? 'true' : undefined}
          onClick={onOpen}
          style={{
            display: 'block',
            width: '100%',
            textAlign: 'start',
            border: 'none',
            borderRadius: token.borderRadius,
            padding: '6px 8px',
            cursor: 'pointer',
            font: 'inherit',
            color: 'inherit',
            background: selected ? token.controlItemBgActive : 'transparent',
          }}
        >
          <Flex justify="space-between" align="center" gap={6}>
            <Flex align="center" gap={6} style={{ minWidth: 0 }}>
              <Tag color={kindColor[task.kind]} style={{ marginInlineEnd: 0 }}>
                {t(`outreach.kinds.${task.kind}`)}
              </Tag>
              <Typography.Text ellipsis strong>
                {task.customerName}
              </Typography.Text>
            </Flex>
            <Tooltip title={t('outreach.valueTooltip')}>
              <Typography.Text>{formatCny(task.value, language)}</Typography.Text>
            </Tooltip>
          </Flex>
          <Flex justify="space-between" style={{ fontSize: 12 }}>
            <Tooltip title={t('outreach.dueTooltip')}>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('outreach.due', { time: formatWhen(task.dueAt, language) })}
              </Typography.Text>
            </Tooltip>
            {task.status === 'sent' && task.delivery ? (
              <Typography.Text type="success" style={{ fontSize: 12 }}>
                {t(task.delivery === 'live' ? 'outreach.sentLive' : 'outreach.sentLeft')}
              </Typography.Text>
            ) : task.assigneeId ? (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('outreach.heldBy', { name: task.assigneeId })}
              </Typography.Text>
            ) : null}
          </Flex>
        </button>
      </Tooltip>
    </div>
  );
}
