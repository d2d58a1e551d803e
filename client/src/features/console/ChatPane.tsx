import { App, Button, Card, Flex, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { MessageView } from '../../../../shared/schemas/chat';
import type { ConversationView } from '../../../../shared/schemas/conversation';
import { errorMessageKey } from '../../app/api';
import type { ChatSnapshot } from '../../chat/chat-store';
import { createTypingNotifier } from '../../chat/typing-notifier';
import type { AgentChat, Disposition } from './agent-chat';
import { ClosePicker } from './ClosePicker';
import { ConsoleComposer } from './ConsoleComposer';
import { ConsoleTranscript } from './ConsoleTranscript';
import type { Objections } from './guidance/guidance-data';
import type { ScriptChoice } from './guidance/ScriptColumn';
import { keepScriptRef, type ScriptRef } from './guidance/script-ref';
import { useScriptPickerItems } from './guidance/useScriptPickerItems';

interface ChatPaneProps {
  agent: AgentChat;
  conversation: ConversationView;
  snapshot: ChatSnapshot;
  draft: string;
  onDraftChange: (draft: string) => void;
  onClosed: () => void;
  /** Marks objections in the shopper's messages (null until the detector is ready). */
  objections?: Objections | null;
  /** The script the draft was made from, if it still is (see keepScriptRef). */
  scriptRef?: ScriptRef | null;
  /** Puts a script in the draft (the `/` list's scripts come through here). */
  onInsertScript?: (choice: ScriptChoice) => void;
  /** The signed-in agent's name, for the scripts' {{agent.name}}. */
  agentName?: string;
  /** Changing it focuses the reply box. */
  focusKey?: number;
}

const noMessages: readonly MessageView[] = [];

export function ChatPane({
  agent,
  conversation,
  snapshot,
  draft,
  onDraftChange,
  onClosed,
  objections,
  scriptRef,
  onInsertScript,
  agentName = '',
  focusKey,
}: ChatPaneProps) {
  const { t } = useTranslation();
  const { message: toast } = App.useApp();
  const { id } = conversation;
  const messages = snapshot.messages.get(id) ?? noMessages;
  const pending = useMemo(
    () => snapshot.outbox.filter((item) => item.conversationId === id),
    [snapshot.outbox, id],
  );
  const closed = conversation.status === 'closed';
  const [picking, setPicking] = useState(false);
  const [closing, setClosing] = useState(false);
  const typing = useMemo(
    () => createTypingNotifier((isTyping) => agent.connection.setTyping(id, isTyping)),
    [agent, id],
  );
  useEffect(() => () => typing.stop(), [typing]);
  useMarkRead(agent, id, messages);
  const scripts = useScriptPickerItems(conversation, agentName);
  const attached = keepScriptRef(scriptRef, draft);

  const close = async (disposition: Disposition, order?: { orderId: string; value: number }) => {
    setClosing(true);
    try {
      await agent.close(id, disposition, order);
      setPicking(false);
      onClosed();
    } catch (error) {
      void toast.error(`${t('console.closeFailed')} ${t(errorMessageKey(error))}`);
    } finally {
      setClosing(false);
    }
  };

  return (
    <Card
      style={{ height: '100%' }}
      styles={{
        header: { minHeight: 48 },
        body: { height: 'calc(100% - 48px)', padding: 0, display: 'flex', flexDirection: 'column' },
      }}
      title={
        <Flex align="center" gap={8} wrap>
          <Typography.Text strong>{conversation.shopperName}</Typography.Text>
          {conversation.context.sku && (
            <Tag>{t('console.viewing', { sku: conversation.context.sku })}</Tag>
          )}
        </Flex>
      }
      extra={
        !closed && (
          <Button data-testid="close-chat" onClick={() => setPicking(true)}>
            {t('console.close')}
          </Button>
        )
      }
    >
      <div style={{ flex: 1, minHeight: 0 }}>
        <ConsoleTranscript
          key={id}
          messages={messages}
          pending={pending}
          shopperReadSeq={snapshot.peerRead.get(id) ?? 0}
          objections={objections}
          onRetry={(itemId) => agent.connection.retry(itemId)}
          onDiscard={(itemId) => agent.connection.discard(itemId)}
        />
      </div>
      <Typography.Text
        type="secondary"
        aria-live="polite"
        style={{ minHeight: 22, padding: '0 16px', fontSize: 12 }}
      >
        {closed
          ? t('console.chatClosed')
          : snapshot.typing.has(id)
            ? t('console.shopperTyping')
            : ''}
      </Typography.Text>
      <div style={{ padding: '4px 12px 12px' }}>
        <ConsoleComposer
          key={id}
          value={draft}
          disabled={closed}
          onChange={onDraftChange}
          onTyping={() => typing.input()}
          onSend={(text) => {
            typing.stop();
            agent.send(id, text, keepScriptRef(scriptRef, text));
          }}
          scripts={scripts}
          onInsertScript={
            onInsertScript &&
            ((reply) => reply.script && onInsertScript({ ...reply.script, text: reply.text }))
          }
          scriptTitle={attached?.title}
          focusKey={focusKey}
        />
      </div>
      <ClosePicker
        open={picking}
        closing={closing}
        onConfirm={(disposition, order) => void close(disposition, order)}
        onCancel={() => setPicking(false)}
      />
    </Card>
  );
}

/** What the shopper wrote counts as read once it is in front of the agent (tab visible). */
function useMarkRead(agent: AgentChat, conversationId: string, messages: readonly MessageView[]) {
  useEffect(() => {
    const markRead = () => {
      const last = messages.findLast((message) => message.author.kind === 'shopper');
      if (last && document.visibilityState === 'visible')
        agent.connection.markRead(conversationId, last.seq);
    };
    markRead();
    document.addEventListener('visibilitychange', markRead);
    return () => document.removeEventListener('visibilitychange', markRead);
  }, [agent, conversationId, messages]);
}
