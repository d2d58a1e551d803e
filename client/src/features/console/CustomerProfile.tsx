import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Empty, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import type {
  Bilingual,
  CustomerProfile as Profile,
  ProfileOffer,
  ProfileResponse,
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

/** The shopper of the open chat: who they are, what they are worth and why, what to offer. */
export function CustomerProfile({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const profile = useCustomerProfile(conversationId);
  const language = useAppLanguage();

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
        <Offers offers={profile.data.offers} language={language} />
      </>
    );
  } else {
    body = <KnownCustomer profile={profile.data} language={language} />;
  }
  return (
    <Card title={t('console.profile')} size="small" data-testid="customer-profile">
      {body}
    </Card>
  );
}

function KnownCustomer({ profile, language }: { profile: Profile; language: AppLanguage }) {
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
      <Offers offers={profile.offers} language={language} />
    </Space>
  );
}

const itemNames = (items: { name: Bilingual }[], language: AppLanguage) =>
  items.map((item) => item.name[language]).join(language === 'zh-CN' ? '、' : ' + ');

function Offers({ offers, language }: { offers: ProfileOffer[]; language: AppLanguage }) {
  const { t } = useTranslation();
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
                  </Typography.Text>
                )}
              </Space>
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                {offer.reason[language]}
              </Typography.Paragraph>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
