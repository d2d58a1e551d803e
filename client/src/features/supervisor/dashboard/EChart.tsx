import { BarChart, FunnelChart, LineChart } from 'echarts/charts';
import {
  AriaComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
} from 'echarts/components';
import { init, use as installEcharts, type ECharts, type EChartsCoreOption } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useAppLanguage } from '../../../app/useAppLanguage';

// Only what the dashboard draws, so the chunk stays small.
installEcharts([
  BarChart,
  LineChart,
  FunnelChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  AriaComponent,
  SVGRenderer,
]);

// Where a container has no size yet (hidden, or jsdom), draw at this width until it has one.
const FALLBACK_WIDTH = 600;

/**
 * One echarts chart in a div that follows its container's width. SVG, so it is crisp, light
 * and renders in jsdom; echarts' own words (tooltips, aria descriptions) in the app language.
 * `option` should be memoized: a new object redraws the chart.
 */
export function EChart({
  option,
  height,
  label,
  testId,
}: {
  option: EChartsCoreOption;
  height: number;
  /** What the chart shows, for screen readers. */
  label: string;
  testId?: string;
}) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const language = useAppLanguage();

  // The locale is fixed at init, so a language switch makes a new chart.
  useEffect(() => {
    const element = container.current;
    if (!element) return;
    const instance = init(element, null, {
      renderer: 'svg',
      locale: language === 'zh-CN' ? 'ZH' : 'EN',
      width: element.clientWidth || FALLBACK_WIDTH,
      height,
    });
    chart.current = instance;
    const observer = new ResizeObserver((entries) => {
      const width = entries[0]?.contentRect.width;
      if (width) instance.resize({ width, height });
    });
    observer.observe(element);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [language, height]);

  useEffect(() => {
    chart.current?.setOption({ aria: { enabled: true }, ...option }, { notMerge: true });
  }, [option, language, height]);

  return (
    <div
      ref={container}
      role="img"
      aria-label={label}
      data-testid={testId}
      style={{ width: '100%', height }}
    />
  );
}
