// Scam SMS per JST hour over the last 24 hours and per JST day over the last 30 days.
import { useMemo } from 'preact/hooks';
import { getJson } from '../shared/api.js';
import { ChartFigure } from '../shared/chart.js';
import { axisLabel, baseOption, SCAM, splitLine, type ChartOption } from '../shared/echarts.js';
import { fmtDay, fmtDayShort, fmtHour, fmtNumber } from '../shared/format.js';
import { useLang, useText, type Lang } from '../shared/i18n.js';
import { argMax, sum } from '../shared/numbers.js';
import { useFetch } from '../shared/use-fetch.js';
import { monitorText } from './strings.js';
import type { DailyTimeline, HourlyTimeline } from './types.js';

function countChart(labels: string[], values: number[], kind: 'bar' | 'line', name: string, lang: Lang): ChartOption {
  return {
    ...baseOption(),
    grid: { left: 8, right: 16, top: 16, bottom: 8 },
    tooltip: { trigger: 'axis', renderMode: 'richText', confine: true, valueFormatter: (v) => fmtNumber(Number(v), lang) },
    xAxis: { type: 'category', data: labels, axisLabel, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', minInterval: 1, axisLabel, splitLine },
    series: [
      kind === 'bar'
        ? { type: 'bar', name, data: values, itemStyle: { color: SCAM }, barMaxWidth: 24 }
        : { type: 'line', name, data: values, lineStyle: { color: SCAM, width: 2 }, itemStyle: { color: SCAM }, areaStyle: { color: SCAM, opacity: 0.12 }, symbolSize: 5 },
    ],
  };
}

export function HourlyChart({ tick }: { tick: number }) {
  const lang = useLang();
  const t = useText(monitorText);
  const state = useFetch((signal) => getJson<HourlyTimeline>('/v1/stats/timeline?range=24h', { signal }), [], tick);
  const view = useMemo(() => {
    const points = state.data?.points ?? [];
    if (points.length === 0) return null;
    const labels = points.map((p) => fmtHour(p.t, lang));
    const values = points.map((p) => p.scam);
    const peak = argMax(values);
    return {
      option: countChart(labels, values, 'bar', t.scams, lang),
      points: sum(values) > 0 ? values.length : 0,
      summary: t.hourlySummary(fmtNumber(sum(values), lang), labels[peak] ?? '', fmtNumber(values[peak], lang)),
      table: { caption: t.hourlyTitle, head: [t.hour, t.scams], rows: points.map((p, i) => [labels[i] ?? '', p.scam]) },
    };
  }, [state.data, lang]);

  return (
    <ChartFigure testId="chart-hourly" title={t.hourlyTitle} state={state} option={view?.option ?? null} points={view?.points ?? 0} summary={view?.summary ?? ''} table={view?.table ?? null} />
  );
}

export function DailyChart({ tick }: { tick: number }) {
  const lang = useLang();
  const t = useText(monitorText);
  const state = useFetch((signal) => getJson<DailyTimeline>('/v1/stats/timeline?range=30d', { signal }), [], tick);
  const view = useMemo(() => {
    const points = state.data?.points ?? [];
    if (points.length === 0) return null;
    const values = points.map((p) => p.scam);
    const peak = argMax(values);
    return {
      option: countChart(points.map((p) => fmtDayShort(p.day)), values, 'line', t.scams, lang),
      points: sum(values) > 0 ? values.length : 0,
      summary: t.dailySummary(fmtNumber(sum(values), lang), points[peak] ? fmtDay(points[peak].day, lang) : '', fmtNumber(values[peak], lang)),
      table: { caption: t.dailyTitle, head: [t.day, t.scams], rows: points.map((p) => [fmtDay(p.day, lang), p.scam]) },
    };
  }, [state.data, lang]);

  return (
    <ChartFigure testId="chart-daily" title={t.dailyTitle} state={state} option={view?.option ?? null} points={view?.points ?? 0} summary={view?.summary ?? ''} table={view?.table ?? null} />
  );
}
