import { useMemo, useSyncExternalStore } from 'react';
import type { AppLanguage } from '../../app/language';
import { ChatPanel } from './ChatPanel';
import type { ShopperChat } from './shopper-chat';
import styles from './Widget.module.css';
import { fill, widgetText } from './widget-text';

export function WidgetApp({ chat, language }: { chat: ShopperChat; language: AppLanguage }) {
  const text = useMemo(() => widgetText(language), [language]);
  const view = useSyncExternalStore(chat.subscribe, chat.getView);
  const snapshot = useSyncExternalStore(chat.store.subscribe, chat.store.getSnapshot);
  const { conversationId } = view;
  const messages = conversationId ? snapshot.messages.get(conversationId) : undefined;
  const readUpTo = (conversationId && snapshot.ownRead.get(conversationId)) || 0;
  const unread = view.panelOpen
    ? 0
    : (messages?.filter(
        (m) => m.author.kind === 'agent' && m.visibility !== 'staff' && m.seq > readUpTo,
      ).length ?? 0);

  return (
    <div className={`${styles.root} ${view.panelOpen ? styles.panelOpen : ''}`} lang={language}>
      {view.panelOpen && (
        <ChatPanel chat={chat} view={view} snapshot={snapshot} text={text} language={language} />
      )}
      <button
        type="button"
        className={styles.launcher}
        data-testid="widget-launcher"
        aria-expanded={view.panelOpen}
        onClick={() => (view.panelOpen ? chat.closePanel() : chat.openPanel())}
      >
        <ChatIcon />
        {text.launcher}
        {unread > 0 && (
          <span className={styles.badge} aria-label={fill(text.newMessages, { count: unread })}>
            {unread}
          </span>
        )}
      </button>
    </div>
  );
}

function ChatIcon() {
  return (
    <svg width="20" height="20" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path
        d="M4 5h16v11H8l-4 4V5z"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
        strokeLinejoin="round"
      />
    </svg>
  );
}
