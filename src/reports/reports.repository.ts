// Store access for reports: messages de-duplicated by text hash (an upsert that both stores run the same way),
// reports appended. A batch is one transaction, so a receipt is only issued for what was committed.
import { sql, type Kysely, type Transaction } from 'kysely';
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
  since?: number;
  until?: number;
  limit: number;
}

export class ReportsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores each (message, report) pair in one transaction; returns the message id and whether it was new. */
  async store(items: Array<{ message: MessageRow; report: ReportRow }>): Promise<Array<{ messageId: string; duplicate: boolean }>> {
    return this.db.transaction().execute(async (tx) => {
      const out: Array<{ messageId: string; duplicate: boolean }> = [];
      for (const { message, report } of items) {
        const messageId = await this.upsertMessage(tx, message);
        out.push({ messageId, duplicate: messageId !== message.id });
        await tx
          .insertInto('reports')
          .values({
            id: report.id, reference: report.reference, message_id: messageId, member_id: report.memberId, channel: report.channel,
            reporter: report.reporter, sender: report.sender, received_at: report.receivedAt, reported_at: report.reportedAt,
          })
          .execute();
      }
      return out;
    });
  }

  private async upsertMessage(tx: Transaction<Database>, m: MessageRow): Promise<string> {
    const row = await tx
      .insertInto('report_messages')
      .values({
        id: m.id, text_hash: m.textHash, fingerprint: m.fingerprint, body: m.body, category: m.category, score: m.score,
        brand: m.brand, family: m.family, first_seen: m.seenAt, last_seen: m.seenAt, report_count: 1,
      })
      .onConflict((oc) =>
        oc.column('text_hash').doUpdateSet({
          report_count: sql`report_messages.report_count + 1`,
          // CASE rather than max()/greatest(): the one form both stores accept.
          last_seen: sql`CASE WHEN excluded.last_seen > report_messages.last_seen THEN excluded.last_seen ELSE report_messages.last_seen END`,
        }),
      )
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
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
