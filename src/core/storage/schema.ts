// The Kysely view of every table mamoru stores. Written once for both stores, so only types both SQLite and
// PostgreSQL hold the same way appear here: times are integer milliseconds since the Unix epoch (PostgreSQL
// `bigint`, returned as JS numbers by the postgres adapter), and JSON values are stored as text and parsed by
// the repository that owns the column (see `toJsonText` / `fromJsonText`).

import type { Generated } from 'kysely';

/** Key/value pairs the platform keeps about itself (e.g. when the index was last rebuilt). */
export interface MetaTable {
  key: string;
  value: string;
}

/** One threat-intelligence indicator; `(kind, value)` is unique, `value` is normalised for its kind. */
export interface IndicatorsTable {
  id: string;
  kind: string;
  value: string;
  verdict: 'bad' | 'good';
  source: string;
  /** 0–1. */
  confidence: number;
  /** ms since epoch. */
  first_seen: number;
  /** ms since epoch. */
  last_seen: number;
  /** ms since epoch; null = never expires. */
  expires_at: number | null;
  brand: string | null;
  family: string | null;
  note: string | null;
  /** ms since epoch; indexed so changes can be pulled incrementally. */
  updated_at: number;
}

/** A brand that smishing impersonates (bank, carrier, delivery company …). */
export interface BrandsTable {
  id: string;
  name: string;
  category: string;
  /** JSON object as text: domains, keywords, aliases. */
  data: string;
  updated_at: number;
}

export type SenderType = 'common' | 'alphanumeric' | 'phone' | 'shortcode';
export type SenderVetting = 'vetted' | 'pending' | 'revoked';

/** The sender registry: who may send as which sender. */
export interface SendersTable {
  id: string;
  /** Normalised: 0005 digits, E.164, or an upper-case alphanumeric sender id. Unique. */
  sender: string;
  sender_type: SenderType;
  brand_id: string | null;
  owner: string;
  vetting: SenderVetting;
  /** JSON array of domains as text. */
  official_domains: string;
  created_at: number;
  updated_at: number;
}

/** Who read or changed what, when and why (DESIGN §4, secrecy of communications). */
export interface AuditLogTable {
  id: string;
  /** ms since epoch; indexed. */
  at: number;
  actor: string;
  action: string;
  target: string;
  purpose: string;
  /** JSON object as text, or null. */
  details: string | null;
}

/** A member of the sharing community: a carrier, MVNO, aggregator, police unit, vendor or the hub itself. */
export interface MembersTable {
  id: string;
  /** Unique, human-readable. */
  name: string;
  kind: string;
  created_at: number;
}

/** An API key of a member: only its SHA-256 hash is stored. */
export interface ApiKeysTable {
  id: string;
  member_id: string;
  /** Hex SHA-256 of the whole key. */
  key_hash: string;
  /** The key's public prefix, to tell keys apart in listings and logs. */
  prefix: string;
  role: string;
  label: string | null;
  created_at: number;
  /** ms since epoch; null while the key is valid. */
  revoked_at: number | null;
}

/** One distinct reported message; `text_hash` is the SHA-256 of its normalised text. */
export interface ReportMessagesTable {
  id: string;
  text_hash: string;
  /** Template fingerprint (tf1:…), shared by variants. */
  fingerprint: string;
  /** The reported scam text (voluntarily forwarded evidence). */
  body: string;
  category: string;
  score: number;
  brand: string | null;
  family: string | null;
  first_seen: number;
  last_seen: number;
  report_count: number;
  /** The campaign the message was clustered into; null until clustered. */
  campaign_id: string | null;
}

/** One report of a message by one reporter through one member (operator). */
export interface ReportsTable {
  id: string;
  /** Given to the reporter, e.g. R-…. */
  reference: string;
  message_id: string;
  /** The member (operator, police, vendor) the report came through. */
  member_id: string;
  channel: string;
  /** Keyed-HMAC pseudonym of the reporter's number; never the number. */
  reporter: string | null;
  /** The scam message's sender, normalised (an indicator, not a subscriber). */
  sender: string | null;
  received_at: number | null;
  reported_at: number;
}

/** One independent reporter's evidence for one indicator derived from reports. */
export interface IndicatorEvidenceTable {
  kind: string;
  value: string;
  /** Reporter pseudonym, or `m:<member id>` for a report that came without one. */
  reporter_key: string;
  member_id: string;
  first_seen: number;
  last_seen: number;
  reports: number;
  /** Highest verdict score of the messages behind this evidence. */
  max_score: number;
}

/** A campaign: reported messages that belong together. */
export interface CampaignsTable {
  id: string;
  brand: string | null;
  family: string | null;
  category: string;
  first_seen: number;
  last_seen: number;
  message_count: number;
  report_count: number;
  /** Set when this campaign was merged into another (its keys point there now). */
  merged_into: string | null;
  /** MinHash signature of its first message's template (hex), to verify near-duplicate candidates. */
  signature: string;
  /** The analyst's decision: new (none yet), confirmed (a scam: its texts may reach the public gallery) or rejected. */
  status: Generated<string>;
  decided_at: number | null;
  decided_by: string | null;
  decision_note: string | null;
}

/** A clustering key (fp:…, sim:…, dom:…, snd:…) and the campaign that owns it. */
export interface CampaignKeysTable {
  key: string;
  campaign_id: string;
}

/** The subscriber directory: one row per line, keyed by the line's pseudonym. The only table holding identity data
 * of subscribers; read through the audited SubscriberDirectory. */
export interface SubscribersTable {
  /** Keyed-HMAC pseudonym of the E.164 number (the senderKey of SMS verdict events). */
  line_key: string;
  /** E.164, e.g. +819012345678. */
  line: string;
  contract_id: string;
  name: string;
  email: string | null;
  postal_code: string | null;
  address: string | null;
  /** Preferred notice channel; null = the default order. */
  channel: 'email' | 'sms' | 'letter' | null;
  updated_at: number;
}

export type ConsentStatus = 'covered' | 'opted_out';
export type ConsentSource = 'terms' | 'api' | 'page' | 'import';

/** Consent to infected-handset warnings; no row = covered by the terms of service. */
export interface ConsentTable {
  line_key: string;
  status: ConsentStatus;
  changed_at: number;
  changed_by: string;
  source: ConsentSource;
}

/** Append-only history of consent changes. */
export interface ConsentHistoryTable {
  id: string;
  line_key: string;
  status: ConsentStatus;
  previous_status: ConsentStatus;
  changed_at: number;
  changed_by: string;
  source: ConsentSource;
}

/** One infected-handset notice to a line; (line_key, notice_no) is unique. Holds no message content. */
export interface DeviceNoticesTable {
  id: string;
  case_id: string;
  line_key: string;
  /** 1, 2, … per line. */
  notice_no: number;
  channel: 'email' | 'sms' | 'letter';
  status: 'sending' | 'sent' | 'failed' | 'skipped';
  /** Why it failed or was skipped (an error code, never a contact detail). */
  reason: string | null;
  /** The case's flaggedTotal when the notice was claimed: the base of the evidence-growth rule. */
  flagged_at_notice: number;
  /** JSON object as text: the counts and times the notice states. */
  facts: string;
  attempts: number;
  created_at: number;
  /** Start of the latest delivery attempt. */
  attempted_at: number;
  /** When a failed notice is due for another attempt; null = none planned. */
  retry_at: number | null;
  sent_at: number | null;
  followed_up_at: number | null;
  /** 'active' | 'quiet' | 'opted_out', set by the follow-up check. */
  follow_up: string | null;
}

/** The operator queue: a proposed action on a line waiting for a human's decision. */
export interface DeviceActionsTable {
  id: string;
  case_id: string;
  line_key: string;
  notice_id: string | null;
  action: 'sms_send_limit';
  state: 'proposed' | 'approved' | 'rejected';
  reason: string;
  /** JSON object as text (counts and times only). */
  evidence: string;
  created_at: number;
  decided_at: number | null;
  decided_by: string | null;
  note: string | null;
}

/** An infected-handset case (src/devices). `evidence` is the CaseEvidence JSON as text: counts, fingerprints,
 * campaign ids, reasons — never a message body or a number. */
export interface DeviceCasesTable {
  id: string;
  line_key: string;
  family: string | null;
  state: 'open' | 'closed';
  opened_at: number;
  updated_at: number;
  last_activity_at: number;
  closed_at: number | null;
  close_reason: string | null;
  score: number;
  flagged_total: number;
  evidence: string;
  /** 1 until the notifier has handled the latest open/grown change (an outbox), and since when (commit time). */
  notify_pending: number;
  pending_since: number | null;
}

/** The detector's state for one line (base64 of the line-table slot, extras JSON), snapshotted by its worker. */
export interface DeviceLineStateTable {
  line_key: string;
  partition: number;
  state: string;
  extras: string | null;
  updated_at: number;
}

/** The last stream sequence a worker applied per partition, written in the same transaction as the state. */
/** A consumer group's last applied stream position per partition (devices, stats). */
export interface StreamCursorsTable {
  consumer: string;
  partition: number;
  seq: number;
  updated_at: number;
}

/** A roll-up row: events of one dimension value in one time bucket (start of the minute, hour or JST day). */
export interface StatsCountTable {
  bucket: number;
  /** all, scam, brand, family, reports. */
  dim: string;
  /** The dimension's value ('' for all and scam). */
  key: string;
  count: number;
}

/** A HyperLogLog sketch (base64) of distinct values of one dimension in one bucket; unit is hour or day. */
export interface StatsSketchTable {
  unit: string;
  bucket: number;
  dim: string;
  sketch: string;
}

/** A line's SMS filter settings (absent row = the defaults: network filtering on, client layer off). */
export interface FilterSettingsTable {
  line_key: string;
  /** 1 = network-layer blocking applies; 0 = the subscriber opted out. */
  network: number;
  /** 1 = the line has the client layer (the carrier's app): warned messages are quarantined for it. */
  client: number;
  changed_at: number;
  changed_by: string;
}

/** A flagged message kept for its recipient's client app (the only place a delivered-path body is kept). */
export interface QuarantineTable {
  id: string;
  recipient_key: string;
  /** The sender as it arrived (shown to the recipient; an SMS sender is visible to its recipient anyway). */
  sender: string | null;
  body: string;
  /** JSON: action, score, category, brand, family, reason codes. */
  verdict: string;
  /** held | released (waiting in the outbox for the proxy) | delivered | reported | safe */
  state: string;
  received_at: number;
  expires_at: number;
  decided_at: number | null;
}

/** One filtered message: pseudonyms, the decision and why; a body only when blocked or quarantined. */
export interface FirewallDecisionsTable {
  id: string;
  at: number;
  /** submit_sm (mobile-originated towards the SMSC) or deliver_sm (towards the recipient). */
  direction: string;
  /** The bound peer's system_id. */
  peer: string;
  sender_key: string | null;
  recipient_key: string | null;
  /** What the firewall did: forward, reject, drop, quarantine, pass_undecodable, reject_undecodable. */
  action: string;
  verdict_action: string;
  score: number;
  category: string;
  /** JSON array of reason codes. */
  reasons: string;
  fingerprint: string;
  body: string | null;
}

/** A one-time hand-off link to the subscriber's settings page; only the token's SHA-256 is kept. */
export interface PageLinksTable {
  /** Hex SHA-256 of the token. */
  token_hash: string;
  line_key: string;
  /** The member key that asked for it (`<member>/<key id>`). */
  issued_by: string;
  created_at: number;
  expires_at: number;
  /** When the link was used; null while unused. */
  used_at: number | null;
}

/** A subscriber's session on the settings page; only the session id's SHA-256 is kept. */
export interface PageSessionsTable {
  /** Hex SHA-256 of the session id (the cookie's value). */
  id_hash: string;
  line_key: string;
  issued_by: string;
  created_at: number;
  /** Idle expiry, moved forward by each request up to the longest session. */
  expires_at: number;
  /** A confirmation code shown once on the next page view. */
  flash: string | null;
}

export interface Database {
  meta: MetaTable;
  indicators: IndicatorsTable;
  brands: BrandsTable;
  senders: SendersTable;
  audit_log: AuditLogTable;
  members: MembersTable;
  api_keys: ApiKeysTable;
  report_messages: ReportMessagesTable;
  reports: ReportsTable;
  indicator_evidence: IndicatorEvidenceTable;
  campaigns: CampaignsTable;
  campaign_keys: CampaignKeysTable;
  subscribers: SubscribersTable;
  consent: ConsentTable;
  consent_history: ConsentHistoryTable;
  device_notices: DeviceNoticesTable;
  device_actions: DeviceActionsTable;
  device_cases: DeviceCasesTable;
  device_line_state: DeviceLineStateTable;
  stream_cursors: StreamCursorsTable;
  stats_minute: StatsCountTable;
  stats_hour: StatsCountTable;
  stats_day: StatsCountTable;
  stats_sketch: StatsSketchTable;
  filter_settings: FilterSettingsTable;
  quarantine: QuarantineTable;
  firewall_decisions: FirewallDecisionsTable;
  page_links: PageLinksTable;
  page_sessions: PageSessionsTable;
}

/** Serialise a JSON value for a text column. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value);
}

/** Parse a JSON text column; null stays null. */
export function fromJsonText<T>(text: string | null): T | null {
  return text === null ? null : (JSON.parse(text) as T);
}
