import { useEffect, useMemo } from 'react';
import type { MessageView } from '../../../../shared/schemas/chat';
import type { AppLanguage } from '../../app/language';
import type { ChatSnapshot } from '../../chat/chat-store';
import { createTypingNotifier } from '../../chat/typing-notifier';
import type { ShopperChat, ShopperView } from './shopper-chat';
import styles from './Widget.module.css';
import { SatisfactionPrompt } from './SatisfactionPrompt';
import { WidgetComposer } from './WidgetComposer';
import { fill, type WidgetText } from './widget-text';
import { WidgetTranscript } from './WidgetTranscript';

interface ChatPanelProps {
  chat: ShopperChat;
  view: ShopperView;
  snapshot: ChatSnapshot;
  text: WidgetText;
  language: AppLanguage;
}

export function ChatPanel({ chat, view, snapshot, text, language }: ChatPanelProps) {
  const { conversationId } = view;
  const conversation = conversationId ? snapshot.conversations.get(conversationId) : undefined;
  const stored = (conversationId && snapshot.messages.get(conversationId)) || noMessages;
  // Staff-only notes (a supervisor's whisper) never reach shoppers; should one slip through, it
  // is not shown.
  const messages = useMemo(() => stored.filter((m) => m.visibility !== 'staff'), [stored]);
  const pending = useMemo(
    () =>
      snapshot.outbox.filter(
        (item) => item.conversationId === null || item.conversationId === conversationId,
      ),
    [snapshot.outbox, conversationId],
  );
  const typing = conversationId ? snapshot.typing.get(conversationId) : undefined;
  const typingNotifier = useMemo(
    () => createTypingNotifier((isTyping) => chat.setTyping(isTyping)),
    [chat],
  );
  useEffect(() => () => typingNotifier.stop(), [typingNotifier]);
  useMarkAgentMessagesRead(chat, messages);

  const closed = conversation?.status === 'closed';
  const agentName = closed ? undefined : conversation?.assignee?.name;
  const waiting = conversation?.status === 'queued';
  const banner = view.problem
    ? text.startFailed
    : snapshot.link === 'offline'
      ? text.chat.offline
      : null;

  return (
    <section
      className={styles.panel}
      data-testid="widget-panel"
      role="dialog"
      aria-label={text.title}
      onKeyDown={(event) => {
        if (event.key === 'Escape') chat.closePanel();
      }}
    >
      <header className={styles.header}>
        <div className={styles.headerText}>
          <h2 className={styles.title}>{text.title}</h2>
          {agentName && (
            <p className={styles.subtitle} data-testid="widget-agent-name">
              {fill(text.agent, { name: agentName })}
            </p>
          )}
          {waiting && <p className={styles.subtitle}>{text.waiting}</p>}
        </div>
        <button
          type="button"
          className={styles.iconButton}
          aria-label={text.minimize}
          title={text.minimize}
          onClick={() => chat.closePanel()}
        >
          <MinimizeIcon />
        </button>
      </header>
      {banner && (
        <p className={styles.banner} role="status">
          {banner}
        </p>
      )}
      <WidgetTranscript
        messages={messages}
        pending={pending}
        agentReadSeq={(conversationId && snapshot.peerRead.get(conversationId)) || 0}
        text={text}
        language={language}
        notice={closed ? text.ended : null}
        onRetry={(id) => chat.retry(id)}
        onDiscard={(id) => chat.discard(id)}
        assetUrl={(path) => chat.assetUrl(path)}
        onAnswerOffer={(seq, response) => chat.answerOffer(seq, response)}
      />
      {closed && conversation && (
        <SatisfactionPrompt
          text={text}
          given={conversation.satisfaction ?? null}
          onRate={(rating) => chat.rate(rating)}
        />
      )}
      <p className={styles.typing} aria-live="polite">
        {typing ? fill(text.agentTyping, { name: typing.name || text.title }) : ''}
      </p>
      <WidgetComposer
        text={text}
        onSend={(message) => {
          typingNotifier.stop();
          chat.send(message);
        }}
        onTyping={(isTyping) => (isTyping ? typingNotifier.input() : typingNotifier.stop())}
      />
    </section>
  );
}

const noMessages: readonly MessageView[] = [];

/** While the panel is open and the page visible, what the agent wrote counts as read. */
function useMarkAgentMessagesRead(chat: ShopperChat, messages: readonly MessageView[]) {
  useEffect(() => {
    const markRead = () => {
      if (document.visibilityState !== 'visible') return;
      const last = messages.findLast((message) => message.author.kind !== 'shopper');
      if (last) chat.markRead(last.seq);
    };
    markRead();
    document.addEventListener('visibilitychange', markRead);
    return () => document.removeEventListener('visibilitychange', markRead);
  }, [chat, messages]);
}

function MinimizeIcon() {
  return (
    <svg width="18" height="18" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M5 12h14" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
    </svg>
  );
}
