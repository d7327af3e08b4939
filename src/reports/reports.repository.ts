// Store access for reports: messages de-duplicated by text hash (an upsert that both stores run the same way),
// reports appended. A batch is one transaction, so a receipt is only issued for what was committed.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../core/index.js';

export interface MessageRow {
  id: string;
  textHash: string;
  fingerprint: string;
  body: string;
  category: string;
  score: number;
  brand: string | null;
  family: string | null;
  seenAt: number;
}

export interface ReportRow {
  id: string;
  reference: string;
  memberId: string;
  channel: string;
  reporter: string | null;
  sender: string | null;
  receivedAt: number | null;
  reportedAt: number;
}

export interface StoredReport {
  reference: string;
  messageId: string;
  memberId: string;
  channel: string;
  reporter: string | null;
  sender: string | null;
  receivedAt: number | null;
  reportedAt: number;
  body: string;
  category: string;
  score: number;
  brand: string | null;
  family: string | null;
  fingerprint: string;
  reportCount: number;
}

export interface ReportQuery {
  /** Only this member's reports (isolation for members). */
  memberId?: string;
  sender?: string;
  brand?: string;
  family?: string;
  fingerprint?: string;
  /** Messages of campaigns that use this attacker domain or platform host. */
  domain?: string;
  since?: number;
  until?: number;
  limit: number;
}

/** Splits a list into pieces of at most `size`, to keep multi-row statements under the bind-parameter limits. */
export function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

export class ReportsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Stores each (message, report) pair in one transaction; returns, per pair, the message id and whether the
   * message was already known (stored earlier, or earlier in this batch). Statements are multi-row: a batch of
   * 500 reports is a handful of statements, not a thousand.
   */
  async store(items: Array<{ message: MessageRow; report: ReportRow }>): Promise<Array<{ messageId: string; duplicate: boolean }>> {
    return this.db.transaction().execute(async (tx) => {
      // One upsert row per distinct text in the batch, carrying how many reports it gets.
      const byHash = new Map<string, { m: MessageRow; count: number }>();
      for (const { message } of items) {
        const e = byHash.get(message.textHash);
        if (e) e.count++;
        else byHash.set(message.textHash, { m: message, count: 1 });
      }
      const idByHash = new Map<string, string>();
      for (const chunk of chunks([...byHash.values()], 200)) {
        const rows = await tx
          .insertInto('report_messages')
          .values(chunk.map(({ m, count }) => ({
            id: m.id, text_hash: m.textHash, fingerprint: m.fingerprint, body: m.body, category: m.category, score: m.score,
            brand: m.brand, family: m.family, first_seen: m.seenAt, last_seen: m.seenAt, report_count: count,
          })))
          .onConflict((oc) =>
            oc.column('text_hash').doUpdateSet({
              report_count: sql`report_messages.report_count + excluded.report_count`,
              // CASE rather than max()/greatest(): the one form both stores accept.
              last_seen: sql`CASE WHEN excluded.last_seen > report_messages.last_seen THEN excluded.last_seen ELSE report_messages.last_seen END`,
            }),
          )
          .returning(['id', 'text_hash'])
          .execute();
        for (const r of rows) idByHash.set(r.text_hash, r.id);
      }
      const seen = new Set<string>();
      const out = items.map(({ message }) => {
        const messageId = idByHash.get(message.textHash)!;
        const duplicate = messageId !== message.id || seen.has(message.textHash);
        seen.add(message.textHash);
        return { messageId, duplicate };
      });
      for (const chunk of chunks(items.map((it, i) => ({ ...it, messageId: out[i]!.messageId })), 200)) {
        await tx
          .insertInto('reports')
          .values(chunk.map(({ report, messageId }) => ({
            id: report.id, reference: report.reference, message_id: messageId, member_id: report.memberId, channel: report.channel,
            reporter: report.reporter, sender: report.sender, received_at: report.receivedAt, reported_at: report.reportedAt,
          })))
          .execute();
      }
      return out;
    });
  }

  async find(q: ReportQuery): Promise<StoredReport[]> {
    let query = this.db
      .selectFrom('reports')
      .innerJoin('report_messages', 'report_messages.id', 'reports.message_id')
      .select([
        'reports.reference', 'reports.message_id', 'reports.member_id', 'reports.channel', 'reports.reporter', 'reports.sender',
        'reports.received_at', 'reports.reported_at', 'report_messages.body', 'report_messages.category', 'report_messages.score',
        'report_messages.brand', 'report_messages.family', 'report_messages.fingerprint', 'report_messages.report_count',
      ])
      .orderBy('reports.reported_at', 'desc')
      .orderBy('reports.id', 'desc')
      .limit(q.limit);
    if (q.memberId) query = query.where('reports.member_id', '=', q.memberId);
    if (q.sender) query = query.where('reports.sender', '=', q.sender);
    if (q.brand) query = query.where('report_messages.brand', '=', q.brand);
    if (q.family) query = query.where('report_messages.family', '=', q.family);
    if (q.fingerprint) query = query.where('report_messages.fingerprint', '=', q.fingerprint);
    if (q.domain) {
      const d = q.domain.toLowerCase();
      query = query.where('report_messages.campaign_id', 'in', this.db.selectFrom('campaign_keys').select('campaign_id').where('key', 'in', [`dom:${d}`, `host:${d}`]));
    }
    if (q.since !== undefined) query = query.where('reports.reported_at', '>=', q.since);
    if (q.until !== undefined) query = query.where('reports.reported_at', '<', q.until);
    const rows = await query.execute();
    return rows.map((r) => ({
      reference: r.reference, messageId: r.message_id, memberId: r.member_id, channel: r.channel, reporter: r.reporter, sender: r.sender,
      receivedAt: r.received_at === null ? null : Number(r.received_at), reportedAt: Number(r.reported_at), body: r.body, category: r.category,
      score: r.score, brand: r.brand, family: r.family, fingerprint: r.fingerprint, reportCount: Number(r.report_count),
    }));
  }
}
