import { Alert, App, Card, Empty, Layout, theme } from 'antd';
import { useMemo, useState } from 'react';
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
            <SignedInUser user={user} />
          </>
        }
      />
      <LinkBanner link={snapshot.link} problem={snapshot.problem} />
      <Layout hasSider style={{ minHeight: 0 }}>
        <Layout.Sider width={300} style={siderStyle} aria-label={t('console.myChats')}>
          <div style={columnStyle}>
            <MyChatList chats={chats} selectedId={selectedId} now={now} onSelect={setChosenId} />
            <QueueList
              queue={snapshot.queue}
              waiting={snapshot.queueWaiting}
              now={now}
              canTake={user.role !== 'trainer'}
              taking={taking}
              onTake={(id) => void take(id)}
            />
          </div>
        </Layout.Sider>
        <Layout.Content style={{ padding: '12px 0', minWidth: 0 }}>
          {selected ? (
            <ChatPane
              agent={agent}
              conversation={selected}
              snapshot={snapshot}
              draft={drafts[selected.id] ?? ''}
              onDraftChange={(draft) => setDrafts((all) => ({ ...all, [selected.id]: draft }))}
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
            <SidePanel title={t('console.scripts')} emptyText={t('console.scriptsEmpty')} />
          </div>
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
