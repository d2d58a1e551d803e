import { ArrowLeftOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Flex, Tooltip, Typography } from 'antd';
import { useEffect, useMemo, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import type { StaffUser } from '../../../../../shared/schemas/auth';
import type { MonitorQueueItem } from '../../../../../shared/schemas/monitor';
import { errorMessageKey } from '../../../app/api';
import { useAppLanguage } from '../../../app/useAppLanguage';
import type { ChatSocketLike } from '../../../chat/chat-socket';
import { formatMessageTime } from '../../../chat/format-time';
import { createStaffSocket } from '../../../chat/staff-socket';
import { ButtonLink } from '../../../components/ButtonLink';
import { ErrorResult } from '../../../components/ErrorResult';
import { StaffPageLayout } from '../../../components/StaffPageLayout';
import { LiveChatPanel } from './LiveChatPanel';
import { monitorSnapshotKey, useMonitorSnapshot } from './monitor-api';
import { MonitorLink } from './monitor-link';
import { MonitorStats } from './MonitorStats';
import { AgentsTable, LiveChatsTable, QueueTable } from './MonitorTables';

/** The current time, refreshed every second, so waits tick between snapshots. */
function useNow(intervalMs = 1000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** One monitor link per page; every change notice refetches the snapshot. */
function useMonitorLink(createSocket: () => ChatSocketLike) {
  const queryClient = useQueryClient();
  const [link] = useState(
    () =>
      new MonitorLink(createSocket(), () => {
        void queryClient.invalidateQueries({ queryKey: monitorSnapshotKey });
      }),
  );
  useEffect(() => {
    link.start();
    return () => link.stop();
  }, [link]);
  return { link, state: useSyncExternalStore(link.subscribe, link.getSnapshot) };
}

/**
 * The supervisors' live monitor (/supervisor/live): the queue and its waits, the agents' status
 * and load, the chats in progress; a chat opens beside the tables to read, whisper or take over.
 */
export function LiveMonitorPage({
  user,
  createSocket = createStaffSocket,
}: {
  user: StaffUser;
  /** Tests pass a stand-in; the page otherwise opens the staff socket. */
  createSocket?: () => ChatSocketLike;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const navigate = useNavigate();
  const snapshot = useMonitorSnapshot();
  const { link, state } = useMonitorLink(createSocket);
  const now = useNow();
  const [selectedId, setSelectedId] = useState<string | null>(null);

  const data = snapshot.data;
  // Waits tick from the server's figure by the time elapsed here since it arrived: no clock skew.
  const sinceFetch = Math.max(0, now - snapshot.dataUpdatedAt);
  const waitingMs = (item: MonitorQueueItem) => item.waitingMs + sinceFetch;
  const longestWaitMs = data?.queue.length
    ? Math.max(...data.queue.map((item) => waitingMs(item)))
    : 0;
  const selected = useMemo(
    () => data?.live.find((c) => c.id === selectedId) ?? null,
    [data, selectedId],
  );

  // The panel follows the selected chat; a chat that closed or left the list closes it.
  useEffect(() => {
    link.watch(selected?.id ?? null);
  }, [link, selected?.id]);

  const retry = () => void snapshot.refetch();

  return (
    <StaffPageLayout title={t('monitor.title')} user={user}>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 16 }}>
        <ButtonLink to="/supervisor" type="text" icon={<ArrowLeftOutlined />}>
          {t('monitor.backToDashboard')}
        </ButtonLink>
        <Flex gap={12} align="center">
          {data && (
            <Typography.Text type="secondary">
              {t('monitor.updatedAt', { time: formatMessageTime(data.at, language) })}
            </Typography.Text>
          )}
          <Tooltip title={t('monitor.link.help')} trigger={['hover', 'focus']}>
            <span tabIndex={0} data-testid="monitor-link" data-state={state.link}>
              <Badge
                status={state.link === 'online' ? 'success' : 'warning'}
                text={t(state.link === 'online' ? 'monitor.link.online' : 'monitor.link.offline')}
              />
            </span>
          </Tooltip>
        </Flex>
      </Flex>

      {snapshot.isError && !data ? (
        <Card>
          <ErrorResult title={t('monitor.loadError')} error={snapshot.error} onRetry={retry} />
        </Card>
      ) : (
        <>
          {snapshot.isError && (
            <Alert
              type="warning"
              showIcon
              title={`${t('monitor.loadError')} ${t(errorMessageKey(snapshot.error))}`}
              action={<Button onClick={retry}>{t('common.retry')}</Button>}
              style={{ marginBottom: 16 }}
            />
          )}
          {data && <MonitorStats stats={data.stats} longestWaitMs={longestWaitMs} />}
          <Flex gap={16} wrap style={{ marginBottom: 16 }} align="flex-start">
            <QueueTable
              queue={data?.queue ?? []}
              waitingMs={waitingMs}
              loading={snapshot.isPending}
            />
            <AgentsTable agents={data?.agents ?? []} loading={snapshot.isPending} />
          </Flex>
          <LiveChatsTable
            live={data?.live ?? []}
            selectedId={selectedId}
            onSelect={(c) => setSelectedId(c.id)}
            loading={snapshot.isPending}
          />
        </>
      )}

      <LiveChatPanel
        conversation={selected}
        messages={state.messages}
        watchError={state.watchError}
        onClose={() => setSelectedId(null)}
        onWhisper={(text) => link.whisper(text)}
        onTakeover={async () => {
          if (!selected) return;
          await link.takeover(selected.id);
          navigate('/console');
        }}
      />
    </StaffPageLayout>
  );
}
