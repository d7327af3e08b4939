// New and growing campaigns (members and analysts): one row each with its sparkline, brand, family, status,
// reports, first seen, indicators and a sample text (text only).
import { brandName, commonText, familyName } from '../shared/common-text.js';
import { fmtDateTime, fmtNumber } from '../shared/format.js';
import { useLang, useText } from '../shared/i18n.js';
import { Empty } from '../shared/ui.js';
import { href } from './router.js';
import { useApiGet } from './session.js';
import { Sparkline } from './sparkline.js';
import { consoleText } from './strings.js';
import type { CampaignStat, CampaignStats } from './types.js';
import { Loaded, ViewHeading } from './view-state.js';

const DAYS = 14;
const MAX_INDICATORS = 4;
/** Reports in the last 3 days ÷ the 3 before from which a campaign is flagged as growing. */
const GROWING = 1.2;

export function StatusBadge({ status }: { status: string | null | undefined }) {
  const t = useText(consoleText);
  const s = status ?? 'new';
  return <span class={`badge badge-${s.replace(/[^a-z_]/g, '')}`}>{t.statusNames[s] ?? s}</span>;
}

/** A click anywhere on a row opens the campaign, like its link (which keyboard and screen-reader users reach),
 * unless it lands on another control or ends a text selection. */
function openOnClick(to: string) {
  return (e: MouseEvent): void => {
    if ((e.target as Element | null)?.closest('a, button, input, textarea')) return;
    if (window.getSelection()?.toString()) return;
    window.location.hash = to;
  };
}

function Row({ c }: { c: CampaignStat }) {
  const lang = useLang();
  const t = useText(consoleText);
  const common = useText(commonText);
  const sample = c.samples?.[0];
  return (
    <li class="card campaign-row" data-testid="campaign-row" data-campaign={c.id} onClick={openOnClick(href.campaign(c.id))}>
      <div class="campaign-top">
        <Sparkline values={c.sparkline ?? []} />
        <div class="campaign-title">
          <a href={href.campaign(c.id)} class="campaign-link">
            {brandName(common, c.brand)} · {familyName(common, c.family)}
          </a>
          <span class="campaign-id">{c.id}</span>
        </div>
        <div class="campaign-badges">
          <StatusBadge status={c.status} />
          {c.isNew ? <span class="badge badge-newflag">{t.isNew}</span> : null}
          {!c.isNew && c.growth !== null && c.growth >= GROWING ? <span class="badge badge-growth">{t.growth(c.growth.toFixed(1))}</span> : null}
        </div>
      </div>
      <dl class="facts">
        <div>
          <dt>{t.reports}</dt>
          <dd>{fmtNumber(c.reports, lang)}</dd>
        </div>
        <div>
          <dt>{t.messages}</dt>
          <dd>{fmtNumber(c.messages, lang)}</dd>
        </div>
        <div>
          <dt>{t.firstSeen}</dt>
          <dd>{fmtDateTime(c.firstSeen)}</dd>
        </div>
        <div>
          <dt>{t.lastSeen}</dt>
          <dd>{fmtDateTime(c.lastSeen)}</dd>
        </div>
      </dl>
      {c.indicators.length > 0 ? (
        <p class="indicator-list">
          <span class="label">{t.indicators}:</span>{' '}
          {c.indicators.slice(0, MAX_INDICATORS).map((i) => (
            <code key={`${i.kind}:${i.value}`} class="indicator">
              {i.kind}: {i.value}
            </code>
          ))}
          {c.indicators.length > MAX_INDICATORS ? <span class="more">+{c.indicators.length - MAX_INDICATORS}</span> : null}
        </p>
      ) : null}
      {sample ? <p class="sample-text">{sample}</p> : <p class="sample-none">{t.noSample}</p>}
    </li>
  );
}

export function Campaigns() {
  const t = useText(consoleText);
  const state = useApiGet<CampaignStats>(`/v1/stats/campaigns?days=${DAYS}&limit=50`);
  return (
    <div>
      <ViewHeading>{t.campaignsTitle}</ViewHeading>
      <p class="view-lead">{t.campaignsLead(DAYS)}</p>
      <Loaded state={state}>
        {(d) =>
          d.campaigns.length === 0 ? (
            <Empty>{t.campaignsEmpty}</Empty>
          ) : (
            <ul class="campaign-list">
              {d.campaigns.map((c) => (
                <Row key={c.id} c={c} />
              ))}
            </ul>
          )
        }
      </Loaded>
    </div>
  );
}
