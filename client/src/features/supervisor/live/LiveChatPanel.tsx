import {
  Alert,
  Button,
  Drawer,
  Empty,
  Flex,
  Input,
  Popconfirm,
  Tag,
  Typography,
  theme,
} from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../../../shared/schemas/chat';
import type { ConversationView } from '../../../../../shared/schemas/conversation';
import { errorKeyForCode } from '../../../app/api';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { errorCodeOf } from '../../../chat/chat-socket';
import { formatMessageTime } from '../../../chat/format-time';

interface LiveChatPanelProps {
  conversation: ConversationView | null;
  messages: readonly MessageView[];
  watchError: string | null;
  onClose: () => void;
  onWhisper: (text: string) => Promise<void>;
  onTakeover: () => Promise<void>;
}

/** One live chat, read-only and following new lines, with a whisper box and "Take over". */
export function LiveChatPanel(props: LiveChatPanelProps) {
  const { t } = useTranslation();
  const { conversation } = props;
  return (
    <Drawer
      open={conversation !== null}
      onClose={props.onClose}
      size={520}
      title={conversation ? t('monitor.panel.title', { name: conversation.shopperName }) : ''}
      destroyOnHidden
      extra={conversation && <TakeoverButton onTakeover={props.onTakeover} />}
    >
      {conversation && (
        <Flex vertical gap={12} style={{ height: '100%' }}>
          <Typography.Text type="secondary">
            {t('monitor.panel.assignee', { name: conversation.assignee?.name ?? '—' })}
            {' · '}
            {t('monitor.panel.readOnly')}
          </Typography.Text>
          {props.watchError && (
            <Alert
              type="warning"
              showIcon
              title={`${t('monitor.panel.loadError')} ${t(errorKeyForCode(props.watchError))}`}
            />
          )}
          <Transcript messages={props.messages} />
          <WhisperComposer key={conversation.id} onWhisper={props.onWhisper} />
        </Flex>
      )}
    </Drawer>
  );
}

function Transcript({ messages }: { messages: readonly MessageView[] }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { token } = theme.useToken();
  const list = useRef<HTMLOListElement>(null);
  const lastId = messages.at(-1)?.id;
  useEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [lastId]);

  if (messages.length === 0)
    return <Empty description={t('monitor.panel.empty')} style={{ flex: 1 }} />;
  return (
    <ol
      ref={list}
      aria-live="polite"
      data-testid="monitor-transcript"
      style={{ flex: 1, overflowY: 'auto', listStyle: 'none', margin: 0, padding: 0 }}
    >
      {messages.map((m) => {
        const whisper = m.visibility === 'staff';
        const staff = m.author.kind === 'agent';
        return (
          <li
            key={m.id}
            data-testid="monitor-message"
            data-author={m.author.kind}
            data-visibility={m.visibility ?? 'all'}
            style={{
              display: 'flex',
              flexDirection: 'column',
              alignItems: staff ? 'flex-end' : m.author.kind === 'system' ? 'center' : 'flex-start',
              padding: '4px 0',
            }}
          >
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {m.author.name} · {formatMessageTime(m.createdAt, language)}
            </Typography.Text>
            <div
              style={{
                maxWidth: '85%',
                padding: '6px 12px',
                borderRadius: 10,
                whiteSpace: 'pre-wrap',
                overflowWrap: 'anywhere',
                background: whisper
                  ? token.colorWarningBg
                  : staff
                    ? token.colorPrimaryBg
                    : token.colorFillTertiary,
                border: whisper ? `1px dashed ${token.colorWarningBorder}` : undefined,
              }}
            >
              {m.text}
            </div>
            {whisper && (
              <Tag color="warning" style={{ marginTop: 2, marginInlineEnd: 0 }}>
                {t('monitor.whisper.tag')}
              </Tag>
            )}
          </li>
        );
      })}
    </ol>
  );
}

function WhisperComposer({ onWhisper }: { onWhisper: (text: string) => Promise<void> }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send() {
    const trimmed = text.trim();
    if (!trimmed || sending) return;
    setSending(true);
    setError(null);
    try {
      await onWhisper(trimmed);
      setText('');
    } catch (failure) {
      setError(errorCodeOf(failure));
    } finally {
      setSending(false);
    }
  }

  return (
    <Flex vertical gap={6}>
      <label htmlFor="monitor-whisper">
        <Typography.Text strong>{t('monitor.panel.whisperLabel')}</Typography.Text>
      </label>
      <Input.TextArea
        id="monitor-whisper"
        value={text}
        maxLength={4000}
        autoSize={{ minRows: 2, maxRows: 5 }}
        placeholder={t('monitor.panel.whisperPlaceholder')}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={(event) => {
          if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
            event.preventDefault();
            void send();
          }
        }}
      />
      {error && (
        <Typography.Text type="danger" role="alert">
          {t('monitor.panel.whisperFailed')} {t(errorKeyForCode(error))}
        </Typography.Text>
      )}
      <Flex justify="flex-end">
        <Button onClick={() => void send()} loading={sending} disabled={!text.trim()}>
          {t('monitor.panel.whisperSend')}
        </Button>
      </Flex>
    </Flex>
  );
}

function TakeoverButton({ onTakeover }: { onTakeover: () => Promise<void> }) {
  const { t } = useTranslation();
  const [error, setError] = useState<string | null>(null);
  return (
    <Flex gap={8} align="center">
      {error && (
        <Typography.Text type="danger" role="alert">
          {t('monitor.panel.takeoverFailed')} {t(errorKeyForCode(error))}
        </Typography.Text>
      )}
      <Popconfirm
        title={t('monitor.panel.takeoverConfirm')}
        okText={t('monitor.panel.takeoverOk')}
        cancelText={t('monitor.panel.takeoverCancel')}
        onConfirm={async () => {
          setError(null);
          try {
            await onTakeover();
          } catch (failure) {
            setError(errorCodeOf(failure));
          }
        }}
      >
        <Button type="primary" danger>
          {t('monitor.panel.takeover')}
        </Button>
      </Popconfirm>
    </Flex>
  );
}
