// Estimated infected handsets: distinct sender lines of detected smishing in the last 24 hours (a big number,
// compared with the 24 hours before) and per JST day over 30 days.
import { useMemo } from 'preact/hooks';
import { getJson } from '../shared/api.js';
import { ChartFigure } from '../shared/chart.js';
import { axisLabel, baseOption, NEUTRAL, splitLine, type ChartOption } from '../shared/echarts.js';
import { fmtDay, fmtDayShort, fmtNumber } from '../shared/format.js';
import { useLang, useText } from '../shared/i18n.js';
import { signOf, sum } from '../shared/numbers.js';
import { useFetch } from '../shared/use-fetch.js';
import { monitorText } from './strings.js';
import type { Infected as InfectedData, Summary } from './types.js';

export function Infected({ tick, summary }: { tick: number; summary: Summary | null }) {
  const lang = useLang();
  const t = useText(monitorText);
  const state = useFetch((signal) => getJson<InfectedData>('/v1/stats/infected?days=30', { signal }), [], tick);

  const view = useMemo(() => {
    const d = state.data;
    if (!d || d.days.length === 0) return null;
    const option: ChartOption = {
      ...baseOption(),
      grid: { left: 8, right: 16, top: 16, bottom: 8 },
      tooltip: { trigger: 'axis', renderMode: 'richText', confine: true, valueFormatter: (v) => fmtNumber(Number(v), lang) },
      xAxis: { type: 'category', data: d.days.map(fmtDayShort), axisLabel },
      yAxis: { type: 'value', minInterval: 1, axisLabel, splitLine },
      series: [{ type: 'line', name: t.handsets, data: d.estimates, lineStyle: { color: NEUTRAL, width: 2 }, itemStyle: { color: NEUTRAL }, symbolSize: 5 }],
    };
    return {
      option,
      points: sum(d.estimates) > 0 ? d.estimates.length : 0,
      summary: t.infectedSummary(fmtNumber(d.estimates[d.estimates.length - 1], lang), fmtNumber(Math.min(...d.estimates), lang), fmtNumber(Math.max(...d.estimates), lang)),
      table: { caption: t.infectedTitle, head: [t.day, t.handsets], rows: d.days.map((day, i) => [fmtDay(day, lang), d.estimates[i] ?? 0]) },
    };
  }, [state.data, lang]);

  const now = state.data?.active24h ?? summary?.infected.active24h ?? null;
  const previous = summary?.infected.previous24h;
  const delta = now !== null && previous !== undefined ? now - previous : null;

  return (
    <div class="infected">
      <div class="card infected-now">
        <p class="infected-label">{t.infectedNow}</p>
        <p class="infected-value">
          <span data-testid="infected-now">{fmtNumber(now, lang)}</span>
          {t.infectedUnit ? <span class="counter-unit">{t.infectedUnit}</span> : null}
        </p>
        {delta !== null ? <p class="infected-delta">{t.infectedDelta(signOf(delta), fmtNumber(Math.abs(delta), lang))}</p> : null}
        <p class="infected-note">{t.infectedNote}</p>
      </div>
      <ChartFigure
        testId="chart-infected"
        title={t.infectedTitle}
        state={state}
        option={view?.option ?? null}
        points={view?.points ?? 0}
        summary={view?.summary ?? ''}
        table={view?.table ?? null}
        size="short"
      />
    </div>
  );
}
