// Indicator rows in the store (SQLite or PostgreSQL, one code path). The store is the system of record; the
// in-memory index is rebuilt from `streamAll` at start.
import type { Kysely, Selectable } from 'kysely';
import type { Clock, Database, IndicatorsTable } from '../core/index.js';
import type { Indicator, IndicatorKind } from './indicator.js';
import type { IndexEntry } from './indicator-index.js';

/** Rows per INSERT statement: 13 columns × 500 = 6,500 bound parameters, below both stores' limits. */
const INSERT_CHUNK = 500;
/** Most rows `list` returns at once. */
export const MAX_LIST_LIMIT = 1000;

export interface IndicatorListOptions {
  kind?: IndicatorKind;
  /** 1–1000, default 100. */
  limit?: number;
  /** Keyset cursor: return ids after this one (pass the last id of the previous page). */
  after?: string;
}

function toIndicator(r: Selectable<IndicatorsTable>): Indicator {
  return {
    id: r.id,
    kind: r.kind as IndicatorKind,
    value: r.value,
    verdict: r.verdict,
    source: r.source,
    confidence: r.confidence,
    firstSeen: r.first_seen,
    lastSeen: r.last_seen,
    expiresAt: r.expires_at,
    brand: r.brand,
    family: r.family,
    note: r.note,
  };
}

const keyOf = (kind: string, value: string): string => `${kind}\u0000${value}`;

export class IndicatorsRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * Insert or update by (kind, value), all in one transaction. On conflict the stored id and the earliest
   * first-seen are kept, last-seen only moves forward, verdict/source/confidence/expiry take the new values,
   * and a null brand/family/note does not erase a known one. Duplicates within `inds` collapse to the last.
   * Returns the stored indicators (with their kept ids), one per distinct (kind, value), in input order.
   */
  async upsertMany(inds: readonly Indicator[]): Promise<Indicator[]> {
    const distinct = new Map<string, Indicator>();
    for (const i of inds) {
      const k = keyOf(i.kind, i.value);
      distinct.delete(k); // re-insert so the last occurrence decides the order too
      distinct.set(k, i);
    }
    if (distinct.size === 0) return [];
    const now = this.clock.now();
    const all = [...distinct.values()];
    const stored = new Map<string, Indicator>();
    await this.db.transaction().execute(async (trx) => {
      for (let start = 0; start < all.length; start += INSERT_CHUNK) {
        const rows = all.slice(start, start + INSERT_CHUNK).map((i) => ({
          id: i.id,
          kind: i.kind,
          value: i.value,
          verdict: i.verdict,
          source: i.source,
          confidence: i.confidence,
          first_seen: i.firstSeen,
          last_seen: i.lastSeen,
          expires_at: i.expiresAt,
          brand: i.brand,
          family: i.family,
          note: i.note,
          updated_at: now,
        }));
        const out = await trx
          .insertInto('indicators')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['kind', 'value']).doUpdateSet((eb) => ({
              verdict: eb.ref('excluded.verdict'),
              source: eb.ref('excluded.source'),
              confidence: eb.ref('excluded.confidence'),
              // CASE rather than min()/max(): SQLite and PostgreSQL spell those differently (max vs greatest).
              first_seen: eb
                .case()
                .when('excluded.first_seen', '<', eb.ref('indicators.first_seen'))
                .then(eb.ref('excluded.first_seen'))
                .else(eb.ref('indicators.first_seen'))
                .end(),
              last_seen: eb
                .case()
                .when('excluded.last_seen', '>', eb.ref('indicators.last_seen'))
                .then(eb.ref('excluded.last_seen'))
                .else(eb.ref('indicators.last_seen'))
                .end(),
              expires_at: eb.ref('excluded.expires_at'),
              brand: eb.fn.coalesce('excluded.brand', 'indicators.brand'),
              family: eb.fn.coalesce('excluded.family', 'indicators.family'),
              note: eb.fn.coalesce('excluded.note', 'indicators.note'),
              updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .returningAll()
          .execute();
        for (const r of out) stored.set(keyOf(r.kind, r.value), toIndicator(r));
      }
    });
    return all.map((i) => stored.get(keyOf(i.kind, i.value))!);
  }

  /** Delete by (kind, value); returns the removed indicator, or undefined if there was none. */
  async remove(kind: IndicatorKind, value: string): Promise<Indicator | undefined> {
    const r = await this.db.deleteFrom('indicators').where('kind', '=', kind).where('value', '=', value).returningAll().executeTakeFirst();
    return r ? toIndicator(r) : undefined;
  }

  async get(kind: IndicatorKind, value: string): Promise<Indicator | undefined> {
    const r = await this.db.selectFrom('indicators').selectAll().where('kind', '=', kind).where('value', '=', value).executeTakeFirst();
    return r ? toIndicator(r) : undefined;
  }

  /** One page in id order (ids are time-ordered ULIDs, so oldest first). */
  async list(opts: IndicatorListOptions = {}): Promise<Indicator[]> {
    const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 100), 1), MAX_LIST_LIMIT);
    let q = this.db.selectFrom('indicators').selectAll().orderBy('id').limit(limit);
    if (opts.kind) q = q.where('kind', '=', opts.kind);
    if (opts.after !== undefined) q = q.where('id', '>', opts.after);
    return (await q.execute()).map(toIndicator);
  }

  /**
   * Indicators changed after a point, oldest change first: the feed behind TAXII `added_after` paging. The cursor
   * is (updatedAt, id), so rows changed in the same millisecond are neither skipped nor repeated.
   */
  async changedSince(opts: { after: number; afterId?: string; verdict?: 'bad' | 'good'; excludeSourcePrefix?: string; limit: number }): Promise<Array<{ indicator: Indicator; updatedAt: number }>> {
    let q = this.db.selectFrom('indicators').selectAll().orderBy('updated_at').orderBy('id').limit(Math.min(Math.max(opts.limit, 1), MAX_LIST_LIMIT));
    q = opts.afterId === undefined
      ? q.where('updated_at', '>', opts.after)
      : q.where((eb) => eb.or([eb('updated_at', '>', opts.after), eb.and([eb('updated_at', '=', opts.after), eb('id', '>', opts.afterId!)])]));
    if (opts.verdict) q = q.where('verdict', '=', opts.verdict);
    if (opts.excludeSourcePrefix) q = q.where('source', 'not like', `${opts.excludeSourcePrefix}%`);
    return (await q.execute()).map((r) => ({ indicator: toIndicator(r), updatedAt: Number(r.updated_at) }));
  }

  async count(kind?: IndicatorKind): Promise<number> {
    let q = this.db.selectFrom('indicators').select((eb) => eb.fn.countAll<number | string>().as('n'));
    if (kind) q = q.where('kind', '=', kind);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  /**
   * Every indicator, in batches of `batchSize`, by keyset pagination on id: constant memory, works on both
   * stores (no server-side cursor needed), and each batch is a short query, so writers are never blocked
   * for the whole scan. Rows written during the scan may or may not be included.
   */
  async *streamAll(batchSize = 10_000): AsyncGenerator<Indicator[]> {
    let after: string | undefined;
    for (;;) {
      let q = this.db.selectFrom('indicators').selectAll().orderBy('id').limit(batchSize);
      if (after !== undefined) q = q.where('id', '>', after);
      const rows = await q.execute();
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.id;
      yield rows.map(toIndicator);
      if (rows.length < batchSize) return;
    }
  }

  /**
   * Like streamAll, but only the columns the in-memory index keeps, selected under the index's field names so
   * each driver row is already an IndexEntry. The start-up rebuild of a million indicators is bound by row
   * decoding, and this halves it (bench/indicators.ts).
   */
  async *streamIndexEntries(batchSize = 20_000): AsyncGenerator<IndexEntry[]> {
    let after: string | undefined;
    for (;;) {
      let q = this.db
        .selectFrom('indicators')
        .select(['id', 'kind', 'value', 'verdict', 'confidence', 'expires_at as expiresAt', 'source', 'brand', 'family'])
        .orderBy('id')
        .limit(batchSize);
      if (after !== undefined) q = q.where('id', '>', after);
      const rows: IndexEntry[] = await q.execute();
      if (rows.length === 0) return;
      after = rows[rows.length - 1]!.id;
      yield rows;
      if (rows.length < batchSize) return;
    }
  }
}
