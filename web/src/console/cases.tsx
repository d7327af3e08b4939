// Infected-handset cases (analysts): the open (or closed) cases, newest first, each linking to its evidence.
import { useState } from 'preact/hooks';
import { commonText, familyName } from '../shared/common-text.js';
import { fmtDateTime, fmtNumber } from '../shared/format.js';
import { useLang, useText } from '../shared/i18n.js';
import { Empty } from '../shared/ui.js';
import { href } from './router.js';
import { useApiGet } from './session.js';
import { consoleText } from './strings.js';
import type { DeviceCase } from './types.js';
import { Loaded, ViewHeading } from './view-state.js';

export function Cases() {
  const lang = useLang();
  const t = useText(consoleText);
  const common = useText(commonText);
  const [state, setState] = useState<'open' | 'closed'>('open');
  const cases = useApiGet<{ cases: DeviceCase[] }>(`/v1/devices/cases?state=${state}&limit=200`);

  return (
    <div>
      <ViewHeading>{t.casesTitle}</ViewHeading>
      <p class="view-lead">{t.casesLead}</p>
      <div class="segmented" role="group" aria-label={t.stateFilter}>
        {(['open', 'closed'] as const).map((s) => (
          <button type="button" key={s} class="seg-btn" aria-pressed={state === s} onClick={() => setState(s)}>
            {s === 'open' ? t.stateOpen : t.stateClosed}
          </button>
        ))}
      </div>
      <Loaded state={cases}>
        {(d) =>
          d.cases.length === 0 ? (
            <Empty>{t.casesEmpty}</Empty>
          ) : (
            <div class="table-scroll">
              <table class="data stack" data-testid="cases-table">
                <thead>
                  <tr>
                    <th scope="col">{t.caseId}</th>
                    <th scope="col">{t.family}</th>
                    <th scope="col">{t.opened}</th>
                    <th scope="col">{t.lastActivity}</th>
                    <th scope="col" class="num">
                      {t.flaggedTotal}
                    </th>
                    <th scope="col" class="num">
                      {t.recipients}
                    </th>
                    <th scope="col" class="num">
                      {t.score}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.cases.map((c) => (
                    <tr key={c.id} data-testid="case-row">
                      <th scope="row" data-label={t.caseId}>
                        <a href={href.case(c.id)}>
                          <code>{c.id}</code>
                        </a>
                      </th>
                      <td data-label={t.family}>{familyName(common, c.family)}</td>
                      <td data-label={t.opened}>{fmtDateTime(c.openedAt)}</td>
                      <td data-label={t.lastActivity}>{fmtDateTime(c.lastActivityAt)}</td>
                      <td data-label={t.flaggedTotal} class="num">{fmtNumber(c.evidence?.flaggedTotal, lang)}</td>
                      <td data-label={t.recipients} class="num">{fmtNumber(c.evidence?.distinctRecipients, lang)}</td>
                      <td data-label={t.score} class="num">{c.evidence ? c.evidence.score.toFixed(2) : '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </Loaded>
    </div>
  );
}
