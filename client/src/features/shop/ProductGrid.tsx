import { Card, Col, Empty, Row, Skeleton } from 'antd';
import type { ReactNode } from 'react';
import { ProductCard } from './ProductCard';
import type { ProductView } from './types';

// Two columns on phones, as shoppers expect from Chinese storefronts, up to six on wide screens.
function GridCell({ children }: { children: ReactNode }) {
  return (
    <Col xs={12} sm={12} md={8} lg={6} xxl={4}>
      {children}
    </Col>
  );
}

export function ProductGrid({
  products,
  emptyText,
}: {
  products: readonly ProductView[];
  emptyText: string;
}) {
  if (products.length === 0) return <Empty description={emptyText} />;
  return (
    <Row gutter={[16, 16]}>
      {products.map((product) => (
        <GridCell key={product.sku}>
          <ProductCard product={product} />
        </GridCell>
      ))}
    </Row>
  );
}

export function ProductGridSkeleton() {
  return (
    <Row gutter={[16, 16]} aria-busy="true">
      {Array.from({ length: 8 }, (_, index) => (
        <GridCell key={index}>
          <Card
            size="small"
            cover={<Skeleton.Node active style={{ width: '100%', height: 160 }} />}
          >
            <Skeleton active title paragraph={{ rows: 2 }} />
          </Card>
        </GridCell>
      ))}
    </Row>
  );
}
