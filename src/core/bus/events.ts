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

/** Sender registrations changed (added, edited, vetted, revoked or removed): every process's registry applies it. */
export interface SendersChangedV1 {
  upserted: Array<{
    id: string; sender: string; senderType: 'common' | 'alphanumeric' | 'phone' | 'shortcode'; brandId: string | null; owner: string;
    vetting: 'vetted' | 'pending' | 'revoked'; officialDomains: string[]; createdAt: number; updatedAt: number;
  }>;
  removed: string[];
}

export interface EventMap {
  /** A verdict was produced for one SMS. Key: the sending line (pseudonym or sender), so a partitioned transport keeps one line's events in order. */
  'sms.verdict.v1': SmsVerdictV1;
  /** Indicators were added, changed or removed; every process's in-memory index applies it. */
  'intel.indicators.changed.v1': IndicatorsChangedV1;
  /** The sender registry changed; every process's in-memory registry applies it. */
  'sms.senders.changed.v1': SendersChangedV1;
}

export type Subject = keyof EventMap;

/** Every subject, e.g. for a transport that must declare its streams up front. */
export const SUBJECTS: readonly Subject[] = Object.freeze(['sms.verdict.v1', 'intel.indicators.changed.v1', 'sms.senders.changed.v1'] satisfies Subject[]);
