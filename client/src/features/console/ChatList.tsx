import { Button, Card, Empty, Flex, Typography, theme } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConversationView } from '../../../../shared/schemas/conversation';
import { durationParts, type ChatSummary } from './chat-summary';

/** After this long without an answer a waiting shopper is shown in red, not orange. */
const LONG_WAIT_MS = 2 * 60_000;

export function useFormatWait() {
  const { t } = useTranslation();
  return (ms: number) => {
    const parts = durationParts(ms);
    const pad = (n: number) => String(n).padStart(2, '0');
    switch (parts.unit) {
      case 'seconds':
        return t('console.duration.seconds', { seconds: parts.seconds });
      case 'minutes':
        return t('console.duration.minutes', {
          minutes: parts.minutes,
          seconds: pad(parts.seconds),
        });
      case 'hours':
        return t('console.duration.hours', { hours: parts.hours, minutes: pad(parts.minutes) });
    }
  };
}

function ListCard({
  title,
  count,
  children,
}: {
  title: string;
  count: number;
  children: ReactNode;
}) {
  return (
    <Card
      size="small"
      title={
        <Flex justify="space-between">
          <span>{title}</span>
          <Typography.Text type="secondary">{count}</Typography.Text>
        </Flex>
      }
      styles={{ body: { padding: 4 } }}
    >
      {children}
    </Card>
  );
}

export interface MyChatItem {
  conversation: ConversationView;
  summary: ChatSummary;
}

interface MyChatListProps {
  chats: readonly MyChatItem[];
  selectedId: string | null;
  now: number;
  onSelect: (conversationId: string) => void;
}

export function MyChatList({ chats, selectedId, now, onSelect }: MyChatListProps) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const formatWait = useFormatWait();
  return (
    <ListCard title={t('console.myChats')} count={chats.length}>
      {chats.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.myChatsEmpty')} />
      )}
      {chats.map(({ conversation, summary }) => {
        const selected = conversation.id === selectedId;
        const waitedMs = summary.waitingSince ? now - Date.parse(summary.waitingSince) : null;
        const waitColor =
          waitedMs === null
            ? undefined
            : waitedMs > LONG_WAIT_MS
              ? token.colorError
              : token.colorWarning;
        return (
          <button
            key={conversation.id}
            type="button"
            data-testid="chat-list-item"
            data-conversation-id={conversation.id}
            data-waiting={waitedMs !== null}
            aria-current={selected}
            onClick={() => onSelect(conversation.id)}
            style={{
              display: 'block',
              width: '100%',
              padding: '8px 10px',
              marginBottom: 2,
              border: 0,
              borderInlineStart: `3px solid ${waitColor ?? 'transparent'}`,
              borderRadius: token.borderRadiusSM,
              textAlign: 'start',
              cursor: 'pointer',
              font: 'inherit',
              background: selected
                ? token.controlItemBgActive
                : waitedMs !== null
                  ? token.colorWarningBg
                  : 'transparent',
            }}
          >
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text strong ellipsis>
                {conversation.shopperName}
              </Typography.Text>
              {summary.unread > 0 && (
                <span
                  data-testid="unread-badge"
                  aria-label={t('console.unreadCount', { count: summary.unread })}
                  style={{
                    minWidth: 20,
                    padding: '0 6px',
                    borderRadius: 10,
                    background: token.colorError,
                    color: token.colorWhite,
                    fontSize: 12,
                    lineHeight: '20px',
                    textAlign: 'center',
                  }}
                >
                  {summary.unread}
                </span>
              )}
            </Flex>
            <Flex justify="space-between" align="center" gap={8}>
              <Typography.Text type="secondary" ellipsis style={{ fontSize: 12 }}>
                {summary.preview ?? (conversation.lastMessagePreview || t('console.noMessagesYet'))}
              </Typography.Text>
              {waitedMs !== null && (
                <Typography.Text style={{ fontSize: 12, color: waitColor, whiteSpace: 'nowrap' }}>
                  {formatWait(waitedMs)}
                </Typography.Text>
              )}
            </Flex>
          </button>
        );
      })}
    </ListCard>
  );
}

interface QueueListProps {
  queue: readonly ConversationView[];
  waiting: number | null;
  now: number;
  canTake: boolean;
  taking: string | null;
  onTake: (conversationId: string) => void;
}

export function QueueList({ queue, waiting, now, canTake, taking, onTake }: QueueListProps) {
  const { t } = useTranslation();
  const formatWait = useFormatWait();
  return (
    <ListCard title={t('console.queue')} count={Math.max(waiting ?? 0, queue.length)}>
      {queue.length === 0 && (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('console.queueEmpty')} />
      )}
      {queue.map((conversation) => (
        <Flex
          key={conversation.id}
          data-testid="queue-item"
          data-conversation-id={conversation.id}
          align="center"
          gap={8}
          style={{ padding: '6px 10px' }}
        >
          <Flex vertical style={{ minWidth: 0, flex: 1 }}>
            <Typography.Text ellipsis>{conversation.shopperName}</Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {conversation.queuedAt &&
                t('console.waitingFor', {
                  time: formatWait(now - Date.parse(conversation.queuedAt)),
                })}
              {conversation.context.sku && ` · ${conversation.context.sku}`}
            </Typography.Text>
          </Flex>
          {canTake && (
            <Button
              size="small"
              type="primary"
              ghost
              loading={taking === conversation.id}
              onClick={() => onTake(conversation.id)}
            >
              {t('console.take')}
            </Button>
          )}
        </Flex>
      ))}
    </ListCard>
  );
}
