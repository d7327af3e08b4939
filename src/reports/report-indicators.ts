// Indicators from reports. Every stored report adds evidence for the observables of its message — the scam
// sender, each link's URL and (where meaningful) registrable domain, and the template fingerprint — keyed by the
// independent reporter. Confidence rises with distinct reporters and distinct members and decays with time:
//
//   base = 0.15 + 0.15·log2(1 + reporters) + 0.15·(members − 1), capped at 0.95
//   confidence = base · (0.5 + 0.5·max verdict score) · 0.5^(days since last report / 30)
//
// so one reporter alone reaches at most 0.30 however often it reports (poisoning), ten reporters at one
// operator about 0.67, and corroboration across operators more. Official senders (in the sender registry) and
// official or allow-listed domains are never derived, nor are domains of shorteners and shared platforms (there
// only the full URL is an indicator). Derived indicators expire 60 days after the last report.
import { sql, type Kysely } from 'kysely';
import type { Clock, Database } from '../core/index.js';
import type { IndicatorInput, IntelService } from '../intel/index.js';
import type { BrandMatcher, SenderRegistry, Verdict } from '../sms/index.js';
import { extractUrls, type ExtractedUrl } from '../text/index.js';
import { chunks } from './reports.repository.js';

export const REPORTS_SOURCE = 'reports';
const HALF_LIFE_DAYS = 30;
const EXPIRY_MS = 60 * 86_400_000;
const DAY_MS = 86_400_000;

export interface ReportEvidence {
  verdict: Verdict;
  body: string;
  sender: string | null;
  reporterKey: string;
  memberId: string;
  at: number;
  /** The message's observables when the caller already has them (see observables()). */
  observables?: ReadonlyArray<{ kind: IndicatorInput['kind']; value: string }>;
}

export function confidenceOf(reporters: number, members: number, maxScore: number, daysSinceLast: number): number {
  const base = Math.min(0.95, 0.15 + 0.15 * Math.log2(1 + reporters) + 0.15 * Math.max(0, members - 1));
  const c = base * (0.5 + 0.5 * Math.min(1, Math.max(0, maxScore))) * 0.5 ** (Math.max(0, daysSinceLast) / HALF_LIFE_DAYS);
  return Math.round(c * 1000) / 1000;
}

export interface ReportIndicatorsDeps {
  db: Kysely<Database>;
  intel: IntelService;
  senders: SenderRegistry;
  brands: BrandMatcher;
  clock: Clock;
}

export class ReportIndicators {
  constructor(private readonly deps: ReportIndicatorsDeps) {}

  /** The observables of one reported message that may become indicators. */
  observables(e: ReportEvidence, urls: readonly ExtractedUrl[] = extractUrls(e.body)): Array<{ kind: IndicatorInput['kind']; value: string }> {
    const out: Array<{ kind: IndicatorInput['kind']; value: string }> = [];
    if (e.sender && !this.deps.senders.get(e.sender)) out.push({ kind: /^[+0-9]/.test(e.sender) ? 'phone' : 'sender_id', value: e.sender });
    for (const u of urls.slice(0, 20)) {
      if (u.isIp) {
        out.push({ kind: 'ip', value: u.host });
        continue;
      }
      if (this.deps.brands.ownerOf(u.host, u.registrableDomain) && !u.userinfo) continue;
      const good = (kind: 'host' | 'domain', v: string | null): boolean => v !== null && this.deps.intel.lookupNormalized(kind, v)?.verdict === 'good';
      if (good('host', u.host) || good('domain', u.registrableDomain)) continue;
      const path = u.path === '/' ? '' : u.path.replace(/\/+$/, '');
      out.push({ kind: 'url', value: `${u.host}${path}` });
      if (!u.registrableDomain || u.isShortener) continue;
      // The attacker's own domain: bare, www., or under a deep sub-domain trick (brand.co.jp.evil.top). A single
      // sub-domain label may be a tenant of a shared platform (xyz.duckdns.org): then only that host.
      const sub = u.subdomain;
      if (sub === '' || sub === 'www' || sub.includes('.')) out.push({ kind: 'domain', value: u.registrableDomain });
      else out.push({ kind: 'host', value: u.host });
    }
    // A template of a few characters is shared by unrelated texts: only substantial ones become indicators.
    if (e.verdict.fingerprint && e.body.length >= 20) out.push({ kind: 'fingerprint', value: e.verdict.fingerprint });
    return out;
  }

  /** Records the evidence of a batch of stored reports and refreshes the affected indicators. */
  async ingest(batch: readonly ReportEvidence[]): Promise<number> {
    // Evidence aggregated in memory first: one upsert row per (indicator, reporter) in the batch.
    const rows = new Map<string, { kind: string; value: string; reporter_key: string; member_id: string; first_seen: number; last_seen: number; reports: number; max_score: number }>();
    const touched = new Map<string, { kind: IndicatorInput['kind']; value: string }>();
    for (const e of batch) {
      for (const o of e.observables ?? this.observables(e)) {
        const ik = `${o.kind}\u0000${o.value}`;
        touched.set(ik, o);
        const rk = `${ik}\u0000${e.reporterKey}`;
        const r = rows.get(rk);
        if (r) {
          r.reports++;
          r.last_seen = Math.max(r.last_seen, e.at);
          r.max_score = Math.max(r.max_score, e.verdict.score);
        } else {
          rows.set(rk, { kind: o.kind, value: o.value, reporter_key: e.reporterKey, member_id: e.memberId, first_seen: e.at, last_seen: e.at, reports: 1, max_score: e.verdict.score });
        }
      }
    }
    if (touched.size === 0) return 0;
    const aggregates = new Map<string, { reporters: number; members: number; score: number; last: number }>();
    await this.deps.db.transaction().execute(async (tx) => {
      for (const chunk of chunks([...rows.values()], 100)) {
        await tx
          .insertInto('indicator_evidence')
          .values(chunk)
          .onConflict((oc) =>
            oc.columns(['kind', 'value', 'reporter_key']).doUpdateSet({
              reports: sql`indicator_evidence.reports + excluded.reports`,
              last_seen: sql`CASE WHEN excluded.last_seen > indicator_evidence.last_seen THEN excluded.last_seen ELSE indicator_evidence.last_seen END`,
              max_score: sql`CASE WHEN excluded.max_score > indicator_evidence.max_score THEN excluded.max_score ELSE indicator_evidence.max_score END`,
            }),
          )
          .execute();
      }
      for (const chunk of chunks([...touched.values()], 100)) {
        const found = await tx
          .selectFrom('indicator_evidence')
          .select([
            'kind', 'value', sql<number>`count(distinct reporter_key)`.as('reporters'), sql<number>`count(distinct member_id)`.as('members'),
            sql<number>`max(max_score)`.as('score'), sql<number>`max(last_seen)`.as('last'),
          ])
          .where((eb) => eb.or(chunk.map((o) => eb.and([eb('kind', '=', o.kind), eb('value', '=', o.value)]))))
          .groupBy(['kind', 'value'])
          .execute();
        for (const f of found) aggregates.set(`${f.kind}\u0000${f.value}`, { reporters: Number(f.reporters), members: Number(f.members), score: Number(f.score), last: Number(f.last) });
      }
    });
    const now = this.deps.clock.now();
    const inputs: IndicatorInput[] = [];
    for (const [ik, o] of touched) {
      const agg = aggregates.get(ik);
      if (!agg) continue;
      // An analyst's decision stands: a rejected (allow-listed) or confirmed indicator is not overwritten.
      const current = this.deps.intel.lookupNormalized(o.kind, o.value);
      if (current && (current.verdict === 'good' || current.source !== REPORTS_SOURCE)) continue;
      inputs.push({
        kind: o.kind, value: o.value, verdict: 'bad', source: REPORTS_SOURCE,
        confidence: confidenceOf(agg.reporters, agg.members, agg.score, (now - agg.last) / DAY_MS),
        seenAt: agg.last, expiresAt: agg.last + EXPIRY_MS, note: `${agg.reporters} independent reporter(s) at ${agg.members} member(s)`,
      });
    }
    if (inputs.length > 0) await this.deps.intel.upsert(inputs);
    return inputs.length;
  }

  /**
   * Applies time decay to every report-derived indicator (run on a schedule: confidence otherwise only moves
   * when new evidence arrives). Only indicators whose confidence moved by 0.05 or more are rewritten; an
   * analyst's decision or another source is left alone. Returns how many changed.
   */
  async refreshDecay(): Promise<number> {
    const now = this.deps.clock.now();
    const rows = await this.deps.db
      .selectFrom('indicator_evidence')
      .select([
        'kind', 'value', sql<number>`count(distinct reporter_key)`.as('reporters'), sql<number>`count(distinct member_id)`.as('members'),
        sql<number>`max(max_score)`.as('score'), sql<number>`max(last_seen)`.as('last'),
      ])
      .groupBy(['kind', 'value'])
      .execute();
    const inputs: IndicatorInput[] = [];
    for (const r of rows) {
      const kind = r.kind as IndicatorInput['kind'];
      const current = this.deps.intel.lookupNormalized(kind, r.value);
      if (!current || current.verdict !== 'bad' || current.source !== REPORTS_SOURCE) continue;
      const last = Number(r.last);
      const confidence = confidenceOf(Number(r.reporters), Number(r.members), Number(r.score), (now - last) / DAY_MS);
      if (Math.abs(confidence - current.confidence) < 0.05) continue;
      inputs.push({
        kind, value: r.value, verdict: 'bad', source: REPORTS_SOURCE, confidence, seenAt: last, expiresAt: last + EXPIRY_MS,
        note: `${Number(r.reporters)} independent reporter(s) at ${Number(r.members)} member(s); decayed`,
      });
    }
    for (const chunk of chunks(inputs, 1000)) await this.deps.intel.upsert(chunk);
    return inputs.length;
  }
}
