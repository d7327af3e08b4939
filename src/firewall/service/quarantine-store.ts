// The client-layer quarantine (issue 6 item 3): flagged messages kept for their recipient's app for
// `firewall.quarantineDays`, the only place a delivered-path body is kept. A held message is acknowledged to the
// sender only after its row is committed; rows are written with group commit (every message waiting while one
// transaction runs goes into the next one), so a burst of flagged messages costs a few transactions, not one each.
//
// States: held → released (the subscriber asked for it; waits in the outbox until the proxy delivers it) →
// delivered; held → safe (the subscriber vouches for it: evidence for the allow-list review; safe → released is
// allowed); held, safe, released or delivered → reported (filed as a scam report in the hub; a released message
// not yet delivered then stays undelivered). Expired rows are invisible at once and deleted by `purgeExpired`.
import type { Kysely } from 'kysely';
import { AppError, AuditLog, type Clock, type Database, type Logger } from '../../core/index.js';

export type QuarantineState = 'held' | 'released' | 'delivered' | 'reported' | 'safe';

/** What the verdict said about a held message (stored as JSON beside it). */
export interface QuarantineVerdict {
  action: string;
  score: number;
  category: string;
  brand: string | null;
  family: string | null;
  reasons: string[];
  fingerprint: string;
}

export interface QuarantinedMessage {
  /** The decision id (the decision log row has the same id). */
  id: string;
  recipientKey: string;
  /** The sender as it arrived. */
  sender: string | null;
  body: string;
  verdict: QuarantineVerdict;
  state: QuarantineState;
  /** ms since epoch. */
  receivedAt: number;
  expiresAt: number;
  /** When the subscriber last decided (release, safe, report); null while held. */
  decidedAt: number | null;
}

/** A released message waiting for the proxy: the number to deliver it to is kept only until it is delivered. */
export interface PendingRelease extends QuarantinedMessage {
  /** E.164 of the recipient, as the subscriber's app gave it when asking for the release. */
  deliverTo: string;
}

export interface QuarantineStoreOptions {
  db: Kysely<Database>;
  clock: Clock;
  logger: Logger;
}

/** What a subscriber can ask for, and the states each may start from. */
const TRANSITIONS: Record<'release' | 'safe' | 'report', { to: QuarantineState; from: QuarantineState[]; done: QuarantineState[] }> = {
  release: { to: 'released', from: ['held', 'safe'], done: ['released', 'delivered'] },
  safe: { to: 'safe', from: ['held'], done: ['safe'] },
  report: { to: 'reported', from: ['held', 'safe', 'released', 'delivered'], done: ['reported'] },
};
export type QuarantineRequest = keyof typeof TRANSITIONS;

/** Whether `request` may be applied to a message in `state` (or is already done). */
export function canRequest(state: QuarantineState, request: QuarantineRequest): boolean {
  const t = TRANSITIONS[request];
  return t.from.includes(state) || t.done.includes(state);
}

const ROWS_PER_INSERT = 500;

interface StoredVerdict extends QuarantineVerdict {
  /** Only between a release and its delivery (see PendingRelease). */
  deliverTo?: string;
}

type Row = Database['quarantine'];

function toMessage(r: Row): QuarantinedMessage {
  const { deliverTo: _omit, ...verdict } = JSON.parse(r.verdict) as StoredVerdict;
  return {
    id: r.id, recipientKey: r.recipient_key, sender: r.sender, body: r.body, verdict, state: r.state as QuarantineState,
    receivedAt: Number(r.received_at), expiresAt: Number(r.expires_at), decidedAt: r.decided_at === null ? null : Number(r.decided_at),
  };
}

export class QuarantineStore {
  private readonly db: Kysely<Database>;
  private readonly clock: Clock;
  private readonly logger: Logger;
  private queue: Array<{ row: Row; resolve: () => void; reject: (e: unknown) => void }> = [];
  private writing = false;

  constructor(opts: QuarantineStoreOptions) {
    this.db = opts.db;
    this.clock = opts.clock;
    this.logger = opts.logger;
  }

  /** Stores a message in state held; resolves once it is committed, rejects with STORAGE_FAILED otherwise. */
  hold(m: Omit<QuarantinedMessage, 'state' | 'decidedAt'>): Promise<void> {
    const row: Row = {
      id: m.id, recipient_key: m.recipientKey, sender: m.sender, body: m.body, verdict: JSON.stringify(m.verdict), state: 'held',
      received_at: m.receivedAt, expires_at: m.expiresAt, decided_at: null,
    };
    return new Promise((resolve, reject) => {
      this.queue.push({ row, resolve, reject });
      if (!this.writing) this.drain();
    });
  }

  /** A line's messages still kept, newest first. */
  async list(recipientKey: string, limit: number): Promise<QuarantinedMessage[]> {
    const rows = await this.db.selectFrom('quarantine').selectAll()
      .where('recipient_key', '=', recipientKey).where('expires_at', '>', this.clock.now())
      .orderBy('received_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toMessage);
  }

  /** One message of a line; NOT_FOUND for an unknown or expired id, or one kept for another line. */
  async get(recipientKey: string, id: string): Promise<QuarantinedMessage> {
    const row = await this.db.selectFrom('quarantine').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.recipient_key !== recipientKey || Number(row.expires_at) <= this.clock.now()) {
      throw new AppError('NOT_FOUND', 'no quarantined message with this id for this line');
    }
    return toMessage(row);
  }

  /**
   * Applies a subscriber's request. Asking again for what is already done changes nothing (`changed: false`);
   * a request the state does not allow is QUARANTINE_STATE. The change and its audit entry share one transaction.
   * `deliverTo` (E.164) is required for release: the proxy needs the number, and it is kept only until delivery.
   */
  async apply(
    recipientKey: string, id: string, request: QuarantineRequest, audit: { actor: string; purpose: string; details?: Record<string, unknown> }, deliverTo?: string,
  ): Promise<{ message: QuarantinedMessage; changed: boolean }> {
    const t = TRANSITIONS[request];
    const now = this.clock.now();
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('quarantine').selectAll().where('id', '=', id).executeTakeFirst();
      if (!row || row.recipient_key !== recipientKey || Number(row.expires_at) <= now) {
        throw new AppError('NOT_FOUND', 'no quarantined message with this id for this line');
      }
      const state = row.state as QuarantineState;
      let changed = false;
      if (!t.done.includes(state)) {
        if (!t.from.includes(state)) throw new AppError('QUARANTINE_STATE', `the message is ${state}; it cannot be ${t.to} now`, { state });
        let verdict = row.verdict;
        if (request === 'release') {
          if (!deliverTo) throw new AppError('VALIDATION_FAILED', 'a release needs the number to deliver to');
          verdict = JSON.stringify({ ...(JSON.parse(row.verdict) as StoredVerdict), deliverTo });
        } else if (state === 'released') {
          verdict = JSON.stringify({ ...(JSON.parse(row.verdict) as StoredVerdict), deliverTo: undefined });
        }
        const res = await trx.updateTable('quarantine').set({ state: t.to, decided_at: now, verdict })
          .where('id', '=', id).where('state', '=', state).executeTakeFirst();
        if (Number(res.numUpdatedRows) !== 1) throw new AppError('CONFLICT', 'the message was changed at the same time; read it again');
        row.state = t.to;
        row.decided_at = now;
        row.verdict = verdict;
        changed = true;
      }
      await new AuditLog(trx, this.clock).record({
        actor: audit.actor, action: `quarantine.${request}`, target: `quarantine:${id}`, purpose: audit.purpose,
        details: { line: `line:${recipientKey}`, from: state, to: row.state, changed, ...audit.details },
      });
      return { message: toMessage(row), changed };
    });
  }

  /** The outbox: released messages the proxy has not delivered yet, oldest release first. */
  async pendingReleases(limit = 100): Promise<PendingRelease[]> {
    const rows = await this.db.selectFrom('quarantine').selectAll().where('state', '=', 'released').where('expires_at', '>', this.clock.now())
      .orderBy('decided_at').orderBy('id').limit(limit).execute();
    return rows.flatMap((r) => {
      const to = (JSON.parse(r.verdict) as StoredVerdict).deliverTo;
      return to ? [{ ...toMessage(r), deliverTo: to }] : [];
    });
  }

  /** The proxy delivered a released message: state delivered, the number forgotten. False if it was not pending. */
  async markDelivered(id: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('quarantine').select(['verdict', 'state']).where('id', '=', id).executeTakeFirst();
      if (!row || row.state !== 'released') return false;
      const verdict = JSON.stringify({ ...(JSON.parse(row.verdict) as StoredVerdict), deliverTo: undefined });
      const res = await trx.updateTable('quarantine').set({ state: 'delivered', verdict }).where('id', '=', id).where('state', '=', 'released').executeTakeFirst();
      return Number(res.numUpdatedRows) === 1;
    });
  }

  /** Messages marked safe since `since` (ms), newest first, at most `limit`: the allow-list review's evidence. */
  async safeMarked(since: number, limit: number): Promise<QuarantinedMessage[]> {
    const rows = await this.db.selectFrom('quarantine').selectAll().where('state', '=', 'safe').where('decided_at', '>=', since)
      .orderBy('decided_at', 'desc').limit(limit).execute();
    return rows.map(toMessage);
  }

  /** Deletes every row whose time is up (bodies with them); returns how many. */
  async purgeExpired(now: number): Promise<number> {
    const res = await this.db.deleteFrom('quarantine').where('expires_at', '<=', now).executeTakeFirst();
    return Number(res.numDeletedRows);
  }

  private drain(): void {
    this.writing = true;
    void (async () => {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, ROWS_PER_INSERT);
        try {
          await this.db.transaction().execute(async (trx) => {
            await trx.insertInto('quarantine').values(batch.map((b) => b.row)).execute();
          });
          for (const b of batch) b.resolve();
        } catch (e) {
          this.logger.error({ err: e, rows: batch.length }, 'storing quarantined messages failed; they are not acknowledged');
          const err = new AppError('STORAGE_FAILED', 'the quarantined message could not be stored', undefined, { cause: e });
          for (const b of batch) b.reject(err);
        }
      }
      this.writing = false;
    })();
  }
}
