// The headline: scam SMS detected today and in the last 24 hours, kept current by the live stream, with a
// visible live indicator. Before the first live event the summary's numbers stand in.
import { useLang, useText } from '../shared/i18n.js';
import { fmtNumber, fmtTime } from '../shared/format.js';
import { monitorText } from './strings.js';
import type { LiveStats, Summary } from './types.js';
import type { LiveStatus } from './use-live.js';

interface Props {
  stats: LiveStats | null;
  status: LiveStatus;
  summary: Summary | null;
}

function Counter({ label, hint, value, testId, big }: { label: string; hint?: string; value: number | null; testId: string; big?: boolean }) {
  const lang = useLang();
  const t = useText(monitorText);
  return (
    <div class={big ? 'counter counter-big' : 'counter'}>
      <dt>
        {label}
        {hint ? <span class="counter-hint">{hint}</span> : null}
      </dt>
      <dd>
        {/* Keyed on the value so the change animation replays on every update. */}
        <span class="counter-value" data-testid={testId} key={value ?? 'none'}>
          {fmtNumber(value, lang)}
        </span>
        {t.unit ? <span class="counter-unit">{t.unit}</span> : null}
      </dd>
    </div>
  );
}

export function LiveCounter({ stats, status, summary }: Props) {
  const t = useText(monitorText);
  const today = stats?.scamToday ?? summary?.scam.today ?? null;
  const last24h = stats?.scamLast24h ?? summary?.scam.last24h ?? null;
  const last60m = stats?.scamLast60m ?? summary?.scam.lastHour ?? null;
  const at = stats?.at ?? summary?.generatedAt ?? null;
  const statusText = { live: t.live, connecting: t.connecting, reconnecting: t.reconnecting, offline: t.offline }[status];

  return (
    <div class="live">
      <p class={`live-badge live-${status}`} data-testid="live-status" data-status={status}>
        <span class="live-dot" aria-hidden="true" />
        <span>{statusText}</span>
        {at !== null ? <span class="live-at">{t.updatedAt(fmtTime(at))}</span> : null}
      </p>
      <dl class="counters">
        <Counter label={t.today} hint={t.todayHint} value={today} testId="live-today" big />
        <Counter label={t.last24h} value={last24h} testId="live-24h" />
        <Counter label={t.last60m} value={last60m} testId="live-60m" />
      </dl>
    </div>
  );
}
