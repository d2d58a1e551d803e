import { Col, Empty, Row, Table, Tooltip, type TableColumnsType } from 'antd';
import type { EChartsCoreOption } from 'echarts/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { objectionCategories } from '../../../../../shared/domain/objection-categories';
import { objectionLabels } from '../../../../../shared/domain/objection-labels';
import type { Dashboard, Funnel } from '../../../../../shared/schemas/dashboard';
import { useAppLanguage } from '../../../app/useAppLanguage';
import { EChart } from './EChart';
import { axisDays } from './filters';
import { NO_VALUE, formatCount, formatPercent } from './format';
import { HintLabel } from './KpiCards';

const asNumber = (value: unknown) => (typeof value === 'number' ? value : null);

/** Chats closed each day (bars, left axis) and their inquiry conversion (line, right axis). */
export function TrendChart({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const option = useMemo((): EChartsCoreOption => {
    const byDay = new Map(dashboard.byDay.map((d) => [d.day, d.kpis]));
    const days = axisDays(
      dashboard.query.from,
      dashboard.query.to,
      dashboard.byDay.map((d) => d.day),
    );
    const chats = t('dashboard.kpi.chats.label');
    const conversion = t('dashboard.kpi.conversion.label');
    const percent = (value: unknown) => {
      const n = asNumber(value);
      return n === null ? NO_VALUE : formatPercent(n, language);
    };
    return {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 64, top: 48, bottom: 32 },
      xAxis: { type: 'category', data: days },
      yAxis: [
        { type: 'value', name: chats, minInterval: 1 },
        {
          type: 'value',
          name: conversion,
          min: 0,
          max: 1,
          axisLabel: { formatter: (value: number) => formatPercent(value, language) },
          splitLine: { show: false },
        },
      ],
      series: [
        {
          type: 'bar',
          name: chats,
          data: days.map((day) => byDay.get(day)?.chats ?? 0),
          tooltip: {
            valueFormatter: (value: unknown) => formatCount(asNumber(value) ?? 0, language),
          },
        },
        {
          type: 'line',
          name: conversion,
          yAxisIndex: 1,
          data: days.map((day) => byDay.get(day)?.conversion.value ?? null),
          tooltip: { valueFormatter: percent },
        },
      ],
    };
  }, [dashboard, t, language]);
  return (
    <EChart
      option={option}
      height={300}
      label={t('dashboard.ui.trend.chartLabel')}
      testId="dashboard-trend-chart"
    />
  );
}

const funnelStages = ['chats', 'engaged', 'offerPresented', 'accepted', 'purchased'] as const;
type FunnelStage = (typeof funnelStages)[number];
interface StageRow {
  stage: FunnelStage;
  count: number;
  previous: FunnelStage | null;
  /** This stage ÷ the one before; null for the first stage or after an empty one. */
  step: number | null;
}

export function funnelSteps(funnel: Funnel): StageRow[] {
  return funnelStages.map((stage, index) => {
    const previous = index === 0 ? null : funnelStages[index - 1]!;
    const before = previous === null ? 0 : funnel[previous];
    return {
      stage,
      count: funnel[stage],
      previous,
      step: previous !== null && before > 0 ? funnel[stage] / before : null,
    };
  });
}

/** Chats → engaged → offer presented → accepted → purchased, with each step's conversion. */
export function FunnelPanel({ funnel }: { funnel: Funnel }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const rows = useMemo(() => funnelSteps(funnel), [funnel]);
  const option = useMemo((): EChartsCoreOption => {
    const stepOf = new Map(rows.map((r) => [t(`dashboard.funnel.${r.stage}`), r]));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (params: { name: string; value: number }) => {
          const row = stepOf.get(params.name);
          const count = formatCount(params.value, language);
          return row?.step == null
            ? `${params.name}: ${count}`
            : `${params.name}: ${count}<br/>${t('dashboard.ui.funnel.step')}: ${formatPercent(row.step, language)}`;
        },
      },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: 8,
          right: 8,
          top: 8,
          bottom: 8,
          min: 0,
          max: Math.max(1, funnel.chats),
          minSize: '20%',
          gap: 2,
          label: { show: true, position: 'inside', formatter: '{b}  {c}' },
          data: rows.map((r) => ({ name: t(`dashboard.funnel.${r.stage}`), value: r.count })),
        },
      ],
    };
  }, [rows, funnel.chats, t, language]);

  const columns: TableColumnsType<StageRow> = [
    {
      key: 'stage',
      title: t('dashboard.ui.funnel.stage'),
      onCell: () => ({ style: { whiteSpace: 'nowrap' } }),
      render: (_, r) => (
        <HintLabel
          label={t(`dashboard.funnel.${r.stage}`)}
          hint={t(`dashboard.funnelDefinition.${r.stage}`)}
        />
      ),
    },
    {
      key: 'count',
      title: t('dashboard.kpi.chats.label'),
      align: 'right',
      render: (_, r) => formatCount(r.count, language),
    },
    {
      key: 'step',
      onHeaderCell: () => ({ style: { whiteSpace: 'nowrap' } }),
      title: (
        <HintLabel
          label={t('dashboard.ui.funnel.step')}
          hint={t('dashboard.ui.funnel.definition')}
        />
      ),
      align: 'right',
      render: (_, r) =>
        r.previous === null ? (
          NO_VALUE
        ) : (
          <Tooltip
            title={t('dashboard.ui.funnel.stepTip', {
              stage: t(`dashboard.funnel.${r.stage}`),
              count: formatCount(r.count, language),
              previous: t(`dashboard.funnel.${r.previous}`),
              previousCount: formatCount(funnel[r.previous], language),
            })}
          >
            <span>{r.step === null ? NO_VALUE : formatPercent(r.step, language)}</span>
          </Tooltip>
        ),
    },
  ];

  return (
    <Row gutter={[16, 16]} align="middle">
      <Col xs={24} md={12}>
        <EChart
          option={option}
          height={260}
          label={t('dashboard.ui.funnel.chartLabel')}
          testId="dashboard-funnel-chart"
        />
      </Col>
      <Col xs={24} md={12}>
        <Table<StageRow>
          data-testid="dashboard-funnel-steps"
          rowKey="stage"
          size="small"
          columns={columns}
          dataSource={rows}
          pagination={false}
        />
      </Col>
    </Row>
  );
}

/** How many objections of each category came up each day, stacked. */
export function ObjectionsChart({ dashboard }: { dashboard: Dashboard }) {
  const { t } = useTranslation();
  const language = useAppLanguage();
  const any = dashboard.objectionsByDay.some((d) =>
    objectionCategories.some((c) => (d.counts[c] ?? 0) > 0),
  );
  const option = useMemo((): EChartsCoreOption => {
    const byDay = new Map(dashboard.objectionsByDay.map((d) => [d.day, d.counts]));
    const days = axisDays(
      dashboard.query.from,
      dashboard.query.to,
      dashboard.objectionsByDay.map((d) => d.day),
    );
    return {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 48, right: 24, top: 48, bottom: 32 },
      xAxis: { type: 'category', data: days },
      yAxis: { type: 'value', minInterval: 1 },
      series: objectionCategories.map((category) => ({
        type: 'bar',
        stack: 'objections',
        name: objectionLabels[category][language],
        data: days.map((day) => byDay.get(day)?.[category] ?? 0),
      })),
    };
  }, [dashboard, language]);
  if (!any) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('dashboard.ui.objections.empty')}
      />
    );
  }
  return (
    <EChart
      option={option}
      height={300}
      label={t('dashboard.ui.objections.chartLabel')}
      testId="dashboard-objections-chart"
    />
  );
}
