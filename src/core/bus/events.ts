// Every event mamoru publishes: one typed, versioned subject each (CONVENTIONS §9). A payload never changes
// shape in place; a breaking change is a new subject (`….v2`) published alongside the old one until every
// consumer has moved. Payloads are plain JSON data (no Dates, no class instances) so any transport carries them.

/** A verdict for one SMS, as published to other modules. Carries no message body (secrecy of communications):
 * only what the devices, reports and monitor modules need. */
export interface SmsVerdictV1 {
  verdictId: string;
  /** ms since epoch. */
  at: number;
  policy: 'network' | 'client';
  action: 'allow' | 'warn' | 'block';
  /** 0–1. */
  score: number;
  category: string;
  brand: string | null;
  family: string | null;
  /** Message fingerprint (prefix:hex), for campaign clustering without the text. */
  fingerprint: string;
  /** Keyed-HMAC pseudonym of the normalised sender (never the number itself); null when there is none. */
  senderKey: string | null;
  senderType: string;
  /** Keyed-HMAC pseudonym of the recipient (E.164 when it parses as a number), for counting distinct recipients
   * without the numbers. Optional: added after the subject's first release (an additive change, so no new
   * version); absent or null when the message had no recipient. */
  recipientKey?: string | null;
  route: string | null;
  reasonCodes: string[];
  indicatorIds: string[];
}

/** One indicator as the in-memory indexes need it. */
export interface ChangedIndicator {
  id: string;
  kind: string;
  /** Normalised value. */
  value: string;
  verdict: 'bad' | 'good';
  confidence: number;
  /** ms since epoch; null = never expires. */
  expiresAt: number | null;
  source: string;
  brand: string | null;
  family: string | null;
}

export interface IndicatorsChangedV1 {
  upserted: ChangedIndicator[];
  removed: Array<{ kind: string; value: string }>;
}

export interface EventMap {
  /** A verdict was produced for one SMS. Key: the sending line (pseudonym or sender), so a partitioned transport keeps one line's events in order. */
  'sms.verdict.v1': SmsVerdictV1;
  /** Indicators were added, changed or removed; every process's in-memory index applies it. */
  'intel.indicators.changed.v1': IndicatorsChangedV1;
}

export type Subject = keyof EventMap;

/** Every subject, e.g. for a transport that must declare its streams up front. */
export const SUBJECTS: readonly Subject[] = Object.freeze(['sms.verdict.v1', 'intel.indicators.changed.v1'] satisfies Subject[]);
