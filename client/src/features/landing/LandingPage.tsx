import { LoginOutlined, ShopOutlined } from '@ant-design/icons';
import { Flex, Layout, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { AppHeader } from '../../components/AppHeader';
import { ButtonLink } from '../../components/ButtonLink';

export function LandingPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('landing.title'), { withProductName: false });
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <AppHeader showProductName={false} />
      <Layout.Content style={{ display: 'grid', placeItems: 'center', padding: 24 }}>
        <Flex vertical align="center" gap={16} style={{ maxWidth: 560, textAlign: 'center' }}>
          <Typography.Title level={1} data-testid="page-title" style={{ margin: 0 }}>
            {t('landing.title')}
          </Typography.Title>
          <Typography.Paragraph type="secondary" style={{ fontSize: 16, margin: 0 }}>
            {t('landing.tagline')}
          </Typography.Paragraph>
          <Flex gap={12} wrap justify="center" style={{ marginTop: 8 }}>
            <ButtonLink to="/shop" type="primary" size="large" icon={<ShopOutlined />}>
              {t('landing.visitShop')}
            </ButtonLink>
            <ButtonLink to="/login" size="large" icon={<LoginOutlined />}>
              {t('landing.staffSignIn')}
            </ButtonLink>
          </Flex>
        </Flex>
      </Layout.Content>
    </Layout>
  );
}
