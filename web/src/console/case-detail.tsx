// One infected-handset case: the evidence the detector kept (counts, span, fingerprints, reasons — never a
// message or a number) and the notices sent to the line's owner.
import { seg } from '../shared/api.js';
import { commonText, familyName } from '../shared/common-text.js';
import { fmtDateTime, fmtDuration, fmtNumber } from '../shared/format.js';
import { useLang, useText } from '../shared/i18n.js';
import { Empty } from '../shared/ui.js';
import { href } from './router.js';
import { useApiGet } from './session.js';
import { consoleText } from './strings.js';
import type { DeviceCase, Notice } from './types.js';
import { Loaded, ViewHeading } from './view-state.js';

function Evidence({ c }: { c: DeviceCase }) {
  const lang = useLang();
  const t = useText(consoleText);
  const common = useText(commonText);
  const e = c.evidence;
  const n = (v: number | undefined): string => fmtNumber(v, lang);
  return (
    <section class="card" aria-labelledby="ev-h">
      <h3 id="ev-h">{t.evidence}</h3>
      <dl class="kv">
        <dt>{t.status}</dt>
        <dd>
          {c.state === 'open' ? t.stateOpen : t.stateClosed}
          {c.closeReason ? ` (${t.closeReason}: ${c.closeReason})` : ''}
        </dd>
        <dt>{t.line}</dt>
        <dd>
          <code>{c.lineKey}</code>
        </dd>
        <dt>{t.family}</dt>
        <dd>{familyName(common, c.family)}</dd>
        <dt>{t.span}</dt>
        <dd>
          {fmtDateTime(e.firstAt)} – {fmtDateTime(e.lastAt)} ({fmtDuration(e.lastAt - e.firstAt, lang)})
        </dd>
        <dt>{t.flaggedTotal}</dt>
        <dd>{n(e.flaggedTotal)}</dd>
        <dt>{t.windowMessages}</dt>
        <dd>
          {n(e.messages)} / {n(e.flagged)}
        </dd>
        <dt>{t.blockedWarned}</dt>
        <dd>
          {n(e.blocked)} / {n(e.warned)}
        </dd>
        <dt>{t.recipients}</dt>
        <dd>{n(e.distinctRecipients)}</dd>
        <dt>{t.perHour}</dt>
        <dd>
          {n(e.baselinePerHour)} / {n(e.peakPerHour)}
        </dd>
        <dt>{t.score}</dt>
        <dd>{e.score.toFixed(2)}</dd>
        <dt>{t.brands}</dt>
        <dd>{e.brands.length ? e.brands.join('、') : t.none}</dd>
        <dt>{t.campaigns}</dt>
        <dd>
          {e.campaignIds.length
            ? e.campaignIds.map((id) => (
                <a key={id} href={href.campaign(id)} class="inline-link">
                  <code>{id}</code>
                </a>
              ))
            : t.none}
        </dd>
        <dt>{t.fingerprints}</dt>
        <dd>
          {e.fingerprints.length
            ? e.fingerprints.map((f) => (
                <code key={f} class="fingerprint">
                  {f}
                </code>
              ))
            : t.none}
        </dd>
      </dl>
      <h4>{t.reasons}</h4>
      <div class="table-scroll">
        <table class="data stack">
          <thead>
            <tr>
              <th scope="col">{t.reasonCode}</th>
              <th scope="col" class="num">
                {t.weight}
              </th>
              <th scope="col">{t.detail}</th>
            </tr>
          </thead>
          <tbody>
            {e.reasons.map((r) => (
              <tr key={r.code}>
                <td data-label={t.reasonCode}>
                  <code>{r.code}</code>
                </td>
                <td data-label={t.weight} class="num">{r.weight.toFixed(2)}</td>
                <td data-label={t.detail}>{r.detail}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Notices({ caseId }: { caseId: string }) {
  const lang = useLang();
  const t = useText(consoleText);
  const state = useApiGet<{ notices: Notice[] }>(`/v1/devices/notices?case=${seg(caseId)}`);
  return (
    <section class="card" aria-labelledby="no-h" data-testid="case-notices">
      <h3 id="no-h">{t.noticesTitle}</h3>
      <Loaded state={state}>
        {(d) =>
          d.notices.length === 0 ? (
            <Empty>{t.noticesEmpty}</Empty>
          ) : (
            <div class="table-scroll">
              <table class="data stack">
                <thead>
                  <tr>
                    <th scope="col">{t.noticeNo}</th>
                    <th scope="col">{t.channel}</th>
                    <th scope="col">{t.noticeStatus}</th>
                    <th scope="col">{t.reason}</th>
                    <th scope="col">{t.created}</th>
                    <th scope="col">{t.sent}</th>
                    <th scope="col" class="num">
                      {t.attempts}
                    </th>
                    <th scope="col">{t.followUp}</th>
                  </tr>
                </thead>
                <tbody>
                  {d.notices.map((x) => (
                    <tr key={x.id}>
                      <td data-label={t.noticeNo}>{x.noticeNo}</td>
                      <td data-label={t.channel}>{t.channelNames[x.channel] ?? x.channel}</td>
                      <td data-label={t.noticeStatus} class={`notice-${x.status}`}>{t.noticeStatusNames[x.status] ?? x.status}</td>
                      <td data-label={t.reason}>{x.reason ?? '—'}</td>
                      <td data-label={t.created}>{fmtDateTime(x.createdAt)}</td>
                      <td data-label={t.sent}>{fmtDateTime(x.sentAt)}</td>
                      <td data-label={t.attempts} class="num">{fmtNumber(x.attempts, lang)}</td>
                      <td data-label={t.followUp}>{x.followUp ? `${x.followUp} (${fmtDateTime(x.followedUpAt)})` : '—'}</td>
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

export function CaseDetail({ id }: { id: string }) {
  const t = useText(consoleText);
  const state = useApiGet<{ case: DeviceCase }>(`/v1/devices/cases/${seg(id)}`);
  return (
    <div data-testid="case-detail">
      <p>
        <a href={href.cases}>← {t.back}</a>
      </p>
      <ViewHeading>{t.caseTitle(id)}</ViewHeading>
      <Loaded state={state}>
        {(d) => (
          <div class="detail">
            <Evidence c={d.case} />
            <Notices caseId={d.case.id} />
          </div>
        )}
      </Loaded>
    </div>
  );
}
