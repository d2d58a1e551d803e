import { Layout, Select, Tabs, Tooltip, Typography } from 'antd';
import { useCallback, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useAppLanguage } from '../../app/useAppLanguage';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { AppHeader } from '../../components/AppHeader';
import { ErrorResult } from '../../components/ErrorResult';
import { useShopWidget } from '../widget/useShopWidget';
import { AskAboutProductContext } from './ask-about-product';
import { BundleSection } from './BundleSection';
import { categoriesOf, isKnownCategory, useProducts } from './catalog';
import { chosenDemoCustomerId, switchDemoCustomer, useDemoCustomers } from './demo-customer';
import { ProductGrid, ProductGridSkeleton } from './ProductGrid';
import type { ProductView } from './types';

const ALL = 'all';
const GUEST = 'guest';
const WIDGET_CONTAINER_ID = 'scriptdesk-widget-root';

function ProductCatalog({ products }: { products: readonly ProductView[] }) {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const categories = useMemo(() => categoriesOf(products), [products]);
  const requested = searchParams.get('category');
  const active = requested && categories.includes(requested) ? requested : ALL;
  const shown =
    active === ALL ? products : products.filter((product) => product.category === active);
  const label = (category: string) =>
    isKnownCategory(category) ? t(`shop.category.${category}`) : category;

  const select = (key: string) =>
    setSearchParams(key === ALL ? {} : { category: key }, {
      replace: true,
      preventScrollReset: true,
    });

  const grid = (
    <ProductGrid
      products={shown}
      emptyText={t(products.length ? 'shop.emptyCategory' : 'shop.noProducts')}
    />
  );
  return (
    <>
      <BundleSection products={products} />
      <section aria-labelledby="shop-products">
        <Typography.Title level={2} id="shop-products" style={{ fontSize: 20 }}>
          {t('shop.products')}
        </Typography.Title>
        <Tabs
          aria-label={t('shop.categories')}
          activeKey={active}
          onChange={select}
          items={[ALL, ...categories].map((key) => ({
            key,
            label: key === ALL ? t('shop.allCategories') : label(key),
            children: key === active ? grid : null,
          }))}
        />
      </section>
    </>
  );
}

export function ShopPage() {
  const { t } = useTranslation();
  const products = useProducts();
  useDocumentTitle(t('shop.name'), { withProductName: false });
  const language = useAppLanguage();
  const demoCustomers = useDemoCustomers();
  const chosenId = chosenDemoCustomerId();
  const chosen = demoCustomers.data?.find((c) => c.customerId === chosenId);
  // With a demo customer chosen, the widget waits for their token (a guest otherwise).
  const shopCustomerToken =
    chosenId && demoCustomers.isPending ? undefined : (chosen?.shopCustomerToken ?? null);
  const openChat = useShopWidget(WIDGET_CONTAINER_ID, language, shopCustomerToken);
  const askAbout = useCallback((sku: string) => openChat({ sku }), [openChat]);

  return (
    <AskAboutProductContext value={askAbout}>
      <Layout style={{ minHeight: '100vh' }}>
        <AppHeader
          title={t('shop.name')}
          showProductName={false}
          extra={
            demoCustomers.data?.length ? (
              <Tooltip title={t('shop.demoCustomer.hint')}>
                <Select
                  data-testid="demo-customer"
                  aria-label={t('shop.demoCustomer.label')}
                  size="small"
                  style={{ minWidth: 220 }}
                  value={chosen?.customerId ?? GUEST}
                  onChange={(value: string) => switchDemoCustomer(value === GUEST ? null : value)}
                  options={[
                    { value: GUEST, label: t('shop.demoCustomer.guest') },
                    ...demoCustomers.data.map((c) => ({
                      value: c.customerId,
                      label: `${c.name} · ${t(`profile.tiers.${c.tier}`)} · ${c.class8Label[language]}`,
                    })),
                  ]}
                />
              </Tooltip>
            ) : undefined
          }
        />
        <Layout.Content
          style={{ width: '100%', maxWidth: 1280, margin: '0 auto', padding: '16px 16px 96px' }}
        >
          <Typography.Paragraph type="secondary" style={{ fontSize: 15 }}>
            {t('shop.tagline')}
          </Typography.Paragraph>
          {products.isPending && <ProductGridSkeleton />}
          {products.isError && (
            <ErrorResult
              error={products.error}
              title={t('shop.loadError')}
              onRetry={() => void products.refetch()}
            />
          )}
          {products.isSuccess && <ProductCatalog products={products.data} />}
        </Layout.Content>
        {/* The shopper chat widget mounts here, in a shadow root of its own (see useShopWidget). */}
        <div
          id={WIDGET_CONTAINER_ID}
          style={{ position: 'fixed', right: 24, bottom: 24, zIndex: 1000 }}
        />
      </Layout>
    </AskAboutProductContext>
  );
}
