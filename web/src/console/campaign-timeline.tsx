// A campaign's reports per day, the gaps between reported days filled with zeros.
import { useMemo } from 'preact/hooks';
import { ChartFigure } from '../shared/chart.js';
import { axisLabel, baseOption, SCAM, splitLine, type ChartOption } from '../shared/echarts.js';
import { fmtDay, fmtDayShort, fmtNumber } from '../shared/format.js';
import { useLang, useText } from '../shared/i18n.js';
import { sum } from '../shared/numbers.js';
import { consoleText } from './strings.js';

const DAY_MS = 86_400_000;

/** Every day from the first to the last entry, with 0 for the days without reports. */
export function fillDays(timeline: { day: string; reports: number }[]): { day: string; reports: number }[] {
  const byDay = new Map(timeline.map((p) => [p.day, p.reports]));
  const sorted = [...byDay.keys()].sort();
  const first = sorted[0];
  const last = sorted[sorted.length - 1];
  if (!first || !last) return [];
  const out: { day: string; reports: number }[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`), end = Date.parse(`${last}T00:00:00Z`); t <= end && out.length < 400; t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, reports: byDay.get(day) ?? 0 });
  }
  return out;
}

export function CampaignTimeline({ timeline }: { timeline: { day: string; reports: number }[] }) {
  const lang = useLang();
  const t = useText(consoleText);
  const view = useMemo(() => {
    const days = fillDays(timeline);
    if (days.length === 0) return null;
    const values = days.map((d) => d.reports);
    const option: ChartOption = {
      ...baseOption(),
      grid: { left: 8, right: 16, top: 16, bottom: 8 },
      tooltip: { trigger: 'axis', renderMode: 'richText', confine: true, valueFormatter: (v) => fmtNumber(Number(v), lang) },
      xAxis: { type: 'category', data: days.map((d) => fmtDayShort(d.day)), axisLabel },
      yAxis: { type: 'value', minInterval: 1, axisLabel, splitLine },
      series: [{ type: 'bar', name: t.reports, data: values, itemStyle: { color: SCAM }, barMaxWidth: 24 }],
    };
    return {
      option,
      points: sum(values) > 0 ? values.length : 0,
      summary: t.timelineSummary(fmtNumber(sum(values), lang), days.length),
      table: { caption: t.timelineTitle, head: [t.day, t.reports], rows: days.map((d) => [fmtDay(d.day, lang), d.reports]) },
    };
  }, [timeline, lang]);

  return (
    <ChartFigure
      testId="chart-campaign-timeline"
      title={t.timelineTitle}
      state={{ loading: false, error: null, reload: () => undefined }}
      option={view?.option ?? null}
      points={view?.points ?? 0}
      summary={view?.summary ?? ''}
      table={view?.table ?? null}
      size="short"
    />
  );
}
