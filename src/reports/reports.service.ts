// Report intake: validate, normalise, classify (client policy), de-duplicate, store, then acknowledge with a
// reference. Reporters' numbers become keyed-HMAC pseudonyms before anything is stored; the scam sender (an
// indicator, not a subscriber) is kept normalised.
import { createHash } from 'node:crypto';
import { AppError, newId, silentLogger, type Clock, type Logger, type Pseudonymizer } from '../core/index.js';
import type { VerdictEngine } from '../sms/index.js';
import { classifySender, extractUrls, normalizeText } from '../text/index.js';
import type { CampaignClusterer } from './campaigns/campaigns.js';
import { pathPattern } from './campaigns/path-pattern.js';
import type { ReportIndicators } from './report-indicators.js';
import type { ReportsRepository, StoredReport } from './reports.repository.js';

export type ReportChannel = 'api' | 'web' | '7726' | 'import';

export interface ReportInput {
  /** The reported SMS text. */
  body: string;
  /** The scam message's sender as the reporter gives it. */
  sender?: string | null;
  /** The reporting subscriber's number; pseudonymised at once. */
  reporter?: string | null;
  /** When the scam SMS arrived: ISO 8601 or epoch ms. */
  receivedAt?: string | number | null;
  /** A reference already given to the reporter (the 7726 dialogue does); internal callers only. */
  reference?: string;
}

export interface ReportReceipt {
  reference: string;
  messageId: string;
  /** The same text was reported before: this report was added to it. */
  duplicate: boolean;
  /** The campaign the message belongs to (null if clustering is off or failed). */
  campaignId: string | null;
  category: string;
  score: number;
  brand: string | null;
  family: string | null;
}

export interface ReportsServiceDeps {
  repository: ReportsRepository;
  engine: VerdictEngine;
  clock: Clock;
  pseudonymize: Pseudonymizer;
  /** Longest report body, characters. */
  maxBodyChars: number;
  /** Turns stored reports into indicator evidence; absent = reports are only stored. */
  indicators?: ReportIndicators;
  /** Told about every stored batch after its commit (the monitor's intake roll-up); a failure is only logged. */
  onStored?: (receipts: readonly ReportReceipt[], channel: ReportChannel, at: number) => Promise<void>;
  /** Clusters stored messages into campaigns; absent = no clustering. */
  campaigns?: CampaignClusterer;
  logger?: Logger;
}

const KEY_PREFIX: Record<string, string> = { domain: 'dom', host: 'host', phone: 'snd', sender_id: 'snd' };

/** Campaign keys from a message's observables: attacker domains and hosts, the sender, and the kit's path layout. */
function clusterKeys(observables: ReadonlyArray<{ kind: string; value: string }>): string[] {
  const keys: string[] = [];
  for (const o of observables) {
    if (KEY_PREFIX[o.kind]) keys.push(`${KEY_PREFIX[o.kind]}:${o.value}`);
    if (o.kind === 'url') {
      const slash = o.value.indexOf('/');
      const pattern = slash < 0 ? null : pathPattern(o.value.slice(slash));
      if (pattern) keys.push(`path:${pattern}`);
    }
  }
  return keys;
}

function parseTime(v: ReportInput['receivedAt']): number | null {
  if (v === undefined || v === null) return null;
  const ms = typeof v === 'number' ? v : Date.parse(v);
  return Number.isFinite(ms) && ms >= 0 ? ms : null;
}

export class ReportsService {
  constructor(private readonly deps: ReportsServiceDeps) {}

  /**
   * Stores a batch of reports in one transaction and returns a receipt per report, in order. Every item is
   * validated first: one invalid item refuses the batch (details name it) and nothing is stored.
   */
  async submit(inputs: readonly ReportInput[], ctx: { memberId: string; channel: ReportChannel }): Promise<ReportReceipt[]> {
    const now = this.deps.clock.now();
    const problems: Array<{ index: number; message: string }> = [];
    const prepared = inputs.map((input, index) => {
      const body = typeof input.body === 'string' ? normalizeText(input.body) : '';
      if (body === '') problems.push({ index, message: 'body is empty' });
      else if (input.body.length > this.deps.maxBodyChars) problems.push({ index, message: `body is longer than ${this.deps.maxBodyChars} characters` });
      const sender = input.sender ? classifySender(input.sender) : null;
      if (sender && (sender.type === 'invalid' || sender.normalized === null)) problems.push({ index, message: `sender "${String(input.sender).slice(0, 40)}" is not a number or sender id` });
      return { input, body, sender: sender?.normalized ?? null };
    });
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `${problems.length} invalid report(s): ${problems.slice(0, 5).map((p) => `#${p.index} ${p.message}`).join('; ')}`, problems);

    const items = prepared.map(({ input, body, sender }) => {
      const verdict = this.deps.engine.classify({ body, ...(sender ? { from: sender } : {}) }, 'client');
      const reporter = input.reporter ? this.deps.pseudonymize(classifySender(input.reporter).normalized ?? input.reporter.trim()) : null;
      return {
        verdict,
        message: {
          id: newId(now), textHash: createHash('sha256').update(body).digest('hex'), fingerprint: verdict.fingerprint, body,
          category: verdict.category, score: verdict.score, brand: verdict.brand, family: verdict.family, seenAt: now,
        },
        report: {
          id: newId(now), reference: input.reference ?? `R-${newId(now).slice(-10)}`, memberId: ctx.memberId, channel: ctx.channel, reporter, sender,
          receivedAt: parseTime(input.receivedAt), reportedAt: now,
        },
      };
    });
    const stored = await this.deps.repository.store(items.map(({ message, report }) => ({ message, report })));
    // The reports are committed (the receipts stand); indicator evidence and campaign clustering follow. If they
    // fail, the reports are still there and the failure is logged.
    // Links and observables once per message: evidence and clustering both use them.
    const evidence = items.map(({ verdict, message, report }) => {
      const e = { verdict, body: message.body, sender: report.sender, reporterKey: report.reporter ?? `m:${ctx.memberId}`, memberId: ctx.memberId, at: now };
      const urls = extractUrls(message.body);
      return { ...e, urls, observables: this.deps.indicators?.observables(e, urls) ?? [] };
    });
    let campaignIds: Array<string | null> = items.map(() => null);
    try {
      if (this.deps.indicators) await this.deps.indicators.ingest(evidence);
      if (this.deps.campaigns) {
        campaignIds = await this.deps.campaigns.assign(items.map(({ verdict, message }, i) => ({
          messageId: stored[i]!.messageId, isNew: !stored[i]!.duplicate, body: message.body, links: evidence[i]!.urls.map((u) => u.raw),
          fingerprint: verdict.fingerprint, brand: verdict.brand, family: verdict.family, category: verdict.category, at: now,
          observableKeys: clusterKeys(evidence[i]!.observables),
        })));
      }
    } catch (e) {
      (this.deps.logger ?? silentLogger).error({ err: e }, 'indicator evidence or clustering of reports failed; the reports are stored');
    }
    const receipts = items.map(({ verdict, report }, i) => ({
      reference: report.reference, messageId: stored[i]!.messageId, duplicate: stored[i]!.duplicate, campaignId: campaignIds[i] ?? null,
      category: verdict.category, score: verdict.score, brand: verdict.brand, family: verdict.family,
    }));
    if (this.deps.onStored) {
      await this.deps.onStored(receipts, ctx.channel, now)
        .catch((e: unknown) => (this.deps.logger ?? silentLogger).warn({ err: e }, 'counting stored reports for the statistics failed'));
    }
    return receipts;
  }

  find(q: Parameters<ReportsRepository['find']>[0]): Promise<StoredReport[]> {
    return this.deps.repository.find(q);
  }
}
