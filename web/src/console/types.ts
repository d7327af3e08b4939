// Response shapes of the console API (docs/monitor.md and the existing route files). Times are epoch ms.

export interface Principal {
  memberName: string;
  /** member, analyst, police or admin. */
  role: string;
  keyId: string;
}

export interface IndicatorRef {
  kind: string;
  value: string;
}

export interface CampaignStat {
  id: string;
  status: string;
  brand: string | null;
  family: string | null;
  category: string;
  firstSeen: number;
  lastSeen: number;
  reports: number;
  messages: number;
  sparkline: number[];
  growth: number | null;
  isNew: boolean;
  indicators: IndicatorRef[];
  /** Analysts only; absent or empty for members. */
  samples?: string[];
}

export interface CampaignStats {
  days: string[];
  campaigns: CampaignStat[];
}

export interface IndicatorVerdict {
  /** bad or good (allow-listed). */
  verdict: string;
  confidence: number;
  source: string;
}

/** GET /v1/campaigns/:id. The campaign row comes from the store (snake_case); camelCase is accepted too. */
export interface CampaignDetailResponse {
  campaign: Record<string, unknown> & { id: string };
  timeline: { day: string; reports: number }[];
  indicators: (IndicatorRef & { indicator: IndicatorVerdict | null })[];
  samples: { messageId: string; body: string; reports: number; firstSeen: number }[];
}

export interface CaseReason {
  code: string;
  weight: number;
  detail: string;
}

export interface CaseEvidence {
  firstAt: number;
  lastAt: number;
  messages: number;
  flagged: number;
  blocked: number;
  warned: number;
  flaggedTotal: number;
  distinctRecipients: number;
  baselinePerHour: number;
  peakPerHour: number;
  fingerprints: string[];
  campaignIds: string[];
  brands: string[];
  score: number;
  reasons: CaseReason[];
}

export interface DeviceCase {
  id: string;
  lineKey: string;
  family: string | null;
  state: 'open' | 'closed';
  openedAt: number;
  updatedAt: number;
  lastActivityAt: number;
  closedAt: number | null;
  closeReason: string | null;
  evidence: CaseEvidence;
}

export interface Notice {
  id: string;
  caseId: string;
  noticeNo: number;
  /** email, sms or letter. */
  channel: string;
  /** sending, sent, failed or skipped. */
  status: string;
  reason: string | null;
  flaggedAtNotice: number;
  attempts: number;
  createdAt: number;
  attemptedAt: number;
  retryAt: number | null;
  sentAt: number | null;
  followedUpAt: number | null;
  followUp: string | null;
}

export interface ConsentState {
  lineKey: string;
  status: 'covered' | 'opted_out';
  source: string;
  changedAt: number | null;
  changedBy: string | null;
}

export interface ConsentHistory {
  lineKey: string;
  current: ConsentState;
  changes: { id: string; status: string; previousStatus: string; changedAt: number; changedBy: string; source: string }[];
}

export interface ReportStats {
  days: string[];
  totals: number[];
  series: { key: string; counts: number[] }[];
}

export interface Peer {
  name: string;
  url: string;
  collection: string;
  everySeconds: number;
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  lastImported: number | null;
  cursor: string | null;
}
