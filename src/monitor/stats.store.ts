// The roll-up tables: writing a buffer's contents (counts added with an upsert, sketches merged) and the small
// range reads every stats endpoint is built from. Every read is a primary-key range (dim, bucket), so its cost
// depends on the time span asked for, not on how many messages were counted.
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../core/index.js';
import { HyperLogLog } from './hll.js';
import type { Dim, RollupBuffer, RollupUnit } from './rollup.js';

type CountTable = 'stats_minute' | 'stats_hour' | 'stats_day';
const TABLE: Record<RollupUnit, CountTable> = { minute: 'stats_minute', hour: 'stats_hour', day: 'stats_day' };
const CHUNK = 400;

export interface CountRow { bucket: number; key: string; count: number }

export class StatsStore {
  constructor(readonly db: Kysely<Database>) {}

  /** Adds a buffer's counts and merges its sketches, inside the caller's transaction. */
  async write(trx: Transaction<Database>, taken: ReturnType<RollupBuffer['take']>): Promise<void> {
    for (const unit of ['minute', 'hour', 'day'] as const) {
      const table = TABLE[unit];
      const rows = [...taken.counts[unit]].map(([k, count]) => {
        const [bucket, dim, ...rest] = k.split('|');
        return { bucket: Number(bucket), dim: dim!, key: rest.join('|'), count };
      });
      for (let i = 0; i < rows.length; i += CHUNK) {
        await trx
          .insertInto(table)
          .values(rows.slice(i, i + CHUNK))
          .onConflict((oc) => oc.columns(['dim', 'bucket', 'key']).doUpdateSet({ count: sql<number>`${sql.ref(`${table}.count`)} + excluded.count` }))
          .execute();
      }
    }
    for (const [k, sketch] of taken.sketches) {
      const [unit, bucket, dim] = k.split('|') as [string, string, string];
      const old = await trx.selectFrom('stats_sketch').select('sketch').where('dim', '=', dim).where('unit', '=', unit).where('bucket', '=', Number(bucket)).executeTakeFirst();
      const prev = old ? HyperLogLog.fromBase64(old.sketch) : null;
      if (prev) sketch.merge(prev);
      const value = sketch.toBase64();
      await trx
        .insertInto('stats_sketch')
        .values({ unit, bucket: Number(bucket), dim, sketch: value })
        .onConflict((oc) => oc.columns(['dim', 'unit', 'bucket']).doUpdateSet({ sketch: value }))
        .execute();
    }
  }

  /** Deletes minute rows older than `minuteKeepMs` and hour/day rows and sketches older than `keepMs`. */
  async purge(now: number, minuteKeepMs: number, keepMs: number): Promise<number> {
    let n = 0;
    n += Number((await this.db.deleteFrom('stats_minute').where('bucket', '<', now - minuteKeepMs).executeTakeFirst()).numDeletedRows);
    for (const table of ['stats_hour', 'stats_day'] as const) {
      n += Number((await this.db.deleteFrom(table).where('bucket', '<', now - keepMs).executeTakeFirst()).numDeletedRows);
    }
    n += Number((await this.db.deleteFrom('stats_sketch').where('bucket', '<', now - keepMs).executeTakeFirst()).numDeletedRows);
    return n;
  }

  /** Rows of one dimension with bucket in [from, to). */
  async counts(unit: RollupUnit, dim: Dim, from: number, to: number): Promise<CountRow[]> {
    const rows = await this.db
      .selectFrom(TABLE[unit])
      .select(['bucket', 'key', 'count'])
      .where('dim', '=', dim)
      .where('bucket', '>=', from)
      .where('bucket', '<', to)
      .execute();
    return rows.map((r) => ({ bucket: Number(r.bucket), key: r.key, count: Number(r.count) }));
  }

  /** Day rows of some keys of one dimension with bucket in [from, to) (by the key index). */
  async dayCountsOf(dim: Dim, keys: readonly string[], from: number, to: number): Promise<CountRow[]> {
    const out: CountRow[] = [];
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.db
        .selectFrom('stats_day')
        .select(['bucket', 'key', 'count'])
        .where('dim', '=', dim)
        .where('key', 'in', keys.slice(i, i + 500))
        .where('bucket', '>=', from)
        .where('bucket', '<', to)
        .execute();
      for (const r of rows) out.push({ bucket: Number(r.bucket), key: r.key, count: Number(r.count) });
    }
    return out;
  }

  /** Sketches of one dimension with bucket in [from, to), parsed; damaged rows are skipped. */
  async sketches(unit: 'hour' | 'day', dim: string, from: number, to: number): Promise<Array<{ bucket: number; sketch: HyperLogLog }>> {
    const rows = await this.db
      .selectFrom('stats_sketch')
      .select(['bucket', 'sketch'])
      .where('dim', '=', dim)
      .where('unit', '=', unit)
      .where('bucket', '>=', from)
      .where('bucket', '<', to)
      .execute();
    return rows.flatMap((r) => {
      const s = HyperLogLog.fromBase64(r.sketch);
      return s ? [{ bucket: Number(r.bucket), sketch: s }] : [];
    });
  }

  /** The latest minute with any verdict, or null. */
  async lastEventAt(): Promise<number | null> {
    const r = await this.db.selectFrom('stats_minute').select('bucket').where('dim', '=', 'all').orderBy('bucket', 'desc').limit(1).executeTakeFirst();
    return r ? Number(r.bucket) : null;
  }
}
