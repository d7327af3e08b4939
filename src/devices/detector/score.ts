// How likely a sending line is to be an infected handset, from its own window counts: a sum of log-odds
// contributions, each with a stable reason code an analyst can read (docs/devices.md lists them). Hand-set
// weights, checked against the simulator (docs/quality.md), not fitted to it.
import type { CaseReason } from '../case.js';
import type { WindowCounts } from './line-table.js';

export interface LineFeatures extends WindowCounts {
  /** Flagged messages in the last six hours (slow senders); equals `flagged` for lines without history. */
  flagged6h: number;
  /** The line's usual messages per hour. */
  baselinePerHour: number;
  /** Flagged messages whose verdict named a malware family's lure. */
  familyVotes: number;
  /** Share of the line's filtered messages (since its record began) that were blocked rather than warned on. */
  blockedShare: number;
}

const PRIOR = -7;

export function scoreLine(f: LineFeatures): { score: number; logOdds: number; reasons: CaseReason[] } {
  const reasons: CaseReason[] = [{ code: 'prior', weight: PRIOR, detail: 'infected handsets are rare among sending lines' }];
  const add = (code: string, weight: number, detail: string) => void reasons.push({ code, weight, detail });

  // Volume of filtered messages: the hour, or half the last six hours for a line that sends slowly but long.
  const volume = Math.max(f.flagged, Math.floor(f.flagged6h / 2));
  add('flagged_volume', 0.7 * Math.min(volume, 15),
    f.flagged >= volume ? `${f.flagged} messages blocked or warned on in the last hour` : `${f.flagged6h} messages blocked or warned on in six hours`);

  const share = f.sent > 0 ? f.flagged / f.sent : 0;
  if (share >= 0.6) add('flagged_share_high', 1.5, `${Math.round(share * 100)} % of the line's ${f.sent} messages this hour were filtered`);
  else if (share < 0.25) add('flagged_share_low', -3, `only ${Math.round(share * 100)} % of the line's ${f.sent} messages this hour were filtered: mostly normal traffic`);

  if (f.flagged >= 4) {
    if (f.distinctRecipients >= 8 && f.distinctRecipients >= 0.7 * f.flagged) {
      add('many_recipients', 1, `about ${f.distinctRecipients} distinct recipients this hour`);
    } else if (f.distinctRecipients < 0.4 * f.flagged) {
      add('few_recipients', -2.5, `only about ${f.distinctRecipients} distinct recipients for ${f.flagged} filtered messages: a conversation, not a spread`);
    }
  }

  const usual = Math.max(f.baselinePerHour, 1);
  if (f.sent >= 5 * usual) add('burst_over_baseline', 1, `${f.sent} messages this hour against a usual ${f.baselinePerHour.toFixed(1)} per hour`);
  else if (f.baselinePerHour >= 10 && f.sent < 2 * f.baselinePerHour) {
    add('usual_volume', -2, `a habitual heavy sender (${f.baselinePerHour.toFixed(1)} per hour usually) at its usual volume`);
  }

  if (f.flagged > 0 && f.familyVotes * 2 >= f.flagged) add('family_lure', 1, 'the filtered messages carry a known malware family\'s lure');
  if (f.flagged > 0 && f.blockedShare >= 0.5) add('mostly_blocked', 0.5, `${Math.round(f.blockedShare * 100)} % of the filtered messages were blocked outright`);

  const logOdds = reasons.reduce((s, r) => s + r.weight, 0);
  return { score: 1 / (1 + Math.exp(-logOdds)), logOdds, reasons };
}
