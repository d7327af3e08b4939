// A campaign's indicators with their current verdict, each with confirm / reject (analyst decisions on one
// indicator, audited by the server). One optional note applies to whichever button is pressed. A busy campaign
// has hundreds of indicators: they are filtered by kind and shown a page at a time, domains and hosts first.
import { useMemo, useState } from 'preact/hooks';
import { ApiError, seg } from '../shared/api.js';
import { fmtNumber } from '../shared/format.js';
import { useLang, useText } from '../shared/i18n.js';
import { useApiPost } from './session.js';
import { consoleText } from './strings.js';
import type { CampaignDetailResponse, IndicatorVerdict } from './types.js';

type Row = CampaignDetailResponse['indicators'][number];

const KIND_ORDER = ['domain', 'host', 'url', 'ip', 'phone', 'sender_id', 'fingerprint'];
const PAGE = 50;
const rank = (kind: string): number => {
  const i = KIND_ORDER.indexOf(kind);
  return i < 0 ? KIND_ORDER.length : i;
};

export function IndicatorTable({ indicators }: { indicators: Row[] }) {
  const lang = useLang();
  const t = useText(consoleText);
  const post = useApiPost();
  const [note, setNote] = useState('');
  const [updated, setUpdated] = useState<Record<string, IndicatorVerdict>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [kind, setKind] = useState<string>('all');
  const [shown, setShown] = useState(PAGE);

  const sorted = useMemo(() => [...indicators].sort((a, b) => rank(a.kind) - rank(b.kind)), [indicators]);
  const kinds = useMemo(() => {
    const counts = new Map<string, number>();
    for (const i of sorted) counts.set(i.kind, (counts.get(i.kind) ?? 0) + 1);
    return [...counts];
  }, [sorted]);
  const filtered = kind === 'all' ? sorted : sorted.filter((i) => i.kind === kind);

  const verdictText = (v: IndicatorVerdict | null): string =>
    v === null ? t.verdictNone : `${v.verdict === 'bad' ? t.verdictBad : v.verdict === 'good' ? t.verdictGood : v.verdict} · ${v.confidence.toFixed(2)} · ${v.source}`;

  const act = async (row: Row, action: 'confirm' | 'reject'): Promise<void> => {
    const id = `${row.kind}:${row.value}`;
    setBusy(id);
    setMessage(null);
    try {
      const body = note.trim() ? { note: note.trim() } : {};
      const res = await post<{ indicator: IndicatorVerdict }>(`/v1/indicators/${seg(row.kind)}/${seg(row.value)}/${action}`, body);
      setUpdated((u) => ({ ...u, [id]: res.indicator }));
      setMessage({ ok: true, text: t.indicatorDone(row.kind, row.value, verdictText(res.indicator)) });
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? `${e.code}: ${e.message}` : String(e) });
    } finally {
      setBusy(null);
    }
  };

  return (
    <div class="indicators">
      <label class="field">
        <span>{t.indicatorNoteHint}</span>
        <input type="text" value={note} maxLength={2000} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <div class="segmented" role="group" aria-label={t.kindFilter}>
        {[['all', sorted.length] as const, ...kinds].map(([k, n]) => (
          <button
            type="button"
            key={k}
            class="seg-btn"
            aria-pressed={kind === k}
            onClick={() => {
              setKind(k);
              setShown(PAGE);
            }}
          >
            {k === 'all' ? t.all : k} ({fmtNumber(n, lang)})
          </button>
        ))}
      </div>
      <div class="table-scroll">
        <table class="data stack">
          <thead>
            <tr>
              <th scope="col">{t.kind}</th>
              <th scope="col">{t.value}</th>
              <th scope="col">{t.verdict}</th>
              <th scope="col">{t.actions}</th>
            </tr>
          </thead>
          <tbody>
            {filtered.slice(0, shown).map((row) => {
              const id = `${row.kind}:${row.value}`;
              const current = updated[id] ?? row.indicator;
              return (
                <tr key={id} data-testid="indicator-row">
                  <td data-label={t.kind}>{row.kind}</td>
                  <td data-label={t.value}>
                    <code class="indicator-value">{row.value}</code>
                  </td>
                  <td data-label={t.verdict} class={current?.verdict === 'bad' ? 'verdict-bad' : current?.verdict === 'good' ? 'verdict-good' : ''}>{verdictText(current)}</td>
                  <td data-label={t.actions} class="row-actions">
                    <button type="button" class="btn btn-small" disabled={busy !== null} onClick={() => void act(row, 'confirm')} aria-label={`${t.confirm}: ${row.kind} ${row.value}`}>
                      {t.confirm}
                    </button>
                    <button type="button" class="btn btn-small btn-danger" disabled={busy !== null} onClick={() => void act(row, 'reject')} aria-label={`${t.reject}: ${row.kind} ${row.value}`}>
                      {t.reject}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {filtered.length > shown ? (
        <p>
          <button type="button" class="btn" onClick={() => setShown((n) => n + PAGE)}>
            {t.showMore(fmtNumber(Math.min(PAGE, filtered.length - shown), lang), fmtNumber(filtered.length - shown, lang))}
          </button>
        </p>
      ) : null}
      <p class={message?.ok === false ? 'form-error' : 'form-ok'} role="status">
        {message?.text ?? ''}
      </p>
    </div>
  );
}
