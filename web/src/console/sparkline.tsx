// A campaign's reports per day as a small SVG line (cheaper than a chart instance per row); the numbers are
// given to screen readers as text.
import { fmtNumber } from '../shared/format.js';
import { useLang, useText } from '../shared/i18n.js';
import { consoleText } from './strings.js';

const W = 120;
const H = 32;

export function Sparkline({ values }: { values: number[] }) {
  const lang = useLang();
  const t = useText(consoleText);
  const max = Math.max(1, ...values);
  const step = values.length > 1 ? W / (values.length - 1) : 0;
  const points = values.map((v, i) => `${(i * step).toFixed(1)},${(H - 2 - (v / max) * (H - 4)).toFixed(1)}`).join(' ');
  const last = values.length > 0 ? values[values.length - 1] ?? 0 : 0;
  return (
    <span class="sparkline">
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} aria-hidden="true" focusable="false">
        <line x1="0" y1={H - 1} x2={W} y2={H - 1} stroke="#d1d5db" stroke-width="1" />
        {values.length > 1 ? <polyline points={points} fill="none" stroke="#b42318" stroke-width="2" stroke-linejoin="round" /> : null}
        {values.length > 0 ? <circle cx={(values.length - 1) * step} cy={H - 2 - (last / max) * (H - 4)} r="2.5" fill="#b42318" /> : null}
      </svg>
      <span class="sr-only">{t.sparkline(values.length, values.map((v) => fmtNumber(v, lang)).join(', '))}</span>
    </span>
  );
}
