import { Avatar, Card, Flex, Tag, Typography, theme } from 'antd';
import { useTranslation } from 'react-i18next';
import { useAppLanguage } from '../../app/useAppLanguage';
import { localize } from './catalog';
import { formatCny, formatDate } from './format';
import { StockTag } from './StockTag';
import type { BundleView, ProductView } from './types';

interface BundleCardProps {
  bundle: BundleView;
  productsBySku: ReadonlyMap<string, ProductView>;
}

export function BundleCard({ bundle, productsBySku }: BundleCardProps) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { token } = theme.useToken();
  const items = bundle.skus.map((sku) => ({ sku, product: productsBySku.get(sku) }));
  // Without every item's price the "bought separately" sum would understate, so it is left out.
  const separately = items.every((item) => item.product)
    ? items.reduce((sum, item) => sum + (item.product?.price ?? 0), 0)
    : null;
  const saving =
    separately === null ? 0 : Math.round((separately - bundle.bundlePrice) * 100) / 100;

  return (
    <Card data-testid="bundle-card" size="small" style={{ height: '100%' }}>
      <Flex vertical gap={12}>
        <Flex justify="space-between" align="start" gap={8}>
          <Typography.Title level={3} style={{ fontSize: 16, margin: 0 }}>
            {localize(bundle.name, language)}
          </Typography.Title>
          <StockTag stock={bundle.stock} />
        </Flex>
        <div>
          <Typography.Text type="secondary">{t('shop.bundleIncludes')}</Typography.Text>
          <ul style={{ listStyle: 'none', margin: '8px 0 0', padding: 0, display: 'grid', gap: 8 }}>
            {items.map(({ sku, product }) => (
              <li key={sku} style={{ display: 'flex', alignItems: 'center', gap: 8, minWidth: 0 }}>
                <Avatar shape="square" size={32} src={product?.imageUrl} alt="" />
                <Typography.Text ellipsis>
                  {product ? localize(product.name, language) : t('shop.unknownItem', { sku })}
                </Typography.Text>
              </li>
            ))}
          </ul>
        </div>
        <Flex align="baseline" gap={8} wrap>
          <Typography.Text
            data-testid="bundle-price"
            strong
            style={{ color: token.colorError, fontSize: 20 }}
          >
            {formatCny(bundle.bundlePrice, language)}
          </Typography.Text>
          {separately !== null && separately > bundle.bundlePrice && (
            <>
              <Typography.Text type="secondary">
                {t('shop.bundleSeparately')}{' '}
                <Typography.Text delete>{formatCny(separately, language)}</Typography.Text>
              </Typography.Text>
              <Tag color="red">{t('shop.bundleSave', { amount: formatCny(saving, language) })}</Tag>
            </>
          )}
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          {t('shop.bundleValidity', {
            from: formatDate(bundle.validFrom, language),
            to: formatDate(bundle.validTo, language),
          })}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
