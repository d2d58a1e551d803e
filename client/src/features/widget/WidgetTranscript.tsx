import { useLayoutEffect, useMemo, useRef } from 'react';
import type { MessageView } from '../../../../shared/schemas/chat';
import type { AppLanguage } from '../../app/language';
import { formatMessageTime } from '../../chat/format-time';
import type { OutboxItem } from '../../chat/outbox';
import { buildTranscript, type TranscriptEntry } from '../../chat/transcript';
import styles from './Widget.module.css';
import { WidgetOfferCard } from './WidgetOfferCard';
import type { WidgetText } from './widget-text';

interface WidgetTranscriptProps {
  messages: readonly MessageView[];
  pending: readonly OutboxItem[];
  agentReadSeq: number;
  text: WidgetText;
  language: AppLanguage;
  notice: string | null;
  onRetry: (id: string) => void;
  onDiscard: (id: string) => void;
  assetUrl: (path: string) => string;
  onAnswerOffer: (seq: number, response: 'accepted' | 'declined') => Promise<void>;
}

export function WidgetTranscript(props: WidgetTranscriptProps) {
  const { messages, pending, notice, text } = props;
  const entries = useMemo(() => buildTranscript(messages, pending), [messages, pending]);
  const list = useRef<HTMLOListElement>(null);
  const lastKey = entries.at(-1)?.key;

  // Shopper chats are short: a plain list that keeps its bottom in view is enough.
  useLayoutEffect(() => {
    const element = list.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [lastKey, notice]);

  return (
    <ol ref={list} className={styles.messages} aria-live="polite">
      {entries.length === 0 && <li className={styles.notice}>{text.welcome}</li>}
      {entries.map((entry) => (
        <TranscriptLine key={entry.key} entry={entry} {...props} />
      ))}
      {notice && <li className={styles.notice}>{notice}</li>}
    </ol>
  );
}

function TranscriptLine({
  entry,
  agentReadSeq,
  text,
  language,
  onRetry,
  onDiscard,
  assetUrl,
  onAnswerOffer,
}: WidgetTranscriptProps & { entry: TranscriptEntry }) {
  if (entry.kind === 'pending') {
    const { item } = entry;
    return (
      <li
        data-testid="widget-message"
        data-author="shopper"
        data-state={item.state}
        className={`${styles.message} ${styles.own} ${styles.pending}`}
      >
        <div className={styles.bubble}>{item.text}</div>
        <div className={styles.meta}>
          {item.state === 'failed' ? (
            <>
              <span className={styles.failed}>
                {text.chat.failed}: {text.errorSentence(item.lastErrorCode)}
              </span>
              <button type="button" className={styles.linkButton} onClick={() => onRetry(item.id)}>
                {text.chat.retry}
              </button>
              <button
                type="button"
                className={styles.linkButton}
                onClick={() => onDiscard(item.id)}
              >
                {text.chat.discard}
              </button>
            </>
          ) : (
            <span>{item.state === 'retrying' ? text.chat.retrying : text.chat.sending}</span>
          )}
        </div>
      </li>
    );
  }

  const { message } = entry;
  const own = message.author.kind === 'shopper';
  const kindClass = own ? styles.own : message.author.kind === 'system' ? styles.system : '';
  return (
    <li
      data-testid="widget-message"
      data-seq={message.seq}
      data-author={message.author.kind}
      className={`${styles.message} ${kindClass}`}
    >
      {message.author.kind === 'agent' && (
        <span className={styles.author}>{message.author.name}</span>
      )}
      {message.offer && message.author.kind === 'agent' ? (
        <WidgetOfferCard
          offer={message.offer}
          seq={message.seq}
          text={text}
          language={language}
          assetUrl={assetUrl}
          onAnswer={onAnswerOffer}
        />
      ) : (
        <div className={styles.bubble}>{message.text}</div>
      )}
      <div className={styles.meta}>
        <time dateTime={message.createdAt}>{formatMessageTime(message.createdAt, language)}</time>
        {own && message.seq <= agentReadSeq && (
          <span data-testid="widget-read">{text.chat.read}</span>
        )}
      </div>
    </li>
  );
}
