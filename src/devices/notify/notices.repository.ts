// Storage of notices (device_notices) and of the operator queue (device_actions), written once for SQLite and
// PostgreSQL. Every state change that two workers could race on is a conditional write: the claim of a notice is
// an insert guarded by UNIQUE(line_key, notice_no), a retry is an update guarded by the row's previous state, a
// proposed action is an insert guarded by the one-proposed-action-per-case index.
import type { Kysely } from 'kysely';
import { fromJsonText, isUniqueViolation, toJsonText, type Database, type DeviceActionsTable, type DeviceNoticesTable } from '../../core/index.js';
import type { NoticeChannelName, NoticeFacts } from './channel.js';

export type NoticeStatus = DeviceNoticesTable['status'];
export type ActionState = DeviceActionsTable['state'];

export interface StoredNotice {
  id: string;
  caseId: string;
  lineKey: string;
  noticeNo: number;
  channel: NoticeChannelName;
  status: NoticeStatus;
  reason: string | null;
  flaggedAtNotice: number;
  facts: NoticeFacts;
  attempts: number;
  createdAt: number;
  attemptedAt: number;
  retryAt: number | null;
  sentAt: number | null;
  followedUpAt: number | null;
  followUp: string | null;
}

export interface DeviceAction {
  id: string;
  caseId: string;
  lineKey: string;
  noticeId: string | null;
  action: 'sms_send_limit';
  state: ActionState;
  reason: string;
  evidence: Record<string, unknown>;
  createdAt: number;
  decidedAt: number | null;
  decidedBy: string | null;
  note: string | null;
}

function toNotice(r: DeviceNoticesTable): StoredNotice {
  const n = (v: number | null): number | null => (v === null ? null : Number(v));
  return {
    id: r.id, caseId: r.case_id, lineKey: r.line_key, noticeNo: Number(r.notice_no), channel: r.channel, status: r.status, reason: r.reason,
    flaggedAtNotice: Number(r.flagged_at_notice), facts: fromJsonText<NoticeFacts>(r.facts)!, attempts: Number(r.attempts),
    createdAt: Number(r.created_at), attemptedAt: Number(r.attempted_at), retryAt: n(r.retry_at), sentAt: n(r.sent_at),
    followedUpAt: n(r.followed_up_at), followUp: r.follow_up,
  };
}

function toAction(r: DeviceActionsTable): DeviceAction {
  return {
    id: r.id, caseId: r.case_id, lineKey: r.line_key, noticeId: r.notice_id, action: r.action, state: r.state, reason: r.reason,
    evidence: fromJsonText<Record<string, unknown>>(r.evidence) ?? {}, createdAt: Number(r.created_at),
    decidedAt: r.decided_at === null ? null : Number(r.decided_at), decidedBy: r.decided_by, note: r.note,
  };
}

export interface NewNotice {
  id: string;
  caseId: string;
  lineKey: string;
  noticeNo: number;
  channel: NoticeChannelName;
  flaggedAtNotice: number;
  facts: NoticeFacts;
  now: number;
}

export class NoticesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** A line's notices, newest first (a line gets a handful in its life, so no paging). */
  async ofLine(lineKey: string, limit = 100): Promise<StoredNotice[]> {
    const rows = await this.db.selectFrom('device_notices').selectAll().where('line_key', '=', lineKey).orderBy('notice_no', 'desc').limit(limit).execute();
    return rows.map(toNotice);
  }

  async ofCase(caseId: string, limit = 100): Promise<StoredNotice[]> {
    const rows = await this.db.selectFrom('device_notices').selectAll().where('case_id', '=', caseId).orderBy('notice_no', 'desc').limit(limit).execute();
    return rows.map(toNotice);
  }

  async get(id: string): Promise<StoredNotice | null> {
    const r = await this.db.selectFrom('device_notices').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toNotice(r) : null;
  }

  /**
   * Claims notice number `n.noticeNo` (the line's last number + 1, as the caller read it) in 'sending' state. One
   * INSERT, guarded by UNIQUE(line_key, notice_no): when another worker claimed that number first, it fails and
   * this returns null — the caller must not send. No read-then-write transaction, so the claim behaves the same
   * on PostgreSQL and on a SQLite file shared by several processes.
   */
  async claim(n: NewNotice): Promise<StoredNotice | null> {
    const row: DeviceNoticesTable = {
      id: n.id, case_id: n.caseId, line_key: n.lineKey, notice_no: n.noticeNo, channel: n.channel, status: 'sending', reason: null,
      flagged_at_notice: n.flaggedAtNotice, facts: toJsonText(n.facts), attempts: 1, created_at: n.now, attempted_at: n.now,
      retry_at: null, sent_at: null, followed_up_at: null, follow_up: null,
    };
    try {
      await this.db.insertInto('device_notices').values(row).execute();
    } catch (e) {
      if (isUniqueViolation(e)) return null;
      throw e;
    }
    return toNotice(row);
  }

  async setChannel(id: string, channel: NoticeChannelName): Promise<void> {
    await this.db.updateTable('device_notices').set({ channel }).where('id', '=', id).execute();
  }

  async markSent(id: string, at: number, attempts: number): Promise<void> {
    await this.db.updateTable('device_notices').set({ status: 'sent', sent_at: at, reason: null, retry_at: null, attempts }).where('id', '=', id).execute();
  }

  async markFailed(id: string, reason: string, retryAt: number | null, attempts: number): Promise<void> {
    await this.db.updateTable('device_notices').set({ status: 'failed', reason, retry_at: retryAt, attempts }).where('id', '=', id).execute();
  }

  async markSkipped(id: string, reason: string): Promise<void> {
    await this.db.updateTable('device_notices').set({ status: 'skipped', reason, retry_at: null }).where('id', '=', id).execute();
  }

  /** Failed notices due for a retry, and 'sending' notices whose attempt started before `staleBefore` (the worker
   * died mid-send). */
  /** Whether an analyst closed the case (a false case): its pending notices are withdrawn. */
  async caseClosedByAnalyst(caseId: string): Promise<boolean> {
    const r = await this.db.selectFrom('device_cases').select('id').where('id', '=', caseId).where('state', '=', 'closed').where('close_reason', '=', 'analyst').executeTakeFirst();
    return r !== undefined;
  }

  async dueForRetry(now: number, staleBefore: number, limit: number): Promise<StoredNotice[]> {
    const rows = await this.db
      .selectFrom('device_notices')
      .selectAll()
      .where((eb) => eb.or([
        eb.and([eb('status', '=', 'failed'), eb('retry_at', 'is not', null), eb('retry_at', '<=', now)]),
        eb.and([eb('status', '=', 'sending'), eb('attempted_at', '<', staleBefore)]),
      ]))
      .orderBy('created_at')
      .limit(limit)
      .execute();
    return rows.map(toNotice);
  }

  /** Takes a due notice for another attempt; false when another worker took it (its state moved on). */
  async claimRetry(n: StoredNotice, now: number): Promise<boolean> {
    let q = this.db
      .updateTable('device_notices')
      .set({ status: 'sending', attempted_at: now, attempts: n.attempts + 1, retry_at: null })
      .where('id', '=', n.id)
      .where('status', '=', n.status)
      .where('attempted_at', '=', n.attemptedAt);
    q = n.retryAt === null ? q.where('retry_at', 'is', null) : q.where('retry_at', '=', n.retryAt);
    const res = await q.executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** Sent notices at least `sentBefore` old that the follow-up has not looked at yet, oldest first. */
  async dueForFollowUp(sentBefore: number, limit: number): Promise<StoredNotice[]> {
    const rows = await this.db
      .selectFrom('device_notices')
      .selectAll()
      .where('status', '=', 'sent')
      .where('followed_up_at', 'is', null)
      .where('sent_at', '<=', sentBefore)
      .orderBy('sent_at')
      .limit(limit)
      .execute();
    return rows.map(toNotice);
  }

  /** Records the follow-up result; false when another worker recorded one first. */
  async markFollowedUp(id: string, result: string, at: number): Promise<boolean> {
    const res = await this.db.updateTable('device_notices').set({ followed_up_at: at, follow_up: result }).where('id', '=', id).where('followed_up_at', 'is', null).executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }

  /** An open (proposed or approved) action for the case, if any. */
  async openActionOf(caseId: string): Promise<DeviceAction | null> {
    const r = await this.db.selectFrom('device_actions').selectAll().where('case_id', '=', caseId).where('state', 'in', ['proposed', 'approved']).orderBy('created_at', 'desc').executeTakeFirst();
    return r ? toAction(r) : null;
  }

  /** Inserts a proposed action; null when the case already has one proposed. */
  async propose(a: Omit<DeviceAction, 'state' | 'decidedAt' | 'decidedBy' | 'note'>): Promise<DeviceAction | null> {
    const row: DeviceActionsTable = {
      id: a.id, case_id: a.caseId, line_key: a.lineKey, notice_id: a.noticeId, action: a.action, state: 'proposed', reason: a.reason,
      evidence: toJsonText(a.evidence), created_at: a.createdAt, decided_at: null, decided_by: null, note: null,
    };
    try {
      await this.db.insertInto('device_actions').values(row).execute();
    } catch (e) {
      if (isUniqueViolation(e)) return null;
      throw e;
    }
    return toAction(row);
  }

  async action(id: string): Promise<DeviceAction | null> {
    const r = await this.db.selectFrom('device_actions').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toAction(r) : null;
  }

  /** Newest first. */
  async actions(filter: { state?: ActionState; caseId?: string; limit: number }): Promise<DeviceAction[]> {
    let q = this.db.selectFrom('device_actions').selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit);
    if (filter.state) q = q.where('state', '=', filter.state);
    if (filter.caseId) q = q.where('case_id', '=', filter.caseId);
    return (await q.execute()).map(toAction);
  }

  /** Moves a proposed action to approved or rejected; false when it is no longer proposed (decided already). */
  async decide(id: string, state: 'approved' | 'rejected', by: string, note: string, at: number): Promise<boolean> {
    const res = await this.db
      .updateTable('device_actions')
      .set({ state, decided_at: at, decided_by: by, note })
      .where('id', '=', id)
      .where('state', '=', 'proposed')
      .executeTakeFirst();
    return Number(res.numUpdatedRows) === 1;
  }
}
