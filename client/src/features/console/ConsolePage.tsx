import { Alert, App, Card, Empty, Layout, theme } from 'antd';
import { useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import type { StaffUser } from '../../../../shared/schemas/auth';
import { errorMessageKey } from '../../app/api';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { AppHeader } from '../../components/AppHeader';
import { ButtonLink } from '../../components/ButtonLink';
import { SignedInUser } from '../../components/SignedInUser';
import { isMine } from './agent-chat';
import { AgentStatusSwitch } from './AgentStatusSwitch';
import { useAttentionSound } from './attention';
import { ChatPane } from './ChatPane';
import { MyChatList, QueueList, type MyChatItem } from './ChatList';
import { summarizeChat } from './chat-summary';
import { ShortcutsHelp } from './ShortcutsHelp';
import { useAgentChat, useNow } from './useAgentChat';
import { useChatShortcuts } from './useChatShortcuts';
import { CustomerProfile } from './CustomerProfile';
import type { ProfileOffer } from '../../../../shared/schemas/profile';
import type { MessageView } from '../../../../shared/schemas/chat';
import { useObjectionDetector, useObjections } from './guidance/guidance-data';
import { ScriptColumn, type ScriptChoice } from './guidance/ScriptColumn';
import { draftWithScript, keepScriptRef, type ScriptRef } from './guidance/script-ref';
import { useConversationStage } from './guidance/useConversationStage';
import { OutreachTaskPane } from './outreach/OutreachTaskPane';
import { OutreachWorklist } from './outreach/OutreachWorklist';

const noMessages: readonly MessageView[] = [];

function SidePanel({ title, emptyText }: { title: string; emptyText: string }) {
  return (
    <Card title={title} size="small">
      <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={emptyText} />
    </Card>
  );
}

const columnStyle = {
  display: 'flex',
  flexDirection: 'column',
  gap: 12,
  padding: 12,
  height: '100%',
  overflowY: 'auto',
} as const;

export function ConsolePage({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  const { token } = theme.useToken();
  const { message: toast } = App.useApp();
  const { agent, snapshot } = useAgentChat(user);
  const now = useNow();
  const [chosenId, setChosenId] = useState<string | null>(null);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [taking, setTaking] = useState<string | null>(null);
  const [scriptRefs, setScriptRefs] = useState<Record<string, ScriptRef | null>>({});
  const [focusKey, setFocusKey] = useState(0);
  // An outreach task opened from the worklist takes the middle and the side column.
  const [openTaskId, setOpenTaskId] = useState<string | null>(null);
  const [outreachSide, setOutreachSide] = useState<HTMLDivElement | null>(null);
  const chooseChat = (conversationId: string) => {
    setOpenTaskId(null);
    setChosenId(conversationId);
  };
  const objections = useObjections(useObjectionDetector());

  const chats: MyChatItem[] = useMemo(
    () =>
      [...snapshot.followed].flatMap((id) => {
        const conversation = snapshot.conversations.get(id);
        if (!conversation || !isMine(conversation, user.username)) return [];
        const summary = summarizeChat(snapshot.messages.get(id), snapshot.ownRead.get(id) ?? 0);
        return [{ conversation, summary }];
      }),
    [snapshot.followed, snapshot.conversations, snapshot.messages, snapshot.ownRead, user.username],
  );
  const chatIds = useMemo(() => chats.map((chat) => chat.conversation.id), [chats]);
  // The chosen chat stays open after it closes (the agent may still read it); with none chosen,
  // the first chat is.
  const selectedId =
    (chosenId && snapshot.conversations.has(chosenId) ? chosenId : chatIds[0]) ?? null;
  const selected = selectedId ? snapshot.conversations.get(selectedId) : undefined;
  const unread = chats.reduce((sum, chat) => sum + chat.summary.unread, 0);
  const selectedMessages = (selectedId && snapshot.messages.get(selectedId)) || noMessages;
  const [stage, setStage] = useConversationStage(
    selectedId,
    selectedMessages,
    selected?.status === 'closed',
    objections,
  );
  const canReply =
    user.role !== 'trainer' && selected !== undefined && selected.status !== 'closed';

  const changeDraft = (conversationId: string, draft: string) => {
    setDrafts((all) => ({ ...all, [conversationId]: draft }));
    setScriptRefs((all) => ({
      ...all,
      [conversationId]: keepScriptRef(all[conversationId], draft),
    }));
  };
  /** The script goes in the draft, still editable; the message sent from it records it. */
  const insertScript = (conversationId: string, choice: ScriptChoice) => {
    const { text, ...ref } = choice;
    setDrafts((all) => ({
      ...all,
      [conversationId]: draftWithScript(
        all[conversationId] ?? '',
        scriptRefs[conversationId],
        text,
      ),
    }));
    setScriptRefs((all) => ({ ...all, [conversationId]: { ...ref, inserted: text } }));
    setFocusKey((key) => key + 1);
  };

  useDocumentTitle(unread > 0 ? `(${unread}) ${t('console.title')}` : t('console.title'));
  useAttentionSound(agent, selectedId);
  useChatShortcuts(chatIds, selectedId, setChosenId);

  const take = async (conversationId: string) => {
    setTaking(conversationId);
    try {
      await agent.claim(conversationId);
      setChosenId(conversationId);
    } catch (error) {
      void toast.error(`${t('console.takeFailed')} ${t(errorMessageKey(error))}`);
    } finally {
      setTaking(null);
    }
  };

  const sendOffer = async (offer: ProfileOffer) => {
    if (!selectedId) return;
    try {
      await agent.sendOffer(
        selectedId,
        offer.kind === 'bundle'
          ? { kind: 'bundle', bundleId: offer.bundleId! }
          : { kind: 'product', sku: offer.items[0]!.sku },
      );
      void toast.success(t('profile.sent'));
    } catch (error) {
      void toast.error(`${t('profile.sendFailed')} ${t(errorMessageKey(error))}`);
    }
  };

  const siderStyle = { background: token.colorBgLayout, overflow: 'hidden' };
  return (
    <Layout style={{ height: '100vh' }}>
      <AppHeader
        title={t('console.title')}
        extra={
          <>
            {agent.hasStatus && <AgentStatusSwitch agent={agent} />}
            <ShortcutsHelp />
            <ButtonLink to="/reviews" type="text">
              {t('review.mine.link')}
            </ButtonLink>
            <SignedInUser user={user} />
          </>
        }
      />
      <LinkBanner link={snapshot.link} problem={snapshot.problem} />
      <Layout hasSider style={{ minHeight: 0 }}>
        <Layout.Sider width={300} style={siderStyle} aria-label={t('console.myChats')}>
          <div style={columnStyle}>
            <MyChatList
              chats={chats}
              selectedId={openTaskId ? null : selectedId}
              now={now}
              onSelect={chooseChat}
            />
            <QueueList
              queue={snapshot.queue}
              waiting={snapshot.queueWaiting}
              now={now}
              canTake={user.role !== 'trainer'}
              taking={taking}
              onTake={(id) => void take(id)}
            />
            {user.role !== 'trainer' && (
              <OutreachWorklist openTaskId={openTaskId} onOpen={setOpenTaskId} />
            )}
          </div>
        </Layout.Sider>
        <Layout.Content style={{ padding: '12px 0', minWidth: 0 }}>
          {openTaskId ? (
            <OutreachTaskPane
              key={openTaskId}
              taskId={openTaskId}
              agentName={user.displayName}
              username={user.username}
              onBack={() => setOpenTaskId(null)}
              onOpenChat={chooseChat}
              renderSide={(side) => (outreachSide ? createPortal(side, outreachSide) : null)}
            />
          ) : selected ? (
            <ChatPane
              agent={agent}
              conversation={selected}
              snapshot={snapshot}
              draft={drafts[selected.id] ?? ''}
              onDraftChange={(draft) => changeDraft(selected.id, draft)}
              objections={objections}
              scriptRef={scriptRefs[selected.id]}
              onInsertScript={canReply ? (choice) => insertScript(selected.id, choice) : undefined}
              agentName={user.displayName}
              focusKey={focusKey}
              onClosed={() => {
                // On to the next chat; with none left the closed one stays in view.
                const index = chatIds.indexOf(selected.id);
                const next = chatIds[index + 1] ?? chatIds[index - 1];
                if (next) setChosenId(next);
              }}
            />
          ) : (
            <Card
              style={{ height: '100%' }}
              styles={{ body: { height: '100%', display: 'grid', placeItems: 'center' } }}
            >
              <Empty description={t('console.chatEmpty')} />
            </Card>
          )}
        </Layout.Content>
        <Layout.Sider
          width={340}
          style={siderStyle}
          breakpoint="lg"
          collapsedWidth={0}
          trigger={null}
          aria-label={t('console.profile')}
        >
          {openTaskId ? (
            <div ref={setOutreachSide} style={columnStyle} data-testid="outreach-side" />
          ) : (
            <div style={columnStyle}>
              {selected ? (
                <CustomerProfile
                  key={selected.id}
                  conversationId={selected.id}
                  canEdit={user.role !== 'trainer'}
                  onSendOffer={user.role === 'trainer' ? undefined : sendOffer}
                />
              ) : (
                <SidePanel title={t('console.profile')} emptyText={t('console.profileEmpty')} />
              )}
              {selected ? (
                <ScriptColumn
                  conversation={selected}
                  messages={selectedMessages}
                  objections={objections}
                  stage={stage}
                  onStageChange={setStage}
                  agentName={user.displayName}
                  onInsert={canReply ? (choice) => insertScript(selected.id, choice) : undefined}
                />
              ) : (
                <SidePanel title={t('console.scripts')} emptyText={t('console.scriptsEmpty')} />
              )}
            </div>
          )}
        </Layout.Sider>
      </Layout>
    </Layout>
  );
}

function LinkBanner({ link, problem }: { link: string; problem: string | null }) {
  const { t } = useTranslation();
  if (link === 'unauthenticated')
    return (
      <Alert
        banner
        type="error"
        title={t('errors.E_UNAUTHENTICATED')}
        action={<ButtonLink to="/login">{t('common.signIn')}</ButtonLink>}
      />
    );
  if (link === 'offline') return <Alert banner type="warning" title={t('chat.offline')} />;
  if (link === 'syncing' && problem)
    return <Alert banner type="warning" title={t(errorMessageKey({ code: problem }))} />;
  return null;
}
