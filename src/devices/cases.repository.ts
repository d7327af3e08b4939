// Cases and detector snapshots in the store. A worker writes one transaction per flush: the changed lines'
// state, the cases that opened, grew or closed, and its stream position per partition — so after a crash it
// resumes from a consistent point and re-applies only what came after.
import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../core/index.js';
import type { CaseEvidence, DeviceCase } from './case.js';
import type { CaseChange, LineSnapshot } from './detector/detector.js';

type Db = Kysely<Database> | Transaction<Database>;

/** Rows per multi-row statement: well under both stores' parameter limits. */
const CHUNK = 200;

function toCase(r: Omit<Database['device_cases'], 'notify_pending' | 'pending_since'>): DeviceCase {
  return {
    id: r.id, lineKey: r.line_key, family: r.family, state: r.state, openedAt: Number(r.opened_at), updatedAt: Number(r.updated_at),
    lastActivityAt: Number(r.last_activity_at), closedAt: r.closed_at === null ? null : Number(r.closed_at), closeReason: r.close_reason,
    evidence: JSON.parse(r.evidence) as CaseEvidence,
  };
}

export interface CaseQuery {
  state?: 'open' | 'closed';
  family?: string;
  lineKey?: string;
  limit?: number;
  /** Cases opened before this time (ms), for paging newest first. */
  before?: number;
}

export class CasesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Applies a flush in one transaction. Case ids are deterministic, so a replay after a crash or a second
   * worker on the same partition writes the same rows; an open case is never opened twice for a line. */
  async applyFlush(
    consumer: string,
    lines: Array<{ lineKey: string; partition: number; state: LineSnapshot | null }>,
    changes: CaseChange[],
    cursors: Map<number, number>,
    now: number,
  ): Promise<CaseChange[]> {
    return this.db.transaction().execute(async (trx) => {
      const applied = await this.applyChanges(trx, changes, now);
      const upserts = lines.filter((l) => l.state !== null);
      const deletes = lines.filter((l) => l.state === null).map((l) => l.lineKey);
      for (let i = 0; i < upserts.length; i += CHUNK) {
        await trx
          .insertInto('device_line_state')
          .values(upserts.slice(i, i + CHUNK).map((l) => ({ line_key: l.lineKey, partition: l.partition, state: l.state!.table, extras: l.state!.extras, updated_at: now })))
          .onConflict((oc) => oc.column('line_key').doUpdateSet((eb) => ({
            partition: eb.ref('excluded.partition'), state: eb.ref('excluded.state'), extras: eb.ref('excluded.extras'), updated_at: eb.ref('excluded.updated_at'),
          })))
          .execute();
      }
      for (let i = 0; i < deletes.length; i += CHUNK) {
        await trx.deleteFrom('device_line_state').where('line_key', 'in', deletes.slice(i, i + CHUNK)).execute();
      }
      for (const [partition, seq] of cursors) {
        await trx
          .insertInto('stream_cursors')
          .values({ consumer, partition, seq, updated_at: now })
          .onConflict((oc) => oc.columns(['consumer', 'partition']).doUpdateSet({ seq, updated_at: now }))
          .execute();
      }
      return applied;
    });
  }

  /** Writes case changes; returns those that took effect (an `opened` for a line that already has an open case
   * stored, e.g. by another worker, does not). */
  async applyChanges(db: Db, changes: CaseChange[], now: number): Promise<CaseChange[]> {
    const applied: CaseChange[] = [];
    for (const ch of changes) {
      const c = ch.case;
      const row = {
        family: c.family, state: c.state, updated_at: c.updatedAt, last_activity_at: c.lastActivityAt, closed_at: c.closedAt, close_reason: c.closeReason,
        score: c.evidence.score, flagged_total: c.evidence.flaggedTotal, evidence: JSON.stringify(c.evidence),
        notify_pending: ch.type === 'closed' ? 0 : 1,
        pending_since: ch.type === 'closed' ? null : now,
      };
      if (ch.type === 'opened') {
        const existing = await db.selectFrom('device_cases').select('id').where('line_key', '=', c.lineKey).where('state', '=', 'open').executeTakeFirst();
        if (existing) continue;
        const r = await db.insertInto('device_cases').values({ id: c.id, line_key: c.lineKey, opened_at: c.openedAt, ...row }).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
        if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) applied.push(ch);
      } else {
        const r = await db.updateTable('device_cases').set(row).where('id', '=', c.id).where('state', '=', 'open').executeTakeFirst();
        if (Number(r.numUpdatedRows) > 0) applied.push(ch);
      }
    }
    return applied;
  }

  /** Cases whose latest change the notifier has not handled, committed before `before` (ms). */
  async pendingNotices(before: number, limit = 100): Promise<DeviceCase[]> {
    const rows = await this.db.selectFrom('device_cases').selectAll().where('notify_pending', '=', 1).where('pending_since', '<', before).orderBy('pending_since').limit(limit).execute();
    return rows.map(toCase);
  }

  async noticeHandled(id: string, updatedAt: number): Promise<void> {
    // Only if the case did not change again meanwhile (that change needs its own handling).
    await this.db.updateTable('device_cases').set({ notify_pending: 0 }).where('id', '=', id).where('updated_at', '=', updatedAt).execute();
  }

  /** Last flagged activity stored for the line's cases, leaving out cases an analyst closed (a false case must
   * not lead to a proposed sending limit). */
  async lastActivityOf(lineKey: string): Promise<number | null> {
    const r = await this.db.selectFrom('device_cases').select((eb) => eb.fn.max('last_activity_at').as('t')).where('line_key', '=', lineKey)
      .where((eb) => eb.or([eb('close_reason', 'is', null), eb('close_reason', '!=', 'analyst')])).executeTakeFirst();
    return r?.t === null || r?.t === undefined ? null : Number(r.t);
  }

  async updateActivity(entries: Array<{ id: string; lastActivityAt: number }>): Promise<void> {
    for (const e of entries) {
      await this.db.updateTable('device_cases').set({ last_activity_at: e.lastActivityAt }).where('id', '=', e.id).where('state', '=', 'open').where('last_activity_at', '<', e.lastActivityAt).execute();
    }
  }

  async get(id: string): Promise<DeviceCase | undefined> {
    const r = await this.db.selectFrom('device_cases').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toCase(r) : undefined;
  }

  async list(q: CaseQuery = {}): Promise<DeviceCase[]> {
    let sel = this.db.selectFrom('device_cases').selectAll();
    if (q.state) sel = sel.where('state', '=', q.state);
    if (q.family) sel = sel.where('family', '=', q.family);
    if (q.lineKey) sel = sel.where('line_key', '=', q.lineKey);
    if (q.before !== undefined) sel = sel.where('opened_at', '<', q.before);
    const rows = await sel.orderBy('opened_at', 'desc').orderBy('id').limit(Math.min(q.limit ?? 100, 1000)).execute();
    return rows.map(toCase);
  }

  /** Closes an open case; false when it was not open (already closed, perhaps a moment ago by someone else). */
  async close(id: string, now: number, reason: string): Promise<boolean> {
    const r = await this.db.updateTable('device_cases').set({ state: 'closed', closed_at: now, close_reason: reason, updated_at: now, notify_pending: 0, pending_since: null }).where('id', '=', id).where('state', '=', 'open').executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Of these case ids, those the store holds as closed (by an analyst, while a worker still had them open). */
  async closedAmong(ids: readonly string[]): Promise<string[]> {
    const out: string[] = [];
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await this.db.selectFrom('device_cases').select('id').where('id', 'in', ids.slice(i, i + CHUNK)).where('state', '=', 'closed').execute();
      out.push(...rows.map((r) => r.id));
    }
    return out;
  }

  async loadPartitions(consumer: string, partitions: readonly number[]): Promise<{ lines: Array<{ lineKey: string; state: LineSnapshot }>; cursors: Map<number, number> }> {
    const cursors = new Map<number, number>();
    if (partitions.length === 0) return { lines: [], cursors };
    const rows = await this.db.selectFrom('device_line_state').select(['line_key', 'state', 'extras']).where('partition', 'in', [...partitions]).execute();
    const cur = await this.db.selectFrom('stream_cursors').select(['partition', 'seq']).where('consumer', '=', consumer).where('partition', 'in', [...partitions]).execute();
    for (const c of cur) cursors.set(Number(c.partition), Number(c.seq));
    return { lines: rows.map((r) => ({ lineKey: r.line_key, state: { table: r.state, extras: r.extras } })), cursors };
  }

  /** Campaigns (from the report hub) whose template fingerprint matches, via the campaign key table. */
  async campaignsFor(fingerprints: readonly string[]): Promise<string[]> {
    if (fingerprints.length === 0) return [];
    const rows = await this.db.selectFrom('campaign_keys').select('campaign_id').where('key', 'in', fingerprints.map((f) => `fp:${f}`)).execute();
    return [...new Set(rows.map((r) => r.campaign_id))];
  }
}
