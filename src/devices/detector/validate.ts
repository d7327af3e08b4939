// What the detector accepts. Events come from another process over the bus, so they are checked field by field:
// a bad one is counted under its reason and skipped — it can never open a case or lead to a notification.
import type { SmsVerdictV1 } from '../../core/index.js';

export type SkipReason = 'duplicate' | 'invalid' | 'not_a_line' | 'future' | 'stale' | 'late';

const ACTIONS = new Set(['allow', 'warn', 'block']);

/** The event, or why it is skipped. `not_a_line`: not a subscriber's handset (A2P, sender ids, no sender). */
export function checkEvent(p: unknown, now: number, maxFutureSkewMs: number, maxAgeMs: number): SmsVerdictV1 | SkipReason {
  if (typeof p !== 'object' || p === null) return 'invalid';
  const e = p as Partial<SmsVerdictV1>;
  if (typeof e.at !== 'number' || !Number.isFinite(e.at) || e.at <= 0) return 'invalid';
  if (typeof e.action !== 'string' || !ACTIONS.has(e.action)) return 'invalid';
  if (e.senderKey !== null && e.senderKey !== undefined && typeof e.senderKey !== 'string') return 'invalid';
  if (e.recipientKey !== undefined && e.recipientKey !== null && typeof e.recipientKey !== 'string') return 'invalid';
  if (e.family !== undefined && e.family !== null && typeof e.family !== 'string') return 'invalid';
  if (e.brand !== undefined && e.brand !== null && typeof e.brand !== 'string') return 'invalid';
  if (!e.senderKey || e.senderType !== 'phone' || e.route === 'aggregator') return 'not_a_line';
  if (e.at > now + maxFutureSkewMs) return 'future';
  if (e.at < now - maxAgeMs) return 'stale';
  return e as SmsVerdictV1;
}
