import { DownloadOutlined, WarningFilled } from '@ant-design/icons';
import {
  Alert,
  Button,
  Checkbox,
  DatePicker,
  Empty,
  Flex,
  Form,
  Input,
  Select,
  Spin,
  Tag,
  Tooltip,
  Typography,
  theme,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { objectionCategories } from '../../../../shared/domain/objection-categories';
import { objectionLabels } from '../../../../shared/domain/objection-labels';
import { eightClasses, eightClassInfo } from '../../../../shared/domain/rfm-eight-classes';
import { dispositionSchema } from '../../../../shared/schemas/conversation';
import type { QueueRow, ReviewQueueFilters } from '../../../../shared/schemas/review';
import { errorMessageKey } from '../../app/api';
import { useAppLanguage } from '../../app/useAppLanguage';
import { formatMessageTime } from '../../chat/format-time';
import { exportUrl, useReviewQueue } from './reviews-api';

interface FilterForm {
  agent?: string;
  dates?: [Dayjs | null, Dayjs | null] | null;
  disposition?: string;
  objection?: string;
  script?: string;
  segment?: string;
  q?: string;
  flagged?: boolean;
  unreviewed?: boolean;
}

function toFilters(form: FilterForm): ReviewQueueFilters {
  const text = (value?: string) => (value?.trim() ? value.trim() : undefined);
  return {
    agent: text(form.agent),
    from: form.dates?.[0]?.format('YYYY-MM-DD'),
    to: form.dates?.[1]?.format('YYYY-MM-DD'),
    disposition: form.disposition as ReviewQueueFilters['disposition'],
    objection: form.objection as ReviewQueueFilters['objection'],
    script: text(form.script),
    segment: form.segment,
    q: text(form.q),
    flagged: form.flagged ? 'true' : undefined,
    reviewed: form.unreviewed ? 'false' : undefined,
  };
}

/** The search form, the queue it selects (flagged first) and the masked export of it. */
export function ReviewQueuePanel({
  filters,
  onFiltersChange,
  selectedId,
  onSelect,
}: {
  filters: ReviewQueueFilters;
  onFiltersChange: (filters: ReviewQueueFilters) => void;
  selectedId: string | null;
  onSelect: (conversationId: string) => void;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const [form] = Form.useForm<FilterForm>();
  const queue = useReviewQueue(filters);
  const any = t('review.filters.any');
  const page = Number(filters.page ?? 1);
  const pages = queue.data ? Math.max(1, Math.ceil(queue.data.total / queue.data.pageSize)) : 1;

  return (
    <Flex vertical gap={12}>
      <Form
        form={form}
        layout="vertical"
        size="small"
        aria-label={t('review.filters.label')}
        onFinish={(values) => onFiltersChange({ ...toFilters(values), page: 1 })}
      >
        <Flex gap={8} wrap>
          <Form.Item name="agent" label={t('review.filters.agent')} style={{ flex: '1 1 140px' }}>
            <Input placeholder={t('review.filters.agentPlaceholder')} allowClear />
          </Form.Item>
          <Form.Item name="dates" label={t('review.filters.dates')} style={{ flex: '1 1 220px' }}>
            <DatePicker.RangePicker allowEmpty={[true, true]} style={{ width: '100%' }} />
          </Form.Item>
        </Flex>
        <Flex gap={8} wrap>
          <Form.Item
            name="disposition"
            label={t('review.filters.disposition')}
            style={{ flex: '1 1 140px' }}
          >
            <Select
              allowClear
              placeholder={any}
              options={dispositionSchema.options.map((d) => ({
                value: d,
                label: t(`console.disposition.${d}`),
              }))}
            />
          </Form.Item>
          <Form.Item
            name="objection"
            label={t('review.filters.objection')}
            style={{ flex: '1 1 140px' }}
          >
            <Select
              allowClear
              placeholder={any}
              options={objectionCategories.map((o) => ({
                value: o,
                label: objectionLabels[o][language],
              }))}
            />
          </Form.Item>
        </Flex>
        <Flex gap={8} wrap>
          <Form.Item name="script" label={t('review.filters.script')} style={{ flex: '1 1 140px' }}>
            <Input placeholder={t('review.filters.scriptPlaceholder')} allowClear />
          </Form.Item>
          <Form.Item
            name="segment"
            label={t('review.filters.segment')}
            style={{ flex: '1 1 140px' }}
          >
            <Select
              allowClear
              placeholder={any}
              options={[
                ...eightClasses.map((c) => ({
                  value: c,
                  label: eightClassInfo[c].label[language],
                })),
                { value: 'unknown', label: t('review.segmentUnknown') },
              ]}
            />
          </Form.Item>
        </Flex>
        <Form.Item name="q" label={t('review.filters.text')}>
          <Input.Search
            placeholder={t('review.filters.textPlaceholder')}
            allowClear
            onSearch={() => form.submit()}
            enterButton={false}
          />
        </Form.Item>
        <Flex gap={8} wrap align="center">
          <Form.Item name="flagged" valuePropName="checked" noStyle>
            <Checkbox>{t('review.filters.flaggedOnly')}</Checkbox>
          </Form.Item>
          <Form.Item name="unreviewed" valuePropName="checked" noStyle>
            <Checkbox>{t('review.filters.unreviewedOnly')}</Checkbox>
          </Form.Item>
          <Flex gap={8} style={{ marginInlineStart: 'auto' }}>
            <Button
              onClick={() => {
                form.resetFields();
                onFiltersChange({ page: 1 });
              }}
            >
              {t('review.filters.reset')}
            </Button>
            <Button type="primary" htmlType="submit">
              {t('review.filters.search')}
            </Button>
          </Flex>
        </Flex>
      </Form>

      <Flex justify="space-between" align="center">
        <Tooltip title={t('review.countHelp')}>
          <Typography.Text strong tabIndex={0}>
            {t('review.count', { count: queue.data?.total ?? 0 })}
          </Typography.Text>
        </Tooltip>
        <Tooltip title={t('review.exportHelp')}>
          <Button icon={<DownloadOutlined />} href={exportUrl(filters)} download>
            {t('review.export')}
          </Button>
        </Tooltip>
      </Flex>
      <Tooltip title={t('review.queueHelp')} placement="bottomLeft">
        <Typography.Text type="secondary" style={{ fontSize: 12 }} tabIndex={0}>
          {t('review.queueHelp')}
        </Typography.Text>
      </Tooltip>

      {queue.isError && (
        <Alert
          type="error"
          showIcon
          title={`${t('review.loadError')} ${t(errorMessageKey(queue.error))}`}
          action={<Button onClick={() => void queue.refetch()}>{t('common.retry')}</Button>}
        />
      )}
      {queue.isPending ? (
        <Spin />
      ) : queue.data && queue.data.rows.length === 0 ? (
        <Empty description={t('review.empty')} />
      ) : (
        <ul aria-label={t('review.queue')} style={{ listStyle: 'none', margin: 0, padding: 0 }}>
          {queue.data?.rows.map((row) => (
            <li key={row.conversationId}>
              <QueueItem
                row={row}
                selected={row.conversationId === selectedId}
                onSelect={onSelect}
              />
            </li>
          ))}
        </ul>
      )}
      {pages > 1 && (
        <Flex justify="space-between" align="center">
          <Button
            disabled={page <= 1}
            onClick={() => onFiltersChange({ ...filters, page: page - 1 })}
          >
            {t('review.previous')}
          </Button>
          <Typography.Text type="secondary">{t('review.pageOf', { page, pages })}</Typography.Text>
          <Button
            disabled={page >= pages}
            onClick={() => onFiltersChange({ ...filters, page: page + 1 })}
          >
            {t('review.next')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
}

function QueueItem({
  row,
  selected,
  onSelect,
}: {
  row: QueueRow;
  selected: boolean;
  onSelect: (conversationId: string) => void;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const { token } = theme.useToken();
  const top = row.flags.top;
  return (
    <button
      type="button"
      aria-current={selected ? 'true' : undefined}
      onClick={() => onSelect(row.conversationId)}
      style={{
        display: 'block',
        width: '100%',
        textAlign: 'start',
        padding: '8px 10px',
        marginBottom: 6,
        border: `1px solid ${selected ? token.colorPrimary : token.colorBorderSecondary}`,
        borderRadius: token.borderRadius,
        background: selected ? token.colorPrimaryBg : token.colorBgContainer,
        cursor: 'pointer',
        font: 'inherit',
        color: 'inherit',
      }}
    >
      <Flex justify="space-between" gap={8} wrap>
        <Typography.Text strong>
          {row.shopperName} · {row.agent.name ?? row.agent.id ?? '—'}
        </Typography.Text>
        <Typography.Text type="secondary">
          {formatMessageTime(row.closedAt, language)}
        </Typography.Text>
      </Flex>
      <Flex gap={4} wrap style={{ marginTop: 4 }}>
        <Tag>{t(`console.disposition.${row.disposition}`)}</Tag>
        {row.flags.count > 0 && top && (
          <Tooltip title={`${t('review.flagsHelp')} ${top.reason[language]}`}>
            <Tag
              color={
                top.severity === 'critical'
                  ? 'error'
                  : top.severity === 'warning'
                    ? 'warning'
                    : 'processing'
              }
              icon={<WarningFilled />}
            >
              {t('review.flags', { count: row.flags.count })} ·{' '}
              {t(`review.severity.${top.severity}`)}
            </Tag>
          </Tooltip>
        )}
        {row.review.reviewed ? (
          <Tooltip title={t('review.totalHelp')}>
            <Tag color="success">
              {t('review.reviewed')}
              {row.review.total !== null &&
                ` · ${t('review.totalValue', { total: row.review.total, max: row.review.maxTotal })}`}
            </Tag>
          </Tooltip>
        ) : (
          <Tag>{t('review.notReviewed')}</Tag>
        )}
        {row.review.exemplary && <Tag color="gold">{t('review.exemplaryTag')}</Tag>}
      </Flex>
      {top && (
        <Typography.Text
          type="secondary"
          ellipsis
          style={{ fontSize: 12, display: 'block', marginTop: 2 }}
        >
          {top.reason[language]}
        </Typography.Text>
      )}
    </button>
  );
}
