// The verdict engine's input and output shapes (the public contract of POST /v1/sms/verdict and the CLI).

export type Route = 'handset' | 'aggregator' | 'international';
export type Action = 'allow' | 'warn' | 'block';
export type Category = 'smishing' | 'scam' | 'recruitment' | 'spam' | 'legit';
export type Family = 'moqhao' | 'keepspy' | 'other';
export type Policy = 'network' | 'client';

export interface SmsInput {
  id?: string;
  /** E.164 number, Japanese national number, 0005 common number, alphanumeric sender id, or absent. */
  from?: string | null;
  to?: string | null;
  body: string;
  route?: Route;
  /** ISO 8601 or epoch ms; used for the family's time-of-day hint. */
  receivedAt?: string | number;
}

export interface Reason {
  /** Stable machine code, documented in docs/verdict-reasons.md. */
  code: string;
  /** Log-odds contribution: positive pushes towards unwanted, negative towards legit. */
  weight: number;
  /** Human-readable explanation with the evidence (matched terms, hosts, numbers). */
  detail: string;
}

/** An observable extracted from the message, with the indicator it matched, if any. */
export interface VerdictIndicator {
  kind: 'phone' | 'url' | 'host' | 'domain' | 'ip' | 'fingerprint' | 'sender_id';
  value: string;
  /** Where it was found. */
  role: 'sender' | 'body' | 'link' | 'message';
  match: { id: string; verdict: 'bad' | 'good'; confidence: number; source: string } | null;
}

export interface Verdict {
  id: string;
  policy: Policy;
  action: Action;
  /** Probability that the message is unwanted (smishing, scam, recruitment or spam), 0–1. */
  score: number;
  category: Category;
  brand: string | null;
  family: Family | null;
  /** Template fingerprint: stable across variants that differ only in links, numbers and digits. */
  fingerprint: string;
  reasons: Reason[];
  indicators: VerdictIndicator[];
}
