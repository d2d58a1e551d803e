import { Button, Flex, Tag, Typography, theme } from 'antd';
import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Virtuoso } from 'react-virtuoso';
import type { MessageView } from '../../../../shared/schemas/chat';
import { errorKeyForCode } from '../../app/api';
import { useAppLanguage } from '../../app/useAppLanguage';
import { formatMessageTime } from '../../chat/format-time';
import type { OutboxItem } from '../../chat/outbox';
import { buildTranscript, type TranscriptEntry } from '../../chat/transcript';
import type { ObjectionDetection } from '../../../../shared/domain/objections';
import type { Objections } from './guidance/guidance-data';
import { ObjectionTags, ObjectionText } from './guidance/ObjectionHighlight';

interface ConsoleTranscriptProps {
  messages: readonly MessageView[];
  pending: readonly OutboxItem[];
  /** The highest seq the shopper has read: the agent's messages up to it are marked read. */
  shopperReadSeq: number;
  onRetry: (id: string) => void;
  onDiscard: (id: string) => void;
  /** Marks the objections in shopper messages; absent until the phrase lists are in. */
  objections?: Objections | null;
}

/**
 * The chat, virtualized (thousands of lines stay fast), opening at the bottom and following
 * new lines while the agent is there, or whenever the agent sends.
 */
export function ConsoleTranscript({
  messages,
  pending,
  objections,
  ...lineProps
}: ConsoleTranscriptProps) {
  const entries = useMemo(() => buildTranscript(messages, pending), [messages, pending]);

  return (
    <Virtuoso
      style={{ height: '100%' }}
      data={entries}
      computeItemKey={(_index, entry) => entry.key}
      initialTopMostItemIndex={{ index: 'LAST', align: 'end' }}
      alignToBottom
      followOutput={(atBottom) => (atBottom || entries.at(-1)?.kind === 'pending' ? 'auto' : false)}
      itemContent={(_index, entry) => (
        <TranscriptLine
          entry={entry}
          detection={
            entry.kind === 'stored' && objections ? objections.detect(entry.message) : undefined
          }
          {...lineProps}
        />
      )}
    />
  );
}

const TranscriptLine = memo(function TranscriptLine({
  entry,
  shopperReadSeq,
  onRetry,
  onDiscard,
  detection,
}: Omit<ConsoleTranscriptProps, 'messages' | 'pending' | 'objections'> & {
  entry: TranscriptEntry;
  detection?: ObjectionDetection;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { token } = theme.useToken();
  const pending = entry.kind === 'pending' ? entry.item : null;
  const message = entry.kind === 'stored' ? entry.message : null;
  const author = message?.author.kind ?? 'agent';
  const own = author === 'agent';
  // A supervisor's whisper: for the agent's eyes only, so it must not look like a reply.
  const whisper = message?.visibility === 'staff';
  const text = message?.text ?? pending?.text ?? '';
  const objection = detection && detection.categories.length > 0 ? detection : null;

  let status: string | null = null;
  if (pending?.state === 'failed')
    status = `${t('chat.failed')}: ${t(errorKeyForCode(pending.lastErrorCode))}`;
  else if (pending) status = t(pending.state === 'retrying' ? 'chat.retrying' : 'chat.sending');
  else if (own && !whisper && message && message.seq <= shopperReadSeq) status = t('chat.read');

  return (
    <Flex
      vertical
      align={own ? 'flex-end' : author === 'system' ? 'center' : 'flex-start'}
      data-testid="chat-message"
      data-seq={message?.seq}
      data-author={author}
      data-state={pending?.state}
      data-objections={objection?.categories.join(' ') || undefined}
      data-visibility={whisper ? 'staff' : undefined}
      style={{ padding: '4px 16px' }}
    >
      {whisper && (
        <Tag
          color="warning"
          data-testid="whisper-tag"
          style={{ marginBottom: 2, marginInlineEnd: 0 }}
        >
          {t('monitor.whisper.tag')} · {t('monitor.whisper.from', { name: message.author.name })}
        </Tag>
      )}
      <div
        style={{
          maxWidth: '75%',
          padding: '6px 12px',
          borderRadius: 10,
          whiteSpace: 'pre-wrap',
          overflowWrap: 'anywhere',
          background: whisper
            ? token.colorWarningBg
            : own
              ? token.colorPrimaryBg
              : token.colorFillTertiary,
          border: whisper ? `1px dashed ${token.colorWarningBorder}` : undefined,
          opacity: pending ? 0.7 : 1,
        }}
      >
        {objection ? <ObjectionText text={text} detection={objection} /> : text}
      </div>
      {objection && <ObjectionTags detection={objection} />}
      {message?.offer && (
        <Tag
          data-testid="offer-state"
          data-state={message.offer.response?.value ?? 'pending'}
          color={
            message.offer.response?.value === 'accepted'
              ? 'success'
              : message.offer.response?.value === 'declined'
                ? 'default'
                : 'processing'
          }
          style={{ marginTop: 4, marginInlineEnd: 0 }}
        >
          {t(`console.offerState.${message.offer.response?.value ?? 'pending'}`)}
        </Tag>
      )}
      <Flex gap={8} align="center" style={{ fontSize: 12, marginTop: 2 }}>
        {message && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {formatMessageTime(message.createdAt, language)}
          </Typography.Text>
        )}
        {status && (
          <Typography.Text
            type={pending?.state === 'failed' ? 'danger' : 'secondary'}
            style={{ fontSize: 12 }}
          >
            {status}
          </Typography.Text>
        )}
        {pending?.state === 'failed' && (
          <>
            <Button size="small" type="link" onClick={() => onRetry(pending.id)}>
              {t('chat.retry')}
            </Button>
            <Button size="small" type="link" danger onClick={() => onDiscard(pending.id)}>
              {t('chat.discard')}
            </Button>
          </>
        )}
      </Flex>
    </Flex>
  );
});
