// An infected-handset case: what the detector concluded about one sending line, with the evidence an analyst can
// check. Never holds a message body or a subscriber number: the line is its keyed-HMAC pseudonym (the same
// pseudonym the SMS verdict events carry as senderKey), resolved to a contract only by the notifier, audited.

export type CaseState = 'open' | 'closed';

export interface CaseReason {
  /** Stable machine code (docs/devices.md). */
  code: string;
  /** Log-odds contribution. */
  weight: number;
  detail: string;
}

export interface CaseEvidence {
  /** First and last flagged message in the evidence, ms since epoch. */
  firstAt: number;
  lastAt: number;
  /** Messages the line sent in the scoring window (the last hour), and how many the filter blocked or warned on. */
  messages: number;
  flagged: number;
  /** Of the line's filtered messages since its record began, how many were blocked and how many warned on. */
  blocked: number;
  warned: number;
  /** Flagged messages since the case opened (grows while the line keeps sending). */
  flaggedTotal: number;
  /** Estimated distinct recipients in the window. */
  distinctRecipients: number;
  /** The line's usual messages per hour before the burst, and the peak hour seen. */
  baselinePerHour: number;
  peakPerHour: number;
  /** Up to five message fingerprints (no bodies) and the campaigns they belong to, where known. */
  fingerprints: string[];
  campaignIds: string[];
  brands: string[];
  /** 0–1, with the reasons that make it up. */
  score: number;
  reasons: CaseReason[];
}

export interface DeviceCase {
  id: string;
  /** Pseudonym of the sending line (p1:…). */
  lineKey: string;
  /** Malware family the evidence points to (moqhao, keepspy, …) or null. */
  family: string | null;
  state: CaseState;
  openedAt: number;
  updatedAt: number;
  /** Last flagged message from the line, ms since epoch: what the follow-up check reads. */
  lastActivityAt: number;
  closedAt: number | null;
  /** Why it closed: `sending_stopped` (no flagged traffic for the quiet period) or `analyst`. */
  closeReason: string | null;
  evidence: CaseEvidence;
}
