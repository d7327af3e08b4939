// Consent lookup: a line's consent to infected-handset notices and its history (both audited with the stated
// purpose). The number stays in this view's memory; it is not put into the URL or stored.
import { useState } from 'preact/hooks';
import { seg, withQuery } from '../shared/api.js';
import { fmtDateTime } from '../shared/format.js';
import { useText } from '../shared/i18n.js';
import { Empty } from '../shared/ui.js';
import { useApiGet } from './session.js';
import { consoleText } from './strings.js';
import type { ConsentHistory, ConsentState } from './types.js';
import { Loaded, ViewHeading } from './view-state.js';

interface Query {
  line: string;
  purpose: string;
}

function StatusText({ status }: { status: string }) {
  const t = useText(consoleText);
  return <span class={status === 'opted_out' ? 'consent-out' : 'consent-in'}>{status === 'opted_out' ? t.consentOptedOut : status === 'covered' ? t.consentCovered : status}</span>;
}

function Result({ q, n }: { q: Query; n: number }) {
  const t = useText(consoleText);
  const base = `/v1/consent/${seg(q.line)}`;
  const state = useApiGet<ConsentState>(withQuery(base, { purpose: q.purpose }), n);
  const history = useApiGet<ConsentHistory>(withQuery(`${base}/history`, { purpose: q.purpose }), n);
  return (
    <div class="detail" data-testid="consent-result">
      <section class="card" aria-labelledby="cs-h">
        <h3 id="cs-h">{t.consentStatus}</h3>
        <Loaded state={state}>
          {(s) => (
            <dl class="kv">
              <dt>{t.line}</dt>
              <dd>
                <code>{s.lineKey}</code>
              </dd>
              <dt>{t.consentStatus}</dt>
              <dd>
                <StatusText status={s.status} />
              </dd>
              <dt>{t.source}</dt>
              <dd>{s.source === 'terms' ? t.defaultTerms : s.source}</dd>
              <dt>{t.changedAt}</dt>
              <dd>{fmtDateTime(s.changedAt)}</dd>
              <dt>{t.changedBy}</dt>
              <dd>{s.changedBy ?? '—'}</dd>
            </dl>
          )}
        </Loaded>
      </section>
      <section class="card" aria-labelledby="ch-h">
        <h3 id="ch-h">{t.historyTitle}</h3>
        <Loaded state={history}>
          {(h) =>
            h.changes.length === 0 ? (
              <Empty>{t.historyEmpty}</Empty>
            ) : (
              <div class="table-scroll">
                <table class="data stack">
                  <thead>
                    <tr>
                      <th scope="col">{t.changedAt}</th>
                      <th scope="col">{t.previous}</th>
                      <th scope="col">{t.consentStatus}</th>
                      <th scope="col">{t.source}</th>
                      <th scope="col">{t.changedBy}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {h.changes.map((c) => (
                      <tr key={c.id}>
                        <td data-label={t.changedAt}>{fmtDateTime(c.changedAt)}</td>
                        <td data-label={t.previous}>
                          <StatusText status={c.previousStatus} />
                        </td>
                        <td data-label={t.consentStatus}>
                          <StatusText status={c.status} />
                        </td>
                        <td data-label={t.source}>{c.source}</td>
                        <td data-label={t.changedBy}>{c.changedBy}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Loaded>
      </section>
    </div>
  );
}

export function Consent() {
  const t = useText(consoleText);
  const [line, setLine] = useState('');
  const [purpose, setPurpose] = useState(t.purposeDefault);
  const [problem, setProblem] = useState<string | null>(null);
  const [query, setQuery] = useState<Query | null>(null);
  const [n, setN] = useState(0);

  const submit = (e: Event): void => {
    e.preventDefault();
    if (line.trim() === '') return setProblem(t.lineMissing);
    if (purpose.trim().length < 3) return setProblem(t.purposeMissing);
    setProblem(null);
    setQuery({ line: line.trim(), purpose: purpose.trim() });
    setN((x) => x + 1);
  };

  return (
    <div>
      <ViewHeading>{t.consentTitle}</ViewHeading>
      <p class="view-lead">{t.consentLead}</p>
      <form class="card form-grid" onSubmit={submit} noValidate>
        <label class="field">
          <span>{t.lineLabel}</span>
          <input type="tel" inputMode="tel" autoComplete="off" maxLength={40} placeholder={t.lineHint} value={line} onInput={(e) => setLine(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>{t.purposeLabel}</span>
          <input type="text" maxLength={200} value={purpose} onInput={(e) => setPurpose(e.currentTarget.value)} />
        </label>
        <div class="button-row">
          <button type="submit" class="btn btn-primary">
            {t.lookup}
          </button>
        </div>
        {problem ? (
          <p class="form-error" role="alert">
            {problem}
          </p>
        ) : null}
      </form>
      {query ? <Result key={`${query.line}|${query.purpose}`} q={query} n={n} /> : null}
    </div>
  );
}
