// One campaign for analysts: facts, reports timeline, sample texts (text only), the decision on the whole
// campaign, then its indicators with their own decisions.
import { useState } from 'preact/hooks';
import { ApiError, seg } from '../shared/api.js';
import { brandName, commonText, familyName } from '../shared/common-text.js';
import { fmtDateTime, fmtNumber } from '../shared/format.js';
import { useLang, useText } from '../shared/i18n.js';
import { Empty } from '../shared/ui.js';
import { StatusBadge } from './campaigns.js';
import { CampaignTimeline } from './campaign-timeline.js';
import { IndicatorTable } from './indicator-table.js';
import { href } from './router.js';
import { useApiGet, useApiPost } from './session.js';
import { consoleText } from './strings.js';
import type { CampaignDetailResponse } from './types.js';
import { Loaded, ViewHeading } from './view-state.js';

/** The stored campaign row is snake_case; accept camelCase too. */
function field(c: Record<string, unknown>, ...names: string[]): unknown {
  for (const n of names) if (c[n] !== undefined && c[n] !== null) return c[n];
  return null;
}
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : null);

interface Decided {
  status: string | null;
  by: string | null;
  at: number | null;
  note: string | null;
}

function Decision({ id, decided, onDone }: { id: string; decided: Decided; onDone: () => void }) {
  const t = useText(consoleText);
  const post = useApiPost();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const decide = async (decision: 'confirmed' | 'rejected'): Promise<void> => {
    if (note.trim().length < 3) {
      setMessage({ ok: false, text: t.decisionNoteMissing });
      return;
    }
    setBusy(true);
    setMessage(null);
    try {
      await post(`/v1/campaigns/${seg(id)}/decision`, { decision, note: note.trim() });
      setMessage({ ok: true, text: t.decided(t.statusNames[decision] ?? decision) });
      setNote('');
      onDone();
    } catch (e) {
      setMessage({ ok: false, text: e instanceof ApiError ? `${e.code}: ${e.message}` : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="decision" onSubmit={(e) => e.preventDefault()}>
      <p>{t.decisionLead}</p>
      {decided.status && decided.at !== null ? (
        <p class="form-note" data-testid="current-decision">
          {t.currentDecision(t.statusNames[decided.status] ?? decided.status, decided.by ?? '—', fmtDateTime(decided.at))}
          {decided.note ? <span class="cell-sub">{decided.note}</span> : null}
        </p>
      ) : null}
      <label class="field">
        <span>{t.decisionNote}</span>
        <textarea rows={3} value={note} maxLength={2000} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      <div class="button-row">
        <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void decide('confirmed')}>
          {t.decideConfirm}
        </button>
        <button type="button" class="btn btn-danger" disabled={busy} onClick={() => void decide('rejected')}>
          {t.decideReject}
        </button>
      </div>
      <p class={message?.ok === false ? 'form-error' : 'form-ok'} role="status" data-testid="decision-result">
        {busy ? t.working : (message?.text ?? '')}
      </p>
    </form>
  );
}

export function CampaignDetail({ id }: { id: string }) {
  const lang = useLang();
  const t = useText(consoleText);
  const common = useText(commonText);
  const [refresh, setRefresh] = useState(0);
  const state = useApiGet<CampaignDetailResponse>(`/v1/campaigns/${seg(id)}`, refresh);

  return (
    <div data-testid="campaign-detail">
      <p>
        <a href={href.campaigns}>← {t.back}</a>
      </p>
      <ViewHeading>{t.detailTitle(id)}</ViewHeading>
      <Loaded state={state}>
        {(d) => {
          const c = d.campaign;
          const status = str(field(c, 'status', 'decision'));
          return (
            <div class="detail">
              <div class="card">
                <p class="detail-tags">
                  <StatusBadge status={status} />
                  <span class="tag">{brandName(common, str(field(c, 'brand')))}</span>
                  <span class="tag">{familyName(common, str(field(c, 'family')))}</span>
                  <span class="tag">{str(field(c, 'category')) ?? '—'}</span>
                </p>
                <dl class="facts">
                  <div>
                    <dt>{t.reports}</dt>
                    <dd>{fmtNumber(num(field(c, 'reports', 'reportCount', 'report_count')), lang)}</dd>
                  </div>
                  <div>
                    <dt>{t.messages}</dt>
                    <dd>{fmtNumber(num(field(c, 'messages', 'messageCount', 'message_count')), lang)}</dd>
                  </div>
                  <div>
                    <dt>{t.firstSeen}</dt>
                    <dd>{fmtDateTime(num(field(c, 'firstSeen', 'first_seen')))}</dd>
                  </div>
                  <div>
                    <dt>{t.lastSeen}</dt>
                    <dd>{fmtDateTime(num(field(c, 'lastSeen', 'last_seen')))}</dd>
                  </div>
                </dl>
              </div>
              <CampaignTimeline timeline={d.timeline} />
              <section class="card" aria-labelledby="sam-h">
                <h3 id="sam-h">{t.samplesTitle}</h3>
                {d.samples.length === 0 ? (
                  <Empty>{t.samplesEmpty}</Empty>
                ) : (
                  <ul class="samples">
                    {d.samples.map((s) => (
                      <li key={s.messageId}>
                        <p class="sample-text">{s.body}</p>
                        <p class="sample-meta">
                          {t.firstSeen} {fmtDateTime(s.firstSeen)} · {t.reports} {fmtNumber(s.reports, lang)}
                        </p>
                      </li>
                    ))}
                  </ul>
                )}
              </section>
              <section class="card" aria-labelledby="dec-h">
                <h3 id="dec-h">{t.decisionTitle}</h3>
                <Decision
                  id={id}
                  decided={{ status, by: str(field(c, 'decidedBy', 'decided_by')), at: num(field(c, 'decidedAt', 'decided_at')), note: str(field(c, 'decisionNote', 'decision_note')) }}
                  onDone={() => setRefresh((n) => n + 1)}
                />
              </section>
              <section class="card" aria-labelledby="ind-h">
                <h3 id="ind-h">{t.indicators}</h3>
                {d.indicators.length > 0 ? <IndicatorTable indicators={d.indicators} /> : <Empty />}
              </section>
            </div>
          );
        }}
      </Loaded>
    </div>
  );
}
