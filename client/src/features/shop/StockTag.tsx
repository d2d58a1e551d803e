import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { stockLevel } from './catalog';

export function StockTag({ stock }: { stock: number }) {
  const { t } = useTranslation();
  const level = stockLevel(stock);
  switch (level.kind) {
    case 'soldOut':
      return <Tag>{t('shop.soldOut')}</Tag>;
    case 'low':
      return <Tag color="orange">{t('shop.lowStock', { count: level.count })}</Tag>;
    case 'inStock':
      return <Tag color="green">{t('shop.inStock')}</Tag>;
  }
}
