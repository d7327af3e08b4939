// Impersonated brands (share of each day's scams, stacked to 100 %) and malware families (counts per day).
// Both read the same per-day series shape; the legend is plain HTML so it wraps on narrow screens.
import { useMemo } from 'preact/hooks';
import { getJson } from '../shared/api.js';
import { ChartFigure } from '../shared/chart.js';
import { brandName, commonText, familyName } from '../shared/common-text.js';
import { axisLabel, baseOption, PALETTE, splitLine, type ChartOption } from '../shared/echarts.js';
import { fmtDay, fmtDayShort, fmtNumber, fmtPercent } from '../shared/format.js';
import { useLang, useText, type Lang } from '../shared/i18n.js';
import { sum } from '../shared/numbers.js';
import { useFetch } from '../shared/use-fetch.js';
import { monitorText } from './strings.js';
import type { DailySeries } from './types.js';

const DAYS = 30;

interface Named {
  name: string;
  counts: number[];
  total: number;
  color: string;
}

function named(d: DailySeries, nameOf: (key: string) => string): Named[] {
  return d.series.map((s, i) => ({ name: nameOf(s.key), counts: s.counts, total: sum(s.counts), color: PALETTE[i % PALETTE.length] ?? '#52525b' }));
}

function Legend({ items, grand, lang }: { items: Named[]; grand: number; lang: Lang }) {
  return (
    <ul class="legend" aria-hidden="true">
      {items.map((s) => (
        <li key={s.name}>
          <span class="swatch" style={{ backgroundColor: s.color }} />
          {s.name}
          <span class="legend-share">{grand > 0 ? fmtPercent(s.total / grand, lang) : ''}</span>
        </li>
      ))}
    </ul>
  );
}

function stackedOption(days: string[], items: Named[], percent: boolean, lang: Lang): ChartOption {
  const fmt = (v: unknown): string => (percent ? `${fmtNumber(Number(v), lang)}%` : fmtNumber(Number(v), lang));
  return {
    ...baseOption(),
    grid: { left: 8, right: 16, top: 16, bottom: 8 },
    tooltip: { trigger: 'axis', renderMode: 'richText', confine: true, valueFormatter: fmt },
    xAxis: { type: 'category', data: days.map(fmtDayShort), axisLabel },
    yAxis: percent
      ? { type: 'value', min: 0, max: 100, interval: 25, axisLabel: { ...axisLabel, formatter: '{value}%' }, splitLine }
      : { type: 'value', minInterval: 1, axisLabel, splitLine },
    series: items.map((s) => ({
      type: 'bar' as const,
      name: s.name,
      stack: 'all',
      data: s.counts,
      itemStyle: { color: s.color, borderColor: '#ffffff', borderWidth: 0.5 },
      barMaxWidth: 28,
    })),
  };
}

/** Each series' count on each day as a percentage of that day's total (0 when the day had none). */
function asShares(d: DailySeries, items: Named[]): Named[] {
  return items.map((s) => ({
    ...s,
    counts: s.counts.map((n, day) => {
      const total = d.totals[day] ?? 0;
      return total > 0 ? Math.round((n / total) * 1000) / 10 : 0;
    }),
  }));
}

export function BrandsChart({ tick }: { tick: number }) {
  const lang = useLang();
  const t = useText(monitorText);
  const c = useText(commonText);
  const state = useFetch((signal) => getJson<DailySeries>(`/v1/stats/brands?days=${DAYS}`, { signal }), [], tick);
  const view = useMemo(() => {
    const d = state.data;
    if (!d || d.days.length === 0 || d.series.length === 0) return null;
    const items = named(d, (k) => brandName(c, k));
    const grand = sum(d.totals);
    const top = [...items].filter((s) => s.name !== c.brandOther).sort((a, b) => b.total - a.total)[0];
    return {
      items,
      grand,
      option: stackedOption(d.days, asShares(d, items), true, lang),
      points: grand > 0 ? d.days.length * items.length : 0,
      summary: top && grand > 0 ? t.brandsSummary(top.name, fmtPercent(top.total / grand, lang)) : '',
      table: {
        caption: t.brandsTitle,
        head: [t.day, ...items.map((s) => s.name), t.total],
        rows: d.days.map((day, i) => [fmtDay(day, lang), ...items.map((s) => s.counts[i] ?? 0), d.totals[i] ?? 0]),
      },
    };
  }, [state.data, lang]);

  return (
    <ChartFigure
      testId="chart-brands"
      title={t.brandsTitle}
      description={t.brandsDesc}
      state={state}
      option={view?.option ?? null}
      points={view?.points ?? 0}
      summary={view?.summary ?? ''}
      table={view?.table ?? null}
      legend={view ? <Legend items={view.items} grand={view.grand} lang={lang} /> : null}
    />
  );
}

export function FamiliesChart({ tick }: { tick: number }) {
  const lang = useLang();
  const t = useText(monitorText);
  const c = useText(commonText);
  const state = useFetch((signal) => getJson<DailySeries>(`/v1/stats/families?days=${DAYS}`, { signal }), [], tick);
  const view = useMemo(() => {
    const d = state.data;
    if (!d || d.days.length === 0 || d.series.length === 0) return null;
    const items = named(d, (k) => familyName(c, k));
    const grand = sum(items.map((s) => s.total));
    const parts = [...items]
      .sort((a, b) => b.total - a.total)
      .filter((s) => s.total > 0)
      .map((s) => `${s.name} ${fmtPercent(s.total / grand, lang)}`)
      .join(lang === 'ja' ? '、' : ', ');
    return {
      items,
      grand,
      option: stackedOption(d.days, items, false, lang),
      points: grand > 0 ? d.days.length * items.length : 0,
      summary: grand > 0 ? t.familiesSummary(parts) : '',
      table: {
        caption: t.familiesTitle,
        head: [t.day, ...items.map((s) => s.name)],
        rows: d.days.map((day, i) => [fmtDay(day, lang), ...items.map((s) => s.counts[i] ?? 0)]),
      },
    };
  }, [state.data, lang]);

  return (
    <ChartFigure
      testId="chart-families"
      title={t.familiesTitle}
      description={t.familiesDesc}
      state={state}
      option={view?.option ?? null}
      points={view?.points ?? 0}
      summary={view?.summary ?? ''}
      table={view?.table ?? null}
      legend={view ? <Legend items={view.items} grand={view.grand} lang={lang} /> : null}
    />
  );
}
