// The decision log's rows in the store: batched inserts and purges in chunks, the same Kysely code whether it runs on
// the main thread (an in-memory store, tests) or in the log's own thread (decision-log-thread.ts).
import type { Kysely } from 'kysely';
import type { Database } from '../../core/index.js';
import type { Direction } from '../types.js';

/** What the firewall did, as logged: the proxy's actions plus the two outcomes for text it could not decode. */
export type LoggedAction = 'forward' | 'reject' | 'drop' | 'quarantine' | 'pass_undecodable' | 'reject_undecodable';

export interface DecisionRecord {
  id: string;
  /** ms since epoch. */
  at: number;
  direction: Direction;
  peer: string;
  senderKey: string | null;
  recipientKey: string | null;
  action: LoggedAction;
  /** The verdict engine's action (network policy); 'none' when nothing could be classified. */
  verdictAction: string;
  score: number;
  category: string;
  reasons: string[];
  fingerprint: string;
  /** Only for reject, drop and quarantine. */
  body: string | null;
}

/** Where rows go: the store on this thread, or the log's own thread. */
export interface DecisionWriter {
  /** Resolves once every row is committed; rejects (nothing written) otherwise. */
  write(rows: DecisionRecord[]): Promise<void>;
  /** Deletes rows older than `before` (ms since epoch); returns how many. */
  purge(before: number): Promise<number>;
  close(): Promise<void>;
}

/** Rows per INSERT: 13 columns × 500 stays under every dialect's bound-parameter limit. */
const ROWS_PER_INSERT = 500;
/** Rows per DELETE when purging: each chunk is its own short statement, so a purge of a day of traffic never holds
 * the store's write lock for long (on SQLite the proxy's quarantine writes wait for it). */
const PURGE_CHUNK = 5_000;

export class StoreDecisionWriter implements DecisionWriter {
  constructor(private readonly db: Kysely<Database>) {}

  async write(rows: DecisionRecord[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        await trx.insertInto('firewall_decisions').values(rows.slice(i, i + ROWS_PER_INSERT).map((r) => ({
          id: r.id, at: r.at, direction: r.direction, peer: r.peer, sender_key: r.senderKey, recipient_key: r.recipientKey, action: r.action,
          verdict_action: r.verdictAction, score: r.score, category: r.category, reasons: JSON.stringify(r.reasons), fingerprint: r.fingerprint, body: r.body,
        })))
          // A batch retried after its commit went through but its answer was lost (a thread that died) is written
          // once: without this one duplicate id would fail every later batch it is retried with.
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
    });
  }

  async purge(before: number): Promise<number> {
    let total = 0;
    for (;;) {
      const res = await this.db.deleteFrom('firewall_decisions')
        .where('id', 'in', (eb) => eb.selectFrom('firewall_decisions').select('id').where('at', '<', before).limit(PURGE_CHUNK))
        .executeTakeFirst();
      const n = Number(res.numDeletedRows);
      total += n;
      if (n < PURGE_CHUNK) return total;
    }
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}
