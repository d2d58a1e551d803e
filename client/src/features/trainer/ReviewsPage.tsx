import {
  Alert,
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Row,
  Spin,
  Tabs,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { StaffUser } from '../../../../shared/schemas/auth';
import { errorMessageKey } from '../../app/api';
import { useAppLanguage } from '../../app/useAppLanguage';
import { formatMessageTime } from '../../chat/format-time';
import { ErrorResult } from '../../components/ErrorResult';
import { StaffPageLayout } from '../../components/StaffPageLayout';
import { OutcomeSummary } from './ReviewPanel';
import { RubricSummary } from './RubricForm';
import { TranscriptViewer } from './TranscriptViewer';
import { useExemplaryDetail, useExemplaryList, useMyReviews, useReviewDetail } from './reviews-api';

/** For agents: the reviews of their own chats, and the exemplary library, both read-only. */
export function ReviewsPage({ user }: { user: StaffUser }) {
  const { t } = useTranslation();
  return (
    <StaffPageLayout title={t('review.mine.title')} user={user}>
      <Tabs
        items={[
          { key: 'mine', label: t('review.mine.tabMine'), children: <MyReviews /> },
          {
            key: 'exemplary',
            label: t('review.mine.tabExemplary'),
            children: <ExemplaryLibrary />,
          },
        ]}
      />
    </StaffPageLayout>
  );
}

function ListItem({
  selected,
  onClick,
  children,
}: {
  selected: boolean;
  onClick: () => void;
  children: ReactNode;
}) {
  return (
    <li>
      <Button
        type={selected ? 'primary' : 'default'}
        ghost={selected}
        block
        aria-current={selected ? 'true' : undefined}
        onClick={onClick}
        style={{
          height: 'auto',
          textAlign: 'start',
          marginBottom: 6,
          display: 'block',
          whiteSpace: 'normal',
        }}
      >
        {children}
      </Button>
    </li>
  );
}

function Split({ list, detail }: { list: ReactNode; detail: ReactNode }) {
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8}>
        <Card size="small">{list}</Card>
      </Col>
      <Col xs={24} lg={16}>
        {detail}
      </Col>
    </Row>
  );
}

function MyReviews() {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const reviews = useMyReviews();
  const [selected, setSelected] = useState<string | null>(null);
  if (reviews.isPending) return <Spin />;
  if (reviews.isError) {
    return (
      <ErrorResult
        title={t('review.mine.loadError')}
        error={reviews.error}
        onRetry={() => void reviews.refetch()}
      />
    );
  }
  if (reviews.data.length === 0) return <Empty description={t('review.mine.empty')} />;
  return (
    <Split
      list={
        <ul
          aria-label={t('review.mine.tabMine')}
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
        >
          {reviews.data.map(({ review, closedAt, shopperName, disposition }) => (
            <ListItem
              key={review.conversationId}
              selected={selected === review.conversationId}
              onClick={() => setSelected(review.conversationId)}
            >
              <Flex justify="space-between" gap={8} wrap>
                <span>
                  {shopperName} · {t(`console.disposition.${disposition}`)}
                </span>
                <span>{formatMessageTime(closedAt, language)}</span>
              </Flex>
              <Flex gap={4} wrap>
                {review.total !== null && (
                  <Tooltip title={t('review.totalHelp')}>
                    <Tag color="success">
                      {t('review.totalValue', { total: review.total, max: review.maxTotal })}
                    </Tag>
                  </Tooltip>
                )}
                {review.exemplary && <Tag color="gold">{t('review.exemplaryTag')}</Tag>}
              </Flex>
            </ListItem>
          ))}
        </ul>
      }
      detail={
        selected ? (
          <MyReviewDetail conversationId={selected} />
        ) : (
          <Empty description={t('review.mine.choose')} />
        )
      }
    />
  );
}

function MyReviewDetail({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const detail = useReviewDetail(conversationId);
  if (detail.isPending) return <Spin />;
  if (detail.isError) {
    return (
      <ErrorResult
        title={t('review.detailLoadError')}
        error={detail.error}
        onRetry={() => void detail.refetch()}
      />
    );
  }
  const { outcome, transcript, review } = detail.data;
  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <OutcomeSummary outcome={outcome} />
        {review?.reviewerId && (
          <Typography.Text type="secondary">
            {t('review.mine.reviewedBy', { name: review.reviewerId })}
          </Typography.Text>
        )}
      </Card>
      {review && (
        <Card size="small">
          <RubricSummary review={review} />
        </Card>
      )}
      <Card size="small" title={t('review.transcript')}>
        <TranscriptViewer
          lines={transcript}
          flags={outcome.quality}
          annotations={review?.annotations ?? []}
        />
      </Card>
    </Flex>
  );
}

function ExemplaryLibrary() {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const list = useExemplaryList();
  const [selected, setSelected] = useState<string | null>(null);
  if (list.isPending) return <Spin />;
  if (list.isError) {
    return (
      <ErrorResult
        title={t('review.mine.loadError')}
        error={list.error}
        onRetry={() => void list.refetch()}
      />
    );
  }
  if (list.data.length === 0) return <Empty description={t('review.mine.emptyExemplary')} />;
  return (
    <Split
      list={
        <ul
          aria-label={t('review.mine.tabExemplary')}
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
        >
          {list.data.map((item) => (
            <ListItem
              key={item.conversationId}
              selected={selected === item.conversationId}
              onClick={() => setSelected(item.conversationId)}
            >
              <Flex justify="space-between" gap={8} wrap>
                <span>
                  {item.agentName ?? '—'} · {t(`console.disposition.${item.disposition}`)}
                </span>
                <span>{formatMessageTime(item.closedAt, language)}</span>
              </Flex>
              <Typography.Text type="secondary" ellipsis style={{ display: 'block' }}>
                {item.note}
              </Typography.Text>
            </ListItem>
          ))}
        </ul>
      }
      detail={
        selected ? (
          <ExemplaryView conversationId={selected} />
        ) : (
          <Empty description={t('review.mine.choose')} />
        )
      }
    />
  );
}

function ExemplaryView({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const detail = useExemplaryDetail(conversationId);
  if (detail.isPending) return <Spin />;
  if (detail.isError) {
    return (
      <Alert
        type="error"
        showIcon
        title={`${t('review.detailLoadError')} ${t(errorMessageKey(detail.error))}`}
        action={<Button onClick={() => void detail.refetch()}>{t('common.retry')}</Button>}
      />
    );
  }
  const { item, transcript, annotations } = detail.data;
  return (
    <Flex vertical gap={16}>
      {item.note && (
        <Alert
          type="success"
          showIcon
          title={t('review.mine.trainerNote')}
          description={item.note}
        />
      )}
      <Card size="small" title={t('review.transcript')}>
        <TranscriptViewer lines={transcript} annotations={annotations} />
      </Card>
    </Flex>
  );
}
