import { Card, Col, Empty, Row } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffUser } from '../../../../shared/schemas/auth';
import type { ReviewQueueFilters } from '../../../../shared/schemas/review';
import { StaffPageLayout } from '../../components/StaffPageLayout';
import { ReviewPanel } from './ReviewPanel';
import { ReviewQueuePanel } from './ReviewQueuePanel';

/**
 * Training & QA (培训与质检): the review queue with its search on the left (flagged chats
 * first), the chosen chat on the right: masked transcript with notes, rubric, exemplary.
 */
export function TrainerPage({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<ReviewQueueFilters>({ page: 1 });
  const [selectedId, setSelectedId] = useState<string | null>(null);

  return (
    <StaffPageLayout title={t('trainer.title')} user={user}>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={9} xl={8}>
          <Card title={t('review.queue')} size="small">
            <ReviewQueuePanel
              filters={filters}
              onFiltersChange={setFilters}
              selectedId={selectedId}
              onSelect={setSelectedId}
            />
          </Card>
        </Col>
        <Col xs={24} lg={15} xl={16}>
          {selectedId ? (
            // Keyed: an unmasked transcript never carries over to the next chat.
            <ReviewPanel key={selectedId} conversationId={selectedId} />
          ) : (
            <Card>
              <Empty description={t('review.selectChat')} />
            </Card>
          )}
        </Col>
      </Row>
    </StaffPageLayout>
  );
}
