// A chart card: heading, controls, the ECharts canvas, a one-line text summary and the data table for screen
// readers. The container carries the stable test id, `data-state` (loading | error | empty | ready) and, once
// the chart is drawn, `data-points` (how many values it drew; 0 for the empty state).
import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { ApiError } from './api.js';
import { commonText } from './common-text.js';
import { init, type ChartOption, type EChartsType } from './echarts.js';
import { useText } from './i18n.js';
import { DataTable, Empty, ErrorMessage, Loading, type TableData } from './ui.js';

interface CanvasProps {
  option: ChartOption;
  label: string;
  onDrawn: () => void;
  size: 'short' | 'normal' | 'tall';
}

function ChartCanvas({ option, label, onDrawn, size }: CanvasProps) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const c = init(el, null, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
    onDrawn();
  }, [option]);

  return <div ref={ref} class={`chart-canvas chart-${size}`} role="img" aria-label={label} />;
}

export interface ChartFigureProps {
  testId: string;
  title: string;
  /** A sentence under the heading saying what the chart shows. */
  description?: ComponentChildren;
  /** Buttons that change the view (e.g. the heat map's family filter). */
  controls?: ComponentChildren;
  /** Shown under the chart once it is drawn (e.g. a legend). */
  legend?: ComponentChildren;
  state: { loading: boolean; error: ApiError | null; reload: () => void };
  /** Null while there is nothing to draw. */
  option: ChartOption | null;
  /** Values the option draws; 0 shows the empty state. */
  points: number;
  summary: string;
  table: TableData | null;
  size?: 'short' | 'normal' | 'tall';
  emptyText?: string;
}

export function ChartFigure(p: ChartFigureProps) {
  const t = useText(commonText);
  const headingId = useId();
  const [drawn, setDrawn] = useState<number | null>(null);
  const status = p.option === null ? (p.state.error ? 'error' : p.state.loading ? 'loading' : 'empty') : p.points === 0 ? 'empty' : 'ready';

  return (
    <section class="card chart-card" aria-labelledby={headingId}>
      <div class="card-head">
        <h3 id={headingId}>{p.title}</h3>
        {p.controls}
      </div>
      {p.description ? <p class="card-desc">{p.description}</p> : null}
      <div
        class="chart"
        data-testid={p.testId}
        data-state={status}
        data-points={status === 'empty' ? '0' : status === 'ready' && drawn !== null ? String(drawn) : undefined}
      >
        {status === 'loading' ? <Loading /> : null}
        {status === 'error' ? <ErrorMessage error={p.state.error} onRetry={p.state.reload} /> : null}
        {status === 'empty' ? <Empty>{p.emptyText}</Empty> : null}
        {status === 'ready' && p.option ? (
          <ChartCanvas option={p.option} label={`${p.title}: ${p.summary}`} size={p.size ?? 'normal'} onDrawn={() => setDrawn(p.points)} />
        ) : null}
      </div>
      {status === 'ready' ? p.legend : null}
      {status === 'ready' ? <p class="chart-summary">{p.summary}</p> : null}
      {status === 'ready' && p.state.error ? <p class="stale-note">{t.staleNote}</p> : null}
      {status === 'ready' && p.table ? <DataTable table={p.table} /> : null}
    </section>
  );
}
