// Report intake per JST day and channel (analysts, members) and the status of each TAXII indicator feed
// (analysts, admins). Each part shows its own error, so a member still sees the intake chart.
import { useMemo } from 'preact/hooks';
import { ChartFigure } from '../shared/chart.js';
import { axisLabel, baseOption, PALETTE, splitLine, type ChartOption } from '../shared/echarts.js';
import { fmtDateTime, fmtDay, fmtDayShort, fmtNumber } from '../shared/format.js';
import { useLang, useText } from '../shared/i18n.js';
import { sum } from '../shared/numbers.js';
import { Empty } from '../shared/ui.js';
import { useApiGet } from './session.js';
import { consoleText } from './strings.js';
import type { Peer, ReportStats } from './types.js';
import { ApiErrorView, Loaded, ViewHeading } from './view-state.js';

function ReportsChart() {
  const lang = useLang();
  const t = useText(consoleText);
  const state = useApiGet<ReportStats>('/v1/stats/reports?days=30');
  const view = useMemo(() => {
    const d = state.data;
    if (!d || d.days.length === 0 || d.series.length === 0) return null;
    const option: ChartOption = {
      ...baseOption(),
      grid: { left: 8, right: 16, top: 40, bottom: 8 },
      legend: { show: true, top: 0, left: 0, textStyle: { color: '#374151' } },
      tooltip: { trigger: 'axis', renderMode: 'richText', confine: true, valueFormatter: (v) => fmtNumber(Number(v), lang) },
      xAxis: { type: 'category', data: d.days.map(fmtDayShort), axisLabel },
      yAxis: { type: 'value', minInterval: 1, axisLabel, splitLine },
      series: d.series.map((s, i) => ({ type: 'bar' as const, name: s.key, stack: 'all', data: s.counts, itemStyle: { color: PALETTE[i % PALETTE.length] }, barMaxWidth: 28 })),
    };
    const total = sum(d.totals);
    const parts = d.series.map((s) => `${s.key} ${fmtNumber(sum(s.counts), lang)}`).join(', ');
    return {
      option,
      points: total > 0 ? d.days.length * d.series.length : 0,
      summary: t.reportsSummary(fmtNumber(total, lang), parts),
      table: {
        caption: t.reportsTitle,
        head: [t.day, ...d.series.map((s) => s.key)],
        rows: d.days.map((day, i) => [fmtDay(day, lang), ...d.series.map((s) => s.counts[i] ?? 0)]),
      },
    };
  }, [state.data, lang]);

  if (state.error && !state.data) {
    return (
      <section class="card" aria-labelledby="rep-h">
        <h3 id="rep-h">{t.reportsTitle}</h3>
        <div data-testid="chart-reports" data-state="error">
          <ApiErrorView error={state.error} onRetry={state.reload} />
        </div>
      </section>
    );
  }
  return (
    <ChartFigure testId="chart-reports" title={t.reportsTitle} state={state} option={view?.option ?? null} points={view?.points ?? 0} summary={view?.summary ?? ''} table={view?.table ?? null} />
  );
}

function Peers() {
  const lang = useLang();
  const t = useText(consoleText);
  const state = useApiGet<{ peers: Peer[] }>('/v1/intel/peers');
  return (
    <section class="card" aria-labelledby="peers-h">
      <h3 id="peers-h">{t.peersTitle}</h3>
      <Loaded state={state}>
        {(d) =>
          d.peers.length === 0 ? (
            <Empty>{t.peersEmpty}</Empty>
          ) : (
            <div class="table-scroll">
              <table class="data stack" data-testid="peers-table">
                <thead>
                  <tr>
                    <th scope="col">{t.peer}</th>
                    <th scope="col">{t.collection}</th>
                    <th scope="col" class="num">
                      {t.every}
                    </th>
                    <th scope="col">{t.lastAttempt}</th>
                    <th scope="col">{t.lastSuccess}</th>
                    <th scope="col" class="num">
                      {t.imported}
                    </th>
                    <th scope="col">{t.lastError}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.peers.map((p) => (
                    <tr key={p.name}>
                      <th scope="row" data-label={t.peer}>
                        {p.name}
                        <span class="cell-sub">{p.url}</span>
                      </th>
                      <td data-label={t.collection}>{p.collection}</td>
                      <td data-label={t.every} class="num">{t.seconds(fmtNumber(p.everySeconds, lang))}</td>
                      <td data-label={t.lastAttempt}>{fmtDateTime(p.lastAttemptAt)}</td>
                      <td data-label={t.lastSuccess}>{fmtDateTime(p.lastSuccessAt)}</td>
                      <td data-label={t.imported} class="num">{fmtNumber(p.lastImported, lang)}</td>
                      <td data-label={t.lastError} class={p.lastError ? 'form-error' : 'form-ok'}>{p.lastError ?? t.ok}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </section>
  );
}

export function Intake() {
  const t = useText(consoleText);
  return (
    <div>
      <ViewHeading>{t.intakeTitle}</ViewHeading>
      <div class="detail">
        <ReportsChart />
        <Peers />
      </div>
    </div>
  );
}
