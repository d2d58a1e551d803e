import { QuestionCircleOutlined } from '@ant-design/icons';
import { App, Button, Flex, Input, Rate, Tooltip, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  emptyRubricScores,
  rubricCriteria,
  rubricTotal,
  type RubricCriterion,
  type RubricScores,
} from '../../../../shared/domain/rubric';
import type { ReviewScoreInput, ReviewView } from '../../../../shared/schemas/review';
import { errorMessageKey } from '../../app/api';

/** The review's total with what it means in a tooltip. */
export function RubricTotal({ total, max }: { total: number | null; max: number }) {
  const { t } = useTranslation();
  return (
    <Tooltip title={t('review.totalHelp')}>
      <Typography.Text strong tabIndex={0}>
        {t('review.total')}:{' '}
        {total === null ? t('review.notScored') : t('review.totalValue', { total, max })}
      </Typography.Text>
    </Tooltip>
  );
}

/**
 * The rubric: the 7 criteria as 1–5 ratings (← → on a focused rating; click the same star again
 * to leave a criterion unscored), a comment under each, an overall comment and the live total.
 */
export function RubricForm({
  review,
  onSave,
}: {
  review: ReviewView | null;
  onSave: (input: ReviewScoreInput) => Promise<unknown>;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [scores, setScores] = useState<RubricScores>(() => ({
    ...emptyRubricScores(),
    ...review?.scores,
  }));
  const [comments, setComments] = useState<Record<RubricCriterion, string>>(
    () =>
      Object.fromEntries(rubricCriteria.map((c) => [c, review?.comments[c] ?? ''])) as Record<
        RubricCriterion,
        string
      >,
  );
  const [overall, setOverall] = useState(review?.overall ?? '');
  const [saving, setSaving] = useState(false);
  const { total, max } = rubricTotal(scores);

  const save = async () => {
    setSaving(true);
    try {
      await onSave({ scores, comments, overall });
      void message.success(t('review.saved'));
    } catch (error) {
      void message.error(`${t('review.saveFailed')} ${t(errorMessageKey(error))}`);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('review.rubric')}{' '}
          <Tooltip title={t('review.rubricHelp')}>
            <QuestionCircleOutlined aria-label={t('review.rubricHelp')} />
          </Tooltip>
        </Typography.Title>
        <RubricTotal total={total} max={max} />
      </Flex>
      {rubricCriteria.map((criterion) => {
        const label = t(`review.criteria.${criterion}.label`);
        return (
          <div key={criterion} data-testid={`criterion-${criterion}`}>
            <Flex gap={12} align="center" wrap>
              <Tooltip title={t(`review.criteria.${criterion}.description`)}>
                <Typography.Text strong style={{ minWidth: 120 }} id={`rubric-${criterion}`}>
                  {label}
                </Typography.Text>
              </Tooltip>
              <Rate
                count={5}
                allowClear
                value={scores[criterion] ?? 0}
                aria-labelledby={`rubric-${criterion}`}
                onChange={(value) =>
                  setScores((current) => ({ ...current, [criterion]: value === 0 ? null : value }))
                }
              />
              <Typography.Text type="secondary">
                {scores[criterion] === null ? t('review.notScored') : `${scores[criterion]}/5`}
              </Typography.Text>
            </Flex>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {t(`review.criteria.${criterion}.description`)}
            </Typography.Text>
            <Input.TextArea
              value={comments[criterion]}
              maxLength={1000}
              autoSize={{ minRows: 1, maxRows: 4 }}
              placeholder={t('review.commentPlaceholder')}
              aria-label={t('review.comment', { criterion: label })}
              onChange={(e) =>
                setComments((current) => ({ ...current, [criterion]: e.target.value }))
              }
              style={{ marginTop: 4 }}
            />
          </div>
        );
      })}
      <div>
        <Typography.Text strong>{t('review.overall')}</Typography.Text>
        <Input.TextArea
          value={overall}
          maxLength={2000}
          autoSize={{ minRows: 2, maxRows: 6 }}
          placeholder={t('review.overallPlaceholder')}
          aria-label={t('review.overall')}
          onChange={(e) => setOverall(e.target.value)}
        />
      </div>
      <Button type="primary" loading={saving} onClick={() => void save()}>
        {t('review.saveScore')}
      </Button>
    </Flex>
  );
}

/** The scores and comments of a review, read-only (for the agent who was reviewed). */
export function RubricSummary({ review }: { review: ReviewView }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={8}>
      <Flex justify="space-between" align="center">
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('review.mine.scoreOf')}
        </Typography.Title>
        <RubricTotal total={review.total} max={review.maxTotal} />
      </Flex>
      {rubricCriteria.map((criterion) => (
        <div key={criterion}>
          <Flex gap={12} align="center" wrap>
            <Tooltip title={t(`review.criteria.${criterion}.description`)}>
              <Typography.Text strong style={{ minWidth: 120 }}>
                {t(`review.criteria.${criterion}.label`)}
              </Typography.Text>
            </Tooltip>
            <Rate disabled count={5} value={review.scores[criterion] ?? 0} />
            <Typography.Text type="secondary">
              {review.scores[criterion] === null
                ? t('review.notScored')
                : `${review.scores[criterion]}/5`}
            </Typography.Text>
          </Flex>
          {review.comments[criterion] && (
            <Typography.Paragraph style={{ margin: '2px 0 0', whiteSpace: 'pre-wrap' }}>
              {review.comments[criterion]}
            </Typography.Paragraph>
          )}
        </div>
      ))}
      {review.overall && (
        <div>
          <Typography.Text strong>{t('review.overall')}</Typography.Text>
          <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>
            {review.overall}
          </Typography.Paragraph>
        </div>
      )}
    </Flex>
  );
}
