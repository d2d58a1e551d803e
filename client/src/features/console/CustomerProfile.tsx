import { SendOutlined } from '@ant-design/icons';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Input,
  Select,
  Space,
  Spin,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { personalities, type Personality } from '../../../../shared/domain/personality';
import {
  MAX_NOTES_LENGTH,
  type Bilingual,
  type CustomerProfile as Profile,
  type ProfileOffer,
  type ProfileResponse,
} from '../../../../shared/schemas/profile';
import { apiFetch, errorMessageKey } from '../../app/api';
import type { AppLanguage } from '../../app/i18n';
import { useAppLanguage } from '../../app/useAppLanguage';
import { formatCny, formatDate } from '../shop/format';

export function useCustomerProfile(conversationId: string) {
  return useQuery({
    queryKey: ['conversation-profile', conversationId],
    queryFn: () =>
      apiFetch<ProfileResponse>(`/api/conversations/${encodeURIComponent(conversationId)}/profile`),
    staleTime: 60_000,
  });
}

const plainList = { listStyle: 'none', margin: 0, padding: 0 } as const;
const plainItem = { padding: '6px 0', borderBottom: '1px solid rgba(5, 5, 5, 0.06)' } as const;

const valueClassColor = { vip: 'gold', core: 'blue', ordinary: 'default', poison: 'red' } as const;
const tierColor = { regular: 'default', silver: 'cyan', gold: 'gold', diamond: 'purple' } as const;

/** Sends an offer into the chat as a card; absent where the viewer cannot send (trainers). */
export type SendOffer = (offer: ProfileOffer) => Promise<void>;

/** The shopper of the open chat: who they are, what they are worth and why, what to offer. */
export function CustomerProfile({
  conversationId,
  onSendOffer,
  canEdit = false,
}: {
  conversationId: string;
  onSendOffer?: SendOffer;
  canEdit?: boolean;
}) {
  const { t } = useTranslation();
  const profile = useCustomerProfile(conversationId);
  const language = useAppLanguage();
  const offers = profile.data?.offers;
  useOfferShortcuts(offers, onSendOffer);

  let body;
  if (profile.isPending) {
    body = (
      <Space data-testid="profile-loading">
        <Spin size="small" />
        <Typography.Text type="secondary">{t('profile.loading')}</Typography.Text>
      </Space>
    );
  } else if (profile.isError) {
    body = (
      <Alert
        type="error"
        showIcon
        title={`${t('profile.failed')} ${t(errorMessageKey(profile.error))}`}
      />
    );
  } else if (profile.data.customer === null) {
    body = (
      <>
        <Typography.Paragraph type="secondary">{t('profile.anonymous')}</Typography.Paragraph>
        <Offers offers={profile.data.offers} language={language} onSend={onSendOffer} />
      </>
    );
  } else {
    body = (
      <KnownCustomer
        conversationId={conversationId}
        profile={profile.data}
        language={language}
        onSendOffer={onSendOffer}
        canEdit={canEdit}
      />
    );
  }
  return (
    <Card title={t('console.profile')} size="small" data-testid="customer-profile">
      {body}
    </Card>
  );
}

function KnownCustomer({
  conversationId,
  profile,
  language,
  onSendOffer,
  canEdit,
}: {
  conversationId: string;
  profile: Profile;
  language: AppLanguage;
  onSendOffer: SendOffer | undefined;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const { customer, rfm, class8, clv, valueClass } = profile;
  const money = (amount: number) => formatCny(amount, language);
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Descriptions size="small" column={1} bordered>
        <Descriptions.Item label={t('profile.name')}>{customer.name}</Descriptions.Item>
        <Descriptions.Item label={t('profile.tier')}>
          <Tag color={tierColor[customer.tier]}>{t(`profile.tiers.${customer.tier}`)}</Tag>
        </Descriptions.Item>
        <Descriptions.Item label={t('profile.points')}>
          {customer.points.toLocaleString(language)}
        </Descriptions.Item>
        <Descriptions.Item label={t('profile.personality')}>
          <PersonalityField
            conversationId={conversationId}
            profile={profile}
            language={language}
            canEdit={canEdit}
          />
        </Descriptions.Item>
        <Descriptions.Item label={t('profile.rfm')}>
          {rfm ? (
            <Tooltip
              title={t('profile.rfmDetail', {
                recency: rfm.recency,
                frequency: rfm.frequency,
                monetary: money(rfm.monetary),
                asOf: rfm.asOf,
              })}
            >
              <Space wrap size={4} data-testid="profile-rfm">
                <Tag>{t('profile.rfmScores', { r: rfm.r, f: rfm.f, m: rfm.m })}</Tag>
                <Tag color="geekblue">{rfm.segmentLabel[language]}</Tag>
              </Space>
            </Tooltip>
          ) : (
            t('profile.noRfm')
          )}
        </Descriptions.Item>
        {class8 && (
          <Descriptions.Item label={t('profile.class8')}>
            <Tooltip title={class8.explanation[language]}>
              <Tag color="volcano" data-testid="profile-class8">
                {class8.label[language]}
              </Tag>
            </Tooltip>
          </Descriptions.Item>
        )}
        <Descriptions.Item label={t('profile.clv')}>
          <Tooltip
            title={
              <>
                <div>{clv.formula[language]}</div>
                <div>{clv.computation[language]}</div>
              </>
            }
          >
            <span data-testid="profile-clv">
              {money(clv.value)}{' '}
              <Typography.Text type="secondary">
                ({t('profile.clvProfit', { profit: money(clv.profit) })})
              </Typography.Text>
            </span>
          </Tooltip>
        </Descriptions.Item>
        <Descriptions.Item label={t('profile.valueClass')}>
          <Tag color={valueClassColor[valueClass.name]}>{valueClass.label[language]}</Tag>
          <ul style={{ margin: '4px 0 0', paddingInlineStart: 18 }} data-testid="value-reasons">
            {valueClass.reasons.map((reason, i) => (
              <li key={i}>
                <Typography.Text type="secondary">{reason[language]}</Typography.Text>
              </li>
            ))}
          </ul>
        </Descriptions.Item>
      </Descriptions>
      <div>
        <Typography.Title level={5}>{t('profile.orders')}</Typography.Title>
        {profile.orders.length === 0 ? (
          <Typography.Text type="secondary">{t('profile.noOrders')}</Typography.Text>
        ) : (
          <ol style={plainList}>
            {profile.orders.map((order) => (
              <li key={order.id} style={plainItem} data-testid="profile-order">
                <Space size={4} wrap>
                  <span>{formatDate(order.at, language)}</span>
                  <span>{money(order.amount)}</span>
                  <Tag color={order.status === 'paid' ? 'green' : 'red'}>
                    {t(`profile.orderStatus.${order.status}`)}
                  </Tag>
                </Space>
                <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                  {order.items
                    .map((item) => `${item.name[language]} × ${item.qty}`)
                    .join(language === 'zh-CN' ? '，' : ', ')}
                </Typography.Paragraph>
              </li>
            ))}
          </ol>
        )}
      </div>
      <Offers offers={profile.offers} language={language} onSend={onSendOffer} />
      {/* Keyed by the stored notes: a save (or another agent's) starts the draft afresh. */}
      <NotesField
        key={profile.notes}
        conversationId={conversationId}
        notes={profile.notes}
        canEdit={canEdit}
      />
    </Space>
  );
}

function useProfileUpdate<T>(conversationId: string, field: 'personality' | 'notes') {
  const queryClient = useQueryClient();
  const { t } = useTranslation();
  const { message: toast } = App.useApp();
  return useMutation({
    mutationFn: (value: T) =>
      apiFetch(`/api/conversations/${encodeURIComponent(conversationId)}/profile/${field}`, {
        method: 'PUT',
        body: { [field]: value },
      }),
    onSuccess: async () => {
      void toast.success(t(field === 'notes' ? 'profile.notesSaved' : 'profile.personalitySaved'));
      await queryClient.invalidateQueries({ queryKey: ['conversation-profile'] });
    },
    onError: (error) => void toast.error(`${t('profile.saveFailed')} ${t(errorMessageKey(error))}`),
  });
}

function PersonalityField({
  conversationId,
  profile,
  language,
  canEdit,
}: {
  conversationId: string;
  profile: Profile;
  language: AppLanguage;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const update = useProfileUpdate<Personality | null>(conversationId, 'personality');
  const current = profile.personality;
  return (
    <Space orientation="vertical" size={4} style={{ width: '100%' }}>
      {canEdit ? (
        <Tooltip title={t('profile.personalityHint')} placement="left">
          <Select<Personality>
            data-testid="personality-select"
            size="small"
            allowClear
            style={{ width: '100%' }}
            placeholder={t('profile.personalityPlaceholder')}
            aria-label={t('profile.personality')}
            value={current?.name}
            loading={update.isPending}
            onChange={(value) => update.mutate(value ?? null)}
            options={personalities.map((p) => ({
              value: p,
              label: t(`profile.personalities.${p}`),
            }))}
          />
        </Tooltip>
      ) : (
        current && <Tag>{current.label[language]}</Tag>
      )}
      {current && (
        <Typography.Text type="secondary" data-testid="personality-advice">
          {current.advice[language]}
        </Typography.Text>
      )}
    </Space>
  );
}

function NotesField({
  conversationId,
  notes,
  canEdit,
}: {
  conversationId: string;
  notes: string;
  canEdit: boolean;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState(notes);
  const update = useProfileUpdate<string>(conversationId, 'notes');
  if (!canEdit && !notes) return null;
  return (
    <div>
      <Typography.Title level={5}>{t('profile.notes')}</Typography.Title>
      {canEdit ? (
        <Input.TextArea
          data-testid="profile-notes"
          aria-label={t('profile.notes')}
          value={draft}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={MAX_NOTES_LENGTH}
          showCount
          placeholder={t('profile.notesPlaceholder')}
          onChange={(event) => setDraft(event.target.value)}
          onBlur={() => {
            if (draft !== notes) update.mutate(draft);
          }}
        />
      ) : (
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{notes}</Typography.Paragraph>
      )}
    </div>
  );
}

/** Alt+1…3 sends the first, second or third offer, wherever the focus is. */
function useOfferShortcuts(offers: ProfileOffer[] | undefined, onSend: SendOffer | undefined) {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
      const n = /^Digit([1-3])$/.exec(event.code)?.[1];
      const offer = n ? offers?.[Number(n) - 1] : undefined;
      if (!offer || !onSend) return;
      event.preventDefault();
      void onSend(offer);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [offers, onSend]);
}

const itemNames = (items: { name: Bilingual }[], language: AppLanguage) =>
  items.map((item) => item.name[language]).join(language === 'zh-CN' ? '、' : ' + ');

function Offers({
  offers,
  language,
  onSend,
}: {
  offers: ProfileOffer[];
  language: AppLanguage;
  onSend: SendOffer | undefined;
}) {
  const { t } = useTranslation();
  const [sending, setSending] = useState<number | null>(null);
  const send = async (offer: ProfileOffer, index: number) => {
    if (!onSend) return;
    setSending(index);
    try {
      await onSend(offer);
    } finally {
      setSending(null);
    }
  };
  return (
    <div>
      <Typography.Title level={5}>{t('profile.offers')}</Typography.Title>
      {offers.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('profile.noOffers')} />
      ) : (
        <ol style={plainList}>
          {offers.map((offer, i) => (
            <li key={i} style={plainItem} data-testid="profile-offer">
              <Space size={4} wrap>
                <Tag color={offer.kind === 'bundle' ? 'magenta' : 'blue'}>
                  {t(`profile.offerKind.${offer.kind}`)}
                </Tag>
                <Typography.Text strong>{itemNames(offer.items, language)}</Typography.Text>
                {offer.bundlePrice !== undefined && (
                  <Typography.Text type="secondary">
                    {t('profile.bundlePrice', { price: formatCny(offer.bundlePrice, language) })}
                    {offer.listPrice !== undefined && offer.listPrice > offer.bundlePrice && (
                      <>
                        {' '}
                        <s>
                          {t('profile.listPrice', { price: formatCny(offer.listPrice, language) })}
                        </s>
                      </>
                    )}
                  </Typography.Text>
                )}
                {offer.price !== undefined && (
                  <Typography.Text type="secondary">
                    {formatCny(offer.price, language)}
                  </Typography.Text>
                )}
                {onSend && (
                  <Tooltip title={t('profile.sendHint', { n: i + 1 })}>
                    <Button
                      size="small"
                      type="primary"
                      ghost
                      icon={<SendOutlined />}
                      loading={sending === i}
                      data-testid="send-offer"
                      onClick={() => void send(offer, i)}
                    >
                      {t('profile.send')}
                    </Button>
                  </Tooltip>
                )}
              </Space>
              <Tooltip title={t('profile.ranking', { ranking: offer.ranking[language] })}>
                <Typography.Paragraph
                  type="secondary"
                  style={{ margin: 0 }}
                  data-testid="offer-reason"
                >
                  {offer.reason[language]}
                </Typography.Paragraph>
              </Tooltip>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
