import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Input,
  Space,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { TextAreaRef } from 'antd/es/input/TextArea';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { v7 as uuidv7 } from 'uuid';
import type { OutreachTaskDetail } from '../../../../../shared/schemas/outreach';
import type { AppLanguage } from '../../../app/i18n';
import { errorMessageKey } from '../../../app/api';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { formatCny } from '../../shop/format';
import type { ScriptChoice } from '../guidance/ScriptColumn';
import { draftWithScript, keepScriptRef, type ScriptRef } from '../guidance/script-ref';
import { useClaimTask, useSendOutreach, useSkipTask, useTaskDetail } from './outreach-api';
import { OutreachScripts } from './OutreachScripts';

export const formatWhen = (iso: string, language: AppLanguage) =>
  new Date(iso).toLocaleString(language, {
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });

/**
 * One outreach task opened from the worklist: why it exists, the customer and the order, and a
 * composer that sends the agent's message through the shopper's widget (live, or left for the
 * next visit). The scripts of the task's scenario are given to `renderScripts` for the side
 * column.
 */
export function OutreachTaskPane({
  taskId,
  agentName,
  username,
  onBack,
  onOpenChat,
  renderSide,
}: {
  taskId: string;
  agentName: string;
  username: string;
  onBack: () => void;
  onOpenChat: (conversationId: string) => void;
  /** Where the side column (customer, order, scripts) goes. */
  renderSide: (side: ReactNode) => ReactNode;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { message: toast } = App.useApp();
  const detail = useTaskDetail(taskId);
  const claim = useClaimTask();
  const sendTask = useSendOutreach();
  const skipTask = useSkipTask();
  const [draft, setDraft] = useState('');
  const [scriptRef, setScriptRef] = useState<ScriptRef | null>(null);
  const [clientMessageId, setClientMessageId] = useState(() => uuidv7());
  const [skipReason, setSkipReason] = useState('');
  const [sentText, setSentText] = useState<string | null>(null);
  const composer = useRef<TextAreaRef>(null);
  const task = detail.data?.task;

  // Opening a free task takes it, so no one else works it meanwhile.
  const claimed = useRef<string | null>(null);
  useEffect(() => {
    if (!task || task.status !== 'open' || task.assigneeId !== null) return;
    if (claimed.current === task.id) return;
    claimed.current = task.id;
    claim.mutate(task.id, {
      onSuccess: () => void detail.refetch(),
      onError: (error) =>
        void toast.error(`${t('outreach.claimFailed')} ${t(errorMessageKey(error))}`),
    });
  }, [task, claim, detail, toast, t]);

  if (detail.isPending)
    return (
      <Card style={{ height: '100%' }}>
        <Spin />
      </Card>
    );
  if (detail.isError || !task)
    return (
      <Card style={{ height: '100%' }}>
        <Alert type="error" showIcon title={t(errorMessageKey(detail.error))} />
        <Button onClick={onBack} style={{ marginTop: 12 }}>
          {t('outreach.back')}
        </Button>
      </Card>
    );

  const canWrite = task.status === 'open' && task.assigneeId === username;
  const insert = (choice: ScriptChoice) => {
    const { text, ...ref } = choice;
    setDraft((current) => draftWithScript(current, scriptRef, text));
    setScriptRef({ ...ref, inserted: text });
    composer.current?.focus();
  };
  const send = () => {
    const text = draft.trim();
    if (!text || sendTask.isPending) return;
    const ref = keepScriptRef(scriptRef, draft);
    sendTask.mutate(
      {
        id: task.id,
        input: {
          text,
          clientMessageId,
          ...(ref
            ? {
                scriptId: ref.scriptId,
                scriptVersion: ref.scriptVersion,
                scriptVariant: ref.scriptVariant,
              }
            : {}),
        },
      },
      {
        onSuccess: (answer) => {
          setSentText(answer.message.text);
          setDraft('');
          setScriptRef(null);
          setClientMessageId(uuidv7());
        },
        onError: (error) =>
          void toast.error(`${t('outreach.sendFailed')} ${t(errorMessageKey(error))}`),
      },
    );
  };
  const skip = () => {
    if (!skipReason.trim()) return;
    skipTask.mutate(
      { id: task.id, reason: skipReason.trim() },
      {
        onSuccess: () => {
          void toast.success(t('outreach.skipped'));
          onBack();
        },
        onError: (error) =>
          void toast.error(`${t('outreach.skipFailed')} ${t(errorMessageKey(error))}`),
      },
    );
  };

  return (
    <>
      <Card
        style={{ height: '100%', overflowY: 'auto' }}
        data-testid="outreach-task"
        data-status={task.status}
        title={t('outreach.title', { kind: t(`outreach.kinds.${task.kind}`) })}
        extra={<Button onClick={onBack}>{t('outreach.back')}</Button>}
      >
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label={t('outreach.customer')}>
              {task.customerName}
            </Descriptions.Item>
            <Descriptions.Item label={t('outreach.reason')}>
              {task.reason[language]}
            </Descriptions.Item>
            <Descriptions.Item label={t('outreach.status')}>
              <Tag data-testid="outreach-task-status">{t(`outreach.statuses.${task.status}`)}</Tag>
            </Descriptions.Item>
            <Descriptions.Item label={t('outreach.valueLabel')}>
              <Tooltip title={t('outreach.valueTooltip')}>
                <span>{formatCny(task.value, language)}</span>
              </Tooltip>
            </Descriptions.Item>
            <Descriptions.Item
              label={<Tooltip title={t('outreach.dueTooltip')}>{t('outreach.dueAt')}</Tooltip>}
            >
              {formatWhen(task.dueAt, language)}
            </Descriptions.Item>
          </Descriptions>

          {task.status === 'sent' && task.delivery && (
            <Alert
              type="success"
              showIcon
              data-testid="outreach-sent"
              title={
                <Tooltip
                  title={t(
                    task.delivery === 'live'
                      ? 'outreach.sentLiveTooltip'
                      : 'outreach.sentLeftTooltip',
                  )}
                >
                  <span>
                    {t(task.delivery === 'live' ? 'outreach.sentLive' : 'outreach.sentLeft')}
                  </span>
                </Tooltip>
              }
              description={
                task.sentAt
                  ? `${t('outreach.sentAt')} ${formatWhen(task.sentAt, language)}`
                  : undefined
              }
              action={
                task.conversationId && task.delivery === 'live' ? (
                  <Button size="small" onClick={() => onOpenChat(task.conversationId!)}>
                    {t('outreach.openChat')}
                  </Button>
                ) : undefined
              }
            />
          )}

          {sentText && (
            <div data-testid="outreach-sent-text">
              <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
                {t('outreach.sentText')}
              </Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>
                {sentText}
              </Typography.Paragraph>
            </div>
          )}

          {canWrite && (
            <div>
              <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 4 }}>
                {t('outreach.composer')}
              </Typography.Text>
              <Input.TextArea
                ref={composer}
                data-testid="outreach-composer"
                aria-label={t('outreach.composer')}
                autoSize={{ minRows: 3, maxRows: 8 }}
                maxLength={4000}
                value={draft}
                placeholder={t('outreach.placeholder')}
                onChange={(event) => setDraft(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
                    event.preventDefault();
                    send();
                  }
                }}
              />
              <Flex justify="space-between" style={{ marginTop: 8 }} gap={8} wrap>
                <Space.Compact>
                  <Input
                    aria-label={t('outreach.skipReason')}
                    placeholder={t('outreach.skipPlaceholder')}
                    value={skipReason}
                    maxLength={200}
                    onChange={(event) => setSkipReason(event.target.value)}
                  />
                  <Button disabled={!skipReason.trim()} loading={skipTask.isPending} onClick={skip}>
                    {t('outreach.skip')}
                  </Button>
                </Space.Compact>
                <Button
                  type="primary"
                  data-testid="outreach-send"
                  disabled={!draft.trim()}
                  loading={sendTask.isPending}
                  onClick={send}
                >
                  {t('outreach.send')}
                </Button>
              </Flex>
            </div>
          )}
        </Space>
      </Card>
      {renderSide(
        detail.data ? (
          <>
            <OutreachCustomer detail={detail.data} />
            <OutreachScripts
              detail={detail.data}
              agentName={agentName}
              onInsert={canWrite ? insert : undefined}
            />
          </>
        ) : null,
      )}
    </>
  );
}

/** The customer's essentials and the order, beside the task. */
function OutreachCustomer({ detail }: { detail: OutreachTaskDetail }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { profile, order } = detail;
  const when = (iso: string | null) => (iso ? formatWhen(iso, language) : t('outreach.notYet'));
  return (
    <>
      <Card size="small" title={t('outreach.customer')} data-testid="outreach-customer">
        {profile.customer ? (
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('outreach.name')}>
              {profile.customer.name}
            </Descriptions.Item>
            <Descriptions.Item label={t('outreach.tier')}>
              {t(`profile.tiers.${profile.customer.tier}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('outreach.points')}>
              {profile.customer.points.toLocaleString(language)}
            </Descriptions.Item>
            {profile.class8 && (
              <Descriptions.Item
                label={
                  <Tooltip title={t('outreach.segmentTooltip')}>{t('outreach.segment')}</Tooltip>
                }
              >
                <Tooltip title={profile.class8.explanation[language]}>
                  <Tag>{profile.class8.label[language]}</Tag>
                </Tooltip>
              </Descriptions.Item>
            )}
            <Descriptions.Item
              label={<Tooltip title={t('outreach.clvTooltip')}>{t('outreach.clv')}</Tooltip>}
            >
              <Tooltip title={profile.clv.computation[language]}>
                <span>{formatCny(profile.clv.value, language)}</span>
              </Tooltip>
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">{t('outreach.noCustomer')}</Typography.Text>
        )}
      </Card>
      <Card size="small" title={t('outreach.order')} data-testid="outreach-order">
        {order ? (
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('outreach.orderId')}>{order.orderId}</Descriptions.Item>
            <Descriptions.Item label={t('outreach.orderAmount')}>
              {order.amount === null ? '—' : formatCny(order.amount, language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('outreach.orderCreated')}>
              {when(order.createdAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('outreach.orderPaid')}>
              {when(order.paidAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('outreach.orderShipped')}>
              {when(order.shippedAt)}
            </Descriptions.Item>
            <Descriptions.Item label={t('outreach.orderDelivered')}>
              {when(order.deliveredAt)}
            </Descriptions.Item>
          </Descriptions>
        ) : detail.task.orderId ? (
          <Descriptions size="small" column={1}>
            <Descriptions.Item label={t('outreach.orderId')}>
              {detail.task.orderId}
            </Descriptions.Item>
          </Descriptions>
        ) : (
          <Typography.Text type="secondary">{t('outreach.noOrder')}</Typography.Text>
        )}
      </Card>
    </>
  );
}
