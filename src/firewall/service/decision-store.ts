// The decision log's rows in the store: batched inserts and purges in chunks. The log's own thread
// (decision-log-thread.ts) appends rows as value arrays through the storage port's fast path; on the main thread
// (an in-memory store: tests, tools) they go through Kysely.
import type { Kysely } from 'kysely';
import type { Database, Storage } from '../../core/index.js';
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

/** Rows per INSERT through Kysely: 13 columns × 500 stays under every dialect's bound-parameter limit. */
const ROWS_PER_INSERT = 500;
/** Rows per DELETE when purging: each chunk is its own short statement, so a purge of a day of traffic never holds
 * the store's write lock for long (on SQLite the proxy's quarantine writes wait for it). */
const PURGE_CHUNK = 5_000;

/** The columns of firewall_decisions in the order of decisionTuple. */
export const DECISION_COLUMNS = [
  'id', 'at', 'direction', 'peer', 'sender_key', 'recipient_key', 'action', 'verdict_action', 'score', 'category', 'reasons', 'fingerprint', 'body',
] as const;

/** A record as the values of DECISION_COLUMNS (cheaper to hand to another thread than an object). */
export function decisionTuple(r: DecisionRecord): unknown[] {
  return [r.id, r.at, r.direction, r.peer, r.senderKey, r.recipientKey, r.action, r.verdictAction, r.score, r.category, JSON.stringify(r.reasons), r.fingerprint, r.body];
}

/** Deletes rows older than `before` in chunks; returns how many. */
export async function purgeDecisions(db: Kysely<Database>, before: number): Promise<number> {
  let total = 0;
  for (;;) {
    const res = await db.deleteFrom('firewall_decisions')
      .where('id', 'in', (eb) => eb.selectFrom('firewall_decisions').select('id').where('at', '<', before).limit(PURGE_CHUNK))
      .executeTakeFirst();
    const n = Number(res.numDeletedRows);
    total += n;
    if (n < PURGE_CHUNK) return total;
  }
}

/** Writes through Kysely on the calling thread. */
export class StoreDecisionWriter implements DecisionWriter {
  constructor(private readonly db: Kysely<Database>) {}

  async write(rows: DecisionRecord[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (let i = 0; i < rows.length; i += ROWS_PER_INSERT) {
        await trx.insertInto('firewall_decisions').values(rows.slice(i, i + ROWS_PER_INSERT).map((r) => {
          const t = decisionTuple(r);
          return Object.fromEntries(DECISION_COLUMNS.map((c, k) => [c, t[k]])) as never;
        }))
          // A batch retried after its commit went through but its answer was lost (a thread that died) is written
          // once: without this one duplicate id would fail every later batch it is retried with.
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
    });
  }

  purge(before: number): Promise<number> {
    return purgeDecisions(this.db, before);
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

/** Appends value arrays (decisionTuple) through the storage port's fast path; used in the log's own thread. */
export function appendDecisions(storage: Storage, tuples: ReadonlyArray<readonly unknown[]>): Promise<void> {
  return storage.appendRows('firewall_decisions', DECISION_COLUMNS, tuples);
}
