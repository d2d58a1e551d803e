import { Alert, Button, Col, Row, Skeleton, Typography } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { BundleCard } from './BundleCard';
import { useBundles } from './catalog';
import type { ProductView } from './types';

export function BundleSection({ products }: { products: readonly ProductView[] }) {
  const { t } = useTranslation();
  const bundles = useBundles();
  const productsBySku = useMemo(
    () => new Map(products.map((product) => [product.sku, product])),
    [products],
  );

  if (bundles.isSuccess && bundles.data.length === 0) return null;
  return (
    <section aria-labelledby="shop-bundles" style={{ marginBottom: 32 }}>
      <Typography.Title level={2} id="shop-bundles" style={{ fontSize: 20 }}>
        {t('shop.bundles')}
      </Typography.Title>
      {bundles.isPending && <Skeleton active />}
      {bundles.isError && (
        <Alert
          type="warning"
          showIcon
          title={t('shop.bundleLoadError')}
          action={
            <Button size="small" onClick={() => void bundles.refetch()}>
              {t('common.retry')}
            </Button>
          }
        />
      )}
      {bundles.isSuccess && (
        <Row gutter={[16, 16]}>
          {bundles.data.map((bundle) => (
            <Col key={bundle.bundleId} xs={24} md={12} xl={8}>
              <BundleCard bundle={bundle} productsBySku={productsBySku} />
            </Col>
          ))}
        </Row>
      )}
    </section>
  );
}
