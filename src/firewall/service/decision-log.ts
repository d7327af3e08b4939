// The decision log (issue 6 item 5, DESIGN §4): one row per decided message with the minimum data — time,
// direction, peer, sender and recipient as keyed-HMAC pseudonyms, the firewall's action, the verdict, its reason
// codes and fingerprint; a body only for a message that was blocked (rejected or dropped) or quarantined. Rows are
// buffered and handed to a writer in batches (every `flushEveryMs` or `maxBatch` rows, and on close) so the
// per-message path costs no store round trip; the proxy's writer commits them from a thread of its own
// (thread-decision-writer.ts). A message whose body must be kept is stored by the quarantine before it is
// acknowledged, so what a lost buffer can lose is log rows only.
import type { Kysely } from 'kysely';
import { Counter, type Registry } from 'prom-client';
import type { Database, Logger } from '../../core/index.js';
import type { Direction } from '../types.js';
import { StoreDecisionWriter, type DecisionRecord, type DecisionWriter, type LoggedAction } from './decision-store.js';

export type { DecisionRecord, LoggedAction } from './decision-store.js';

export interface DecisionQuery {
  /** Rows at or after this time, ms since epoch. */
  since: number;
  /** Paging: with `since` = the last row's `at`, only rows after this id at that time. */
  after?: string;
  /** 1–1000. */
  limit: number;
  /** Only rows where this pseudonym is the sender or the recipient. */
  lineKey?: string;
}

export interface DecisionLogOptions {
  /** Read by list(); written through it too unless a `writer` is given. */
  db: Kysely<Database>;
  /** Where batches are written and purges run; default: `db` on this thread. */
  writer?: DecisionWriter;
  logger: Logger;
  metrics: Registry;
  /** Longest time a row waits in memory, ms; default 200. */
  flushEveryMs?: number;
  /** Rows that trigger a write at once; default 250 (a smaller batch is a shorter pause for the event loop). */
  maxBatch?: number;
  /** Rows kept in memory while the store fails; beyond this, rows are dropped and counted. Default 100,000. */
  maxPending?: number;
}

/** Bodies are kept only for these actions. */
export const ACTIONS_WITH_BODY: ReadonlySet<LoggedAction> = new Set(['reject', 'drop', 'quarantine']);

export class DecisionLog {
  private readonly db: Kysely<Database>;
  private readonly writer: DecisionWriter;
  private readonly logger: Logger;
  private readonly flushEveryMs: number;
  private readonly maxBatch: number;
  private readonly maxPending: number;
  private readonly dropped: Counter;
  private readonly failures: Counter;
  private buffer: DecisionRecord[] = [];
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(opts: DecisionLogOptions) {
    this.db = opts.db;
    this.writer = opts.writer ?? new StoreDecisionWriter(opts.db);
    this.logger = opts.logger;
    this.flushEveryMs = opts.flushEveryMs ?? 200;
    this.maxBatch = opts.maxBatch ?? 250;
    this.maxPending = opts.maxPending ?? 100_000;
    this.dropped = new Counter({ name: 'mamoru_firewall_decision_log_dropped_total', help: 'Decision log rows dropped because the store kept failing', registers: [opts.metrics] });
    this.failures = new Counter({ name: 'mamoru_firewall_decision_log_write_failures_total', help: 'Failed writes of decision log batches (rows are retried)', registers: [opts.metrics] });
  }

  /** Buffers one row. A body on an action that must not keep one is removed here, whatever the caller passed. */
  append(rec: DecisionRecord): void {
    if (rec.body !== null && !ACTIONS_WITH_BODY.has(rec.action)) rec.body = null;
    this.buffer.push(rec);
    if (this.buffer.length >= this.maxBatch) void this.flush();
    else this.schedule();
  }

  /** Rows waiting in memory. */
  get pending(): number {
    return this.buffer.length;
  }

  /** Writes everything buffered so far; never rejects (a failed batch is kept for the next try and logged). */
  async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.buffer.length === 0) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const rows = this.buffer;
    this.buffer = [];
    this.flushing = this.write(rows).finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }

  /** Flushes, stops the timer and closes the writer. */
  async close(): Promise<void> {
    this.closed = true;
    await this.flush();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.writer.close();
  }

  /** Deletes rows older than `before` (ms since epoch), in chunks; returns how many. */
  purge(before: number): Promise<number> {
    return this.writer.purge(before);
  }

  /** Oldest first from `since`, so a reader can page forward with (`since`, `after`). */
  async list(q: DecisionQuery): Promise<DecisionRecord[]> {
    let query = this.db.selectFrom('firewall_decisions').selectAll().where('at', '>=', q.since);
    const after = q.after;
    if (after !== undefined) query = query.where((eb) => eb.or([eb('at', '>', q.since), eb('id', '>', after)]));
    const key = q.lineKey;
    if (key !== undefined) query = query.where((eb) => eb.or([eb('recipient_key', '=', key), eb('sender_key', '=', key)]));
    const rows = await query.orderBy('at').orderBy('id').limit(q.limit).execute();
    return rows.map((r) => ({
      id: r.id, at: Number(r.at), direction: r.direction as Direction, peer: r.peer, senderKey: r.sender_key, recipientKey: r.recipient_key,
      action: r.action as LoggedAction, verdictAction: r.verdict_action, score: Number(r.score), category: r.category,
      reasons: JSON.parse(r.reasons) as string[], fingerprint: r.fingerprint, body: r.body,
    }));
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, this.flushEveryMs);
    this.timer.unref();
  }

  private async write(rows: DecisionRecord[]): Promise<void> {
    try {
      await this.writer.write(rows);
    } catch (e) {
      this.failures.inc();
      const room = Math.max(0, this.maxPending - this.buffer.length);
      const kept = rows.length <= room ? rows : rows.slice(rows.length - room);
      if (kept.length < rows.length) this.dropped.inc(rows.length - kept.length);
      this.buffer = kept.concat(this.buffer);
      this.logger.error({ err: e, rows: rows.length, kept: kept.length }, 'writing firewall decisions failed; kept for the next flush');
      this.schedule();
    }
  }
}
