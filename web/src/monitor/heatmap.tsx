// Scam SMS by JST weekday × hour over the last four weeks, for all scams or one malware family: MoqHao sends in
// the daytime, KeepSpy in the evening, and the switch makes that visible.
import { useMemo, useState } from 'preact/hooks';
import { getJson } from '../shared/api.js';
import { ChartFigure } from '../shared/chart.js';
import { commonText } from '../shared/common-text.js';
import { axisLabel, baseOption, HEAT_RAMP, MUTED, type ChartOption } from '../shared/echarts.js';
import { fmtHourOfDay, fmtNumber } from '../shared/format.js';
import { useLang, useText } from '../shared/i18n.js';
import { useFetch } from '../shared/use-fetch.js';
import { monitorText } from './strings.js';
import type { Grid, Heatmap } from './types.js';

const WEEKS = 4;
const VIEWS = ['all', 'moqhao', 'keepspy'] as const;
type View = (typeof VIEWS)[number];

const HOURS = Array.from({ length: 24 }, (_, h) => h);

/** The cell with the most messages: weekday 0–6 (Monday first), hour 0–23. */
function peakOf(grid: Grid): { weekday: number; hour: number; n: number; total: number } {
  let best = { weekday: 0, hour: 0, n: -1, total: 0 };
  grid.forEach((row, weekday) =>
    row.forEach((n, hour) => {
      best.total += n;
      if (n > best.n) best = { ...best, weekday, hour, n };
    }),
  );
  return best;
}

function gridOf(data: Heatmap, view: View): Grid {
  return (view === 'all' ? data.cells : data.families[view]) ?? [];
}

export function HeatmapChart({ tick }: { tick: number }) {
  const lang = useLang();
  const t = useText(monitorText);
  const c = useText(commonText);
  const [view, setView] = useState<View>('all');
  const state = useFetch((signal) => getJson<Heatmap>(`/v1/stats/heatmap?weeks=${WEEKS}`, { signal }), [], tick);

  const result = useMemo(() => {
    if (!state.data) return null;
    const grid = gridOf(state.data, view);
    const peak = peakOf(grid);
    const hourLabels = HOURS.map((h) => String(h));
    const data = grid.flatMap((row, weekday) => row.map((n, hour) => [hour, weekday, n]));
    const option: ChartOption = {
      ...baseOption(),
      grid: { left: 8, right: 8, top: 8, bottom: 56 },
      tooltip: {
        trigger: 'item',
        renderMode: 'richText',
        confine: true,
        formatter: (p) => {
          const v = (p as { value?: number[] }).value ?? [];
          return `${c.weekdaysLong[v[1] ?? 0] ?? ''} ${fmtHourOfDay(v[0] ?? 0, lang)}: ${fmtNumber(v[2] ?? 0, lang)}`;
        },
      },
      xAxis: { type: 'category', data: hourLabels, axisLabel: { ...axisLabel, interval: 2 }, splitArea: { show: false } },
      yAxis: { type: 'category', data: c.weekdays, inverse: true, axisLabel },
      visualMap: {
        type: 'continuous',
        min: 0,
        max: Math.max(1, peak.n),
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 160,
        itemWidth: 12,
        text: [t.heatMore, t.heatFewer],
        calculable: false,
        inRange: { color: HEAT_RAMP },
        textStyle: { color: MUTED },
      },
      series: [{ type: 'heatmap', data, itemStyle: { borderColor: '#ffffff', borderWidth: 1 }, emphasis: { itemStyle: { borderColor: '#111827', borderWidth: 2 } } }],
    };
    const familyPeaks = (['moqhao', 'keepspy'] as const).flatMap((f) => {
      const g = state.data?.families[f];
      const p = g ? peakOf(g) : null;
      return p && p.n > 0 ? [t.heatPeakOf(c.families[f] ?? f, c.weekdaysLong[p.weekday] ?? '', fmtHourOfDay(p.hour, lang))] : [];
    });
    return {
      option,
      points: peak.total > 0 ? data.length : 0,
      summary: peak.n >= 0 ? t.heatSummary(c.weekdaysLong[peak.weekday] ?? '', fmtHourOfDay(peak.hour, lang), fmtNumber(peak.n, lang), fmtNumber(peak.total, lang)) : '',
      familyPeaks,
      table: {
        caption: `${t.heatTitle(state.data.weeks ?? WEEKS)} — ${view === 'all' ? t.heatAll : c.families[view]}`,
        head: [t.weekday, ...HOURS.map((h) => fmtHourOfDay(h, lang))],
        rows: grid.map((row, weekday) => [c.weekdaysLong[weekday] ?? '', ...row]),
      },
    };
  }, [state.data, view, lang]);

  const controls = (
    <div class="segmented" role="group" aria-label={t.heatFilter}>
      {VIEWS.map((v) => (
        <button type="button" key={v} class="seg-btn" aria-pressed={view === v} data-view={v} onClick={() => setView(v)}>
          {v === 'all' ? t.heatAll : c.families[v]}
        </button>
      ))}
    </div>
  );

  return (
    <ChartFigure
      testId="chart-heatmap"
      title={t.heatTitle(state.data?.weeks ?? WEEKS)}
      description={
        <>
          {t.heatDesc}
          {result && result.familyPeaks.length > 0 ? <span class="peaks">{result.familyPeaks.join(' / ')}</span> : null}
        </>
      }
      controls={controls}
      state={state}
      option={result?.option ?? null}
      points={result?.points ?? 0}
      summary={result?.summary ?? ''}
      table={result?.table ?? null}
      size="tall"
    />
  );
}
