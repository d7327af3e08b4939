// ECharts, trimmed to what the pages draw (line, bar, heat map; canvas renderer only), and the shared look:
// system fonts, a palette whose colours all keep 3:1 contrast on white, tooltips drawn inside the canvas
// (renderMode richText) so no HTML with inline styles is ever generated under the page's CSP.
import { use, type ComposeOption } from 'echarts/core';
import { BarChart, HeatmapChart, LineChart, type BarSeriesOption, type HeatmapSeriesOption, type LineSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  type GridComponentOption,
  type LegendComponentOption,
  type TooltipComponentOption,
  type VisualMapComponentOption,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

use([LineChart, BarChart, HeatmapChart, GridComponent, LegendComponent, TooltipComponent, VisualMapContinuousComponent, CanvasRenderer]);

export { init, type EChartsType } from 'echarts/core';

export type ChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | HeatmapSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

export const FONT = 'system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Hiragino Kaku Gothic ProN", "Noto Sans JP", "Yu Gothic UI", Meiryo, sans-serif';

export const INK = '#1f2937';
export const MUTED = '#4b5563';
export const RULE = '#d1d5db';
/** Scam counts: a dark red (6.5:1 on white). */
export const SCAM = '#b42318';
/** All messages / neutral series. */
export const NEUTRAL = '#1d4ed8';

/** Categorical colours for stacked series, each ≥ 3:1 against white, neighbours distinct in hue. */
export const PALETTE = ['#1d4ed8', '#c2410c', '#047857', '#7e22ce', '#b42318', '#0e7490', '#a16207', '#be185d', '#52525b'];

/** Sequential ramp for the heat map, light (few) to dark (many). */
export const HEAT_RAMP = ['#f8fafc', '#fde68a', '#f59e0b', '#c2410c', '#7f1d1d'];

const reducedMotion = (): boolean => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Options every chart starts from. */
export function baseOption(): ChartOption {
  return {
    animation: !reducedMotion(),
    textStyle: { fontFamily: FONT, color: INK },
    color: PALETTE,
    grid: { left: 8, right: 16, top: 36, bottom: 8 },
    tooltip: { trigger: 'axis', renderMode: 'richText', confine: true },
    legend: { show: false },
  };
}

export const axisLabel = { color: MUTED, fontFamily: FONT } as const;
export const splitLine = { lineStyle: { color: RULE } } as const;
