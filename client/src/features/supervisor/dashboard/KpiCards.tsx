import { QuestionCircleOutlined } from '@ant-design/icons';
import { Card, Flex, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { KpiSet, Ratio } from '../../../../../shared/schemas/dashboard';
import { useAppLanguage } from '../../../app/useAppLanguage';
import {
  formatCount,
  formatFraction,
  formatKpi,
  formatMoney,
  ratioKpis,
  type RatioKpi,
} from './format';

/** What a KPI means and what this value was computed from (or that there was nothing). */
export function KpiTip({ name, ratio }: { name: RatioKpi; ratio: Ratio }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  return (
    <div>
      <div>{t(`dashboard.kpi.${name}.definition`)}</div>
      <div style={{ marginTop: 4, fontWeight: 600 }}>
        {ratio.value === null ? t('dashboard.ui.noData') : formatFraction(name, ratio, t, language)}
      </div>
    </div>
  );
}

/** A column or section heading whose tooltip defines it; focusable, so the keyboard gets it too. */
export function HintLabel({ label, hint }: { label: string; hint: ReactNode }) {
  return (
    <Tooltip title={hint} trigger={['hover', 'focus']}>
      <span tabIndex={0} style={{ cursor: 'help' }}>
        {label}
        <QuestionCircleOutlined style={{ fontSize: 12, opacity: 0.6, marginInlineStart: 4 }} />
      </span>
    </Tooltip>
  );
}

function KpiCard({
  testId,
  label,
  value,
  tip,
}: {
  testId: string;
  label: string;
  value: string;
  tip: ReactNode;
}) {
  return (
    <Card size="small" style={{ flex: '1 1 180px', minWidth: 160 }} data-testid={testId}>
      <Tooltip title={tip} trigger={['hover', 'focus']}>
        <div tabIndex={0} style={{ cursor: 'help' }} aria-label={`${label}: ${value}`}>
          <Typography.Text type="secondary">
            {label}
            <QuestionCircleOutlined style={{ fontSize: 12, opacity: 0.6, marginInlineStart: 4 }} />
          </Typography.Text>
          <div
            data-testid={`${testId}-value`}
            style={{ fontSize: 24, fontWeight: 600, lineHeight: 1.4, whiteSpace: 'nowrap' }}
          >
            {value}
          </div>
        </div>
      </Tooltip>
    </Card>
  );
}

/** The period's totals: chats, sales, then every ratio KPI with its definition and its sums. */
export function KpiCards({ totals }: { totals: KpiSet }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  return (
    <section aria-label={t('dashboard.ui.totals')}>
      <Flex gap={16} wrap>
        <KpiCard
          testId="kpi-chats"
          label={t('dashboard.kpi.chats.label')}
          value={formatCount(totals.chats, language)}
          tip={t('dashboard.kpi.chats.definition')}
        />
        <KpiCard
          testId="kpi-sales"
          label={t('dashboard.kpi.sales.label')}
          value={formatMoney(totals.sales, language)}
          tip={t('dashboard.kpi.sales.definition')}
        />
        {ratioKpis.map((name) => (
          <KpiCard
            key={name}
            testId={`kpi-${name}`}
            label={t(`dashboard.kpi.${name}.label`)}
            value={formatKpi(name, totals[name], t, language)}
            tip={<KpiTip name={name} ratio={totals[name]} />}
          />
        ))}
      </Flex>
    </section>
  );
}
