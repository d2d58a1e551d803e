import { DownloadOutlined, InfoCircleOutlined } from '@ant-design/icons';
import { Button, DatePicker, Flex, Select, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { eightClassInfo } from '../../../../../shared/domain/rfm-eight-classes';
import { useAppLanguage } from '../../../app/useAppLanguage';
import {
  exportUrl,
  lastDays,
  MAX_RANGE_DAYS,
  rangePresets,
  segmentValues,
  todayUtc,
  type DashboardFilters as Filters,
} from './filters';

const DAY_FORMAT = 'YYYY-MM-DD';
const presetLabel = {
  7: 'dashboard.ui.filters.last7',
  30: 'dashboard.ui.filters.last30',
  90: 'dashboard.ui.filters.last90',
} as const;

export interface AgentOption {
  agentId: string;
  agentName: string;
}

/** Date range, agent and customer segment, and the CSV of what they select. */
export function DashboardFilters({
  filters,
  agents,
  onChange,
}: {
  filters: Filters;
  agents: AgentOption[];
  onChange: (filters: Filters) => void;
}) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const today = dayjs(todayUtc());
  // A shared link may name an agent who closed nothing in this range; still show who it is.
  const agentOptions = agents.map((a) => ({ value: a.agentId, label: a.agentName }));
  if (filters.agent && !agents.some((a) => a.agentId === filters.agent)) {
    agentOptions.push({ value: filters.agent, label: filters.agent });
  }
  const segmentOptions = segmentValues.map((segment) =>
    segment === 'unknown'
      ? {
          value: segment,
          label: t('dashboard.ui.filters.guests'),
          title: t('dashboard.ui.filters.guestsExplanation'),
        }
      : {
          value: segment,
          label: eightClassInfo[segment].label[language],
          title: eightClassInfo[segment].explanation[language],
        },
  );
  const presets = rangePresets.map((days) => {
    const range = lastDays(days);
    return {
      label: t(presetLabel[days]),
      value: [dayjs(range.from), dayjs(range.to)] as [Dayjs, Dayjs],
    };
  });

  return (
    <Flex gap={16} wrap align="end" justify="space-between">
      <Flex gap={16} wrap align="end">
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">
            {t('dashboard.ui.filters.range')}{' '}
            <Tooltip title={t('dashboard.ui.filters.rangeHint')}>
              <InfoCircleOutlined tabIndex={0} aria-label={t('dashboard.ui.filters.rangeHint')} />
            </Tooltip>
          </Typography.Text>
          <div data-testid="dashboard-range">
            <DatePicker.RangePicker
              value={[dayjs(filters.from), dayjs(filters.to)]}
              format={DAY_FORMAT}
              presets={presets}
              allowClear={false}
              // Nothing after today, and no range longer than the server answers.
              disabledDate={(day, info) =>
                day.isAfter(today, 'day') ||
                (info?.from !== undefined && Math.abs(day.diff(info.from, 'day')) >= MAX_RANGE_DAYS)
              }
              onChange={(range) => {
                const [from, to] = range ?? [];
                if (from && to) {
                  onChange({
                    ...filters,
                    from: from.format(DAY_FORMAT),
                    to: to.format(DAY_FORMAT),
                  });
                }
              }}
            />
          </div>
        </Flex>
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">{t('dashboard.ui.filters.agent')}</Typography.Text>
          <Select<string>
            aria-label={t('dashboard.ui.filters.agent')}
            data-testid="dashboard-agent"
            style={{ minWidth: 180 }}
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder={t('dashboard.ui.filters.allAgents')}
            value={filters.agent}
            options={agentOptions}
            onChange={(agent) => onChange({ ...filters, agent: agent || undefined })}
          />
        </Flex>
        <Flex vertical gap={4}>
          <Typography.Text type="secondary">{t('dashboard.ui.filters.segment')}</Typography.Text>
          <Select<string>
            aria-label={t('dashboard.ui.filters.segment')}
            data-testid="dashboard-segment"
            style={{ minWidth: 180 }}
            allowClear
            placeholder={t('dashboard.ui.filters.allSegments')}
            value={filters.segment}
            options={segmentOptions}
            onChange={(segment) => onChange({ ...filters, segment: segment || undefined })}
          />
        </Flex>
      </Flex>
      <Tooltip title={t('dashboard.ui.exportHint')}>
        <Button
          icon={<DownloadOutlined />}
          href={exportUrl(filters)}
          download={`dashboard-${filters.from}-${filters.to}.csv`}
          data-testid="dashboard-export"
        >
          {t('dashboard.ui.export')}
        </Button>
      </Tooltip>
    </Flex>
  );
}
