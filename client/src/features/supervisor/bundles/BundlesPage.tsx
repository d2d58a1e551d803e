import { ArrowLeftOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffUser } from '../../../../../shared/schemas/auth';
import { errorMessageKey } from '../../../app/api';
import { ButtonLink } from '../../../components/ButtonLink';
import { ErrorResult } from '../../../components/ErrorResult';
import { StaffPageLayout } from '../../../components/StaffPageLayout';
import { BundleDrawer } from './BundleDrawer';
import { useBundleList, useCatalogProducts } from './bundles-api';
import { BundlesTable } from './BundlesTable';

/** Bundles (套餐) for supervisors: items, bundle price, validity, stock, on sale or not. */
export function BundlesPage({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  const list = useBundleList();
  const products = useCatalogProducts();
  const bundles = list.data ?? [];
  // Which bundle the drawer shows (null: a new one); it stays set while the drawer slides shut.
  const [drawer, setDrawer] = useState<{ bundleId: string | null; open: boolean }>({
    bundleId: null,
    open: false,
  });
  const editing = bundles.find((b) => b.bundleId === drawer.bundleId);
  const retry = () => void list.refetch();

  return (
    <StaffPageLayout title={t('bundles.title')} user={user}>
      {list.isError && !list.data ? (
        <Card>
          <ErrorResult title={t('bundles.loadError')} error={list.error} onRetry={retry} />
        </Card>
      ) : (
        <Card>
          <Flex justify="space-between" gap={8} wrap style={{ marginBottom: 16 }}>
            <ButtonLink to="/supervisor" type="text" icon={<ArrowLeftOutlined />}>
              {t('bundles.backToDashboard')}
            </ButtonLink>
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setDrawer({ bundleId: null, open: true })}
            >
              {t('bundles.newBundle')}
            </Button>
          </Flex>
          {list.isError && (
            // A refresh failed; the list below is what we had before.
            <Alert
              type="warning"
              showIcon
              title={`${t('bundles.loadError')} ${t(errorMessageKey(list.error))}`}
              action={<Button onClick={retry}>{t('common.retry')}</Button>}
              style={{ marginBottom: 16 }}
            />
          )}
          {products.isError && (
            <Alert
              type="warning"
              showIcon
              title={`${t('bundles.productsLoadError')} ${t(errorMessageKey(products.error))}`}
              action={<Button onClick={() => void products.refetch()}>{t('common.retry')}</Button>}
              style={{ marginBottom: 16 }}
            />
          )}
          <BundlesTable
            bundles={bundles}
            loading={list.isPending}
            onEdit={(bundle) => setDrawer({ bundleId: bundle.bundleId, open: true })}
          />
        </Card>
      )}
      <BundleDrawer
        // A bundle deleted meanwhile closes its drawer rather than turning it into a new one.
        open={drawer.open && (drawer.bundleId === null || editing !== undefined)}
        bundle={editing}
        bundles={bundles}
        products={products.data ?? []}
        onClose={() => setDrawer((current) => ({ ...current, open: false }))}
      />
    </StaffPageLayout>
  );
}
