import { EyeInvisibleOutlined, EyeOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Flex,
  Input,
  Modal,
  Spin,
  Switch,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { objectionLabels } from '../../../../shared/domain/objection-labels';
import { eightClassInfo, type EightClass } from '../../../../shared/domain/rfm-eight-classes';
import type { OutcomeView } from '../../../../shared/schemas/outcome';
import type { ReviewDetail, ReviewView } from '../../../../shared/schemas/review';
import { errorMessageKey } from '../../app/api';
import { useAppLanguage } from '../../app/useAppLanguage';
import { formatMessageTime } from '../../chat/format-time';
import { ErrorResult } from '../../components/ErrorResult';
import { RubricForm } from './RubricForm';
import { TranscriptViewer } from './TranscriptViewer';
import {
  useAddAnnotation,
  useDeleteAnnotation,
  useReviewDetail,
  useSaveScore,
  useSetExemplary,
  useUnmask,
} from './reviews-api';

export function segmentLabel(segment: string, language: 'zh-CN' | 'en', guest: string): string {
  return segment in eightClassInfo ? eightClassInfo[segment as EightClass].label[language] : guest;
}

export function OutcomeSummary({ outcome }: { outcome: OutcomeView }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const objections = [...new Set(outcome.objections.map((o) => o.category))];
  return (
    <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 3 }}>
      <Descriptions.Item label={t('review.outcome.agent')}>
        {outcome.agentName ?? outcome.agentId ?? '—'}
      </Descriptions.Item>
      <Descriptions.Item label={t('review.outcome.closedAt')}>
        {formatMessageTime(outcome.closedAt, language)}
      </Descriptions.Item>
      <Descriptions.Item label={t('review.outcome.disposition')}>
        {t(`console.disposition.${outcome.disposition}`)}
      </Descriptions.Item>
      <Descriptions.Item label={t('review.outcome.segment')}>
        {segmentLabel(outcome.segment, language, t('review.segmentUnknown'))}
      </Descriptions.Item>
      <Descriptions.Item label={t('review.outcome.objections')}>
        {objections.length === 0
          ? t('review.outcome.none')
          : objections.map((o) => <Tag key={o}>{objectionLabels[o][language]}</Tag>)}
      </Descriptions.Item>
    </Descriptions>
  );
}

/** The chosen chat: outcome, transcript (masked unless unmasked with a reason), rubric, exemplary. */
export function ReviewPanel({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const detail = useReviewDetail(conversationId);
  const unmask = useUnmask();
  const addAnnotation = useAddAnnotation();
  const deleteAnnotation = useDeleteAnnotation();
  const saveScore = useSaveScore();
  // The real transcript lives only here, for this chat, until masked again.
  const [unmasked, setUnmasked] = useState<ReviewDetail | null>(null);
  const [asking, setAsking] = useState(false);

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
  const { outcome, review } = detail.data;
  const shown = unmasked ?? detail.data;

  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <OutcomeSummary outcome={shown.outcome} />
      </Card>
      <Card
        size="small"
        title={
          <Flex gap={8} align="center">
            {t('review.transcript')}
            <Tooltip title={t('review.transcriptHelp')}>
              <QuestionCircleOutlined aria-label={t('review.transcriptHelp')} />
            </Tooltip>
            {unmasked && (
              <Tooltip title={t('review.unmaskedHelp')}>
                <Tag color="red" tabIndex={0}>
                  {t('review.unmaskedBanner')}
                </Tag>
              </Tooltip>
            )}
          </Flex>
        }
        extra={
          unmasked ? (
            <Button icon={<EyeInvisibleOutlined />} onClick={() => setUnmasked(null)}>
              {t('review.remask')}
            </Button>
          ) : (
            <Button icon={<EyeOutlined />} onClick={() => setAsking(true)}>
              {t('review.unmask')}
            </Button>
          )
        }
      >
        <TranscriptViewer
          lines={shown.transcript}
          flags={outcome.quality}
          annotations={review?.annotations ?? []}
          onAnnotate={async (seq, text) => {
            try {
              await addAnnotation.mutateAsync({ conversationId, input: { seq, text } });
            } catch (error) {
              void message.error(`${t('review.annotateFailed')} ${t(errorMessageKey(error))}`);
              throw error;
            }
          }}
          onDeleteAnnotation={(annotation) =>
            deleteAnnotation.mutate(
              { conversationId, input: annotation.id },
              {
                onError: (error) =>
                  void message.error(`${t('review.deleteFailed')} ${t(errorMessageKey(error))}`),
              },
            )
          }
        />
      </Card>
      <Card size="small">
        <RubricForm
          // A fresh form for each chat, filled from its saved review.
          key={`${conversationId}-${review?.reviewedAt ?? 'new'}`}
          review={review}
          onSave={(input) => saveScore.mutateAsync({ conversationId, input })}
        />
      </Card>
      <Card size="small">
        <ExemplaryForm
          key={`${conversationId}-${review?.exemplary?.at ?? 'none'}`}
          conversationId={conversationId}
          review={review}
        />
      </Card>
      <UnmaskDialog
        open={asking}
        loading={unmask.isPending}
        error={unmask.error}
        onCancel={() => setAsking(false)}
        onConfirm={(reason) =>
          unmask.mutate(
            { conversationId, reason },
            {
              onSuccess: (real) => {
                setUnmasked(real);
                setAsking(false);
              },
            },
          )
        }
      />
    </Flex>
  );
}

function UnmaskDialog({
  open,
  loading,
  error,
  onCancel,
  onConfirm,
}: {
  open: boolean;
  loading: boolean;
  error: unknown;
  onCancel: () => void;
  onConfirm: (reason: string) => void;
}) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const valid = reason.trim().length >= 3 && reason.trim().length <= 200;
  return (
    <Modal
      open={open}
      title={t('review.unmaskTitle')}
      okText={t('review.unmask')}
      cancelText={t('review.annotateCancel')}
      okButtonProps={{ disabled: !valid, loading, danger: true }}
      onOk={() => onConfirm(reason.trim())}
      onCancel={onCancel}
      destroyOnHidden
    >
      <Typography.Paragraph>{t('review.unmaskIntro')}</Typography.Paragraph>
      <label htmlFor="unmask-reason">
        <Typography.Text strong>{t('review.unmaskReason')}</Typography.Text>
      </label>
      <Input.TextArea
        id="unmask-reason"
        autoFocus
        value={reason}
        maxLength={200}
        showCount
        placeholder={t('review.unmaskReasonPlaceholder')}
        onChange={(e) => setReason(e.target.value)}
        status={reason && !valid ? 'error' : undefined}
      />
      {reason && !valid && (
        <Typography.Text type="danger">{t('review.unmaskReasonRule')}</Typography.Text>
      )}
      {Boolean(error) && (
        <Alert
          type="error"
          showIcon
          style={{ marginTop: 12 }}
          title={`${t('review.unmaskFailed')} ${t(errorMessageKey(error))}`}
        />
      )}
    </Modal>
  );
}

function ExemplaryForm({
  conversationId,
  review,
}: {
  conversationId: string;
  review: ReviewView | null;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const setExemplary = useSetExemplary();
  const [on, setOn] = useState(Boolean(review?.exemplary));
  const [note, setNote] = useState(review?.exemplary?.note ?? '');
  const save = () =>
    setExemplary.mutate(
      { conversationId, input: { exemplary: on, note } },
      {
        onSuccess: () => void message.success(t('review.exemplarySaved')),
        onError: (error) =>
          void message.error(`${t('review.exemplaryFailed')} ${t(errorMessageKey(error))}`),
      },
    );
  return (
    <Flex vertical gap={8}>
      <Flex gap={8} align="center">
        <Switch checked={on} onChange={setOn} aria-labelledby="exemplary-label" />
        <Typography.Text strong id="exemplary-label">
          {t('review.exemplary')}
        </Typography.Text>
        <Tooltip title={t('review.exemplaryHelp')}>
          <QuestionCircleOutlined aria-label={t('review.exemplaryHelp')} />
        </Tooltip>
      </Flex>
      {on && (
        <Input.TextArea
          value={note}
          maxLength={500}
          autoSize={{ minRows: 2, maxRows: 5 }}
          placeholder={t('review.exemplaryNotePlaceholder')}
          aria-label={t('review.exemplaryNote')}
          onChange={(e) => setNote(e.target.value)}
        />
      )}
      <Button onClick={save} loading={setExemplary.isPending} style={{ alignSelf: 'start' }}>
        {t('review.exemplarySave')}
      </Button>
    </Flex>
  );
}
