import { CustomerServiceOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Typography, theme } from 'antd';
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppLanguage } from '../../app/useAppLanguage';
import { useAskAboutProduct } from './ask-about-product';
import { localize } from './catalog';
import { formatCny } from './format';
import { StockTag } from './StockTag';
import type { ProductView } from './types';

const twoLines: CSSProperties = {
  display: '-webkit-box',
  WebkitLineClamp: 2,
  WebkitBoxOrient: 'vertical',
  overflow: 'hidden',
  minHeight: '3em',
  margin: 0,
};

export function ProductCard({ product }: { product: ProductView }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const askAbout = useAskAboutProduct();
  const { token } = theme.useToken();
  const soldOut = product.stock <= 0;
  return (
    <Card
      data-testid="product-card"
      data-sku={product.sku}
      size="small"
      style={{ height: '100%' }}
      cover={
        // The name is right below, so the picture itself needs no alt text.
        <img
          src={product.imageUrl}
          alt=""
          loading="lazy"
          style={{
            aspectRatio: '4 / 3',
            objectFit: 'cover',
            background: token.colorFillQuaternary,
            filter: soldOut ? 'grayscale(1)' : undefined,
            opacity: soldOut ? 0.6 : 1,
          }}
        />
      }
    >
      <Flex vertical gap={8}>
        <Typography.Title level={3} style={{ fontSize: 15, margin: 0 }} ellipsis>
          {localize(product.name, language)}
        </Typography.Title>
        <Typography.Paragraph
          type="secondary"
          style={{ ...twoLines, fontSize: 13, lineHeight: 1.5 }}
        >
          {localize(product.description, language)}
        </Typography.Paragraph>
        <Flex justify="space-between" align="center" gap={8} wrap>
          <Typography.Text
            data-testid="product-price"
            strong
            style={{ color: token.colorError, fontSize: 18 }}
          >
            {formatCny(product.price, language)}
          </Typography.Text>
          <StockTag stock={product.stock} />
        </Flex>
        {askAbout && (
          <Button
            data-testid="ask-about-product"
            size="small"
            icon={<CustomerServiceOutlined />}
            onClick={() => askAbout(product.sku)}
          >
            {t('shop.askAbout')}
          </Button>
        )}
      </Flex>
    </Card>
  );
}
