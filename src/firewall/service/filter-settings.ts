// Each line's filter settings (DESIGN S1): network filtering is on for everyone unless the subscriber opted out;
// the client layer is on only for lines with the carrier's app. No row means the defaults (network on, client
// off). The decider asks on every message, so answers are cached, bounded: a change made here replaces the cached
// answer at once; a change made by another process (the API server beside a separate firewall process) is seen
// within `cacheMs`.
import type { Kysely } from 'kysely';
import { AuditLog, BoundedCache, type Clock, type Database } from '../../core/index.js';

export interface FilterSettings {
  lineKey: string;
  /** Network-layer blocking applies (default true). */
  network: boolean;
  /** The line has the client layer: flagged messages are quarantined for its app (default false). */
  client: boolean;
  /** 'default' while the line never changed anything. */
  source: 'default' | 'set';
  /** ms since epoch of the last change; null while the defaults apply. */
  changedAt: number | null;
  changedBy: string | null;
}

export interface FilterSettingsPatch {
  network?: boolean;
  client?: boolean;
}

export interface FilterSettingsStoreOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** How long an answer is kept in memory, ms; default 2,000; 0 = always ask the store. Only changes made by
   * another process can be this late. */
  cacheMs?: number;
  /** Most lines remembered; default 200,000. */
  cacheSize?: number;
}

export const DEFAULT_FILTER = { network: true, client: false } as const;

function defaults(lineKey: string): FilterSettings {
  return { lineKey, ...DEFAULT_FILTER, source: 'default', changedAt: null, changedBy: null };
}

export class FilterSettingsStore {
  private readonly db: Kysely<Database>;
  private readonly clock: Clock;
  private readonly cacheMs: number;
  private readonly cache: BoundedCache<string, { s: FilterSettings; until: number }>;

  constructor(opts: FilterSettingsStoreOptions) {
    this.db = opts.db;
    this.clock = opts.clock;
    this.cacheMs = opts.cacheMs ?? 2_000;
    this.cache = new BoundedCache(opts.cacheSize ?? 200_000);
  }

  /** The hot path: from memory when fresh, else from the store. */
  async forLine(lineKey: string): Promise<FilterSettings> {
    return this.peek(lineKey) ?? this.fromStore(lineKey);
  }

  /** The remembered answer when still fresh, without touching the store (lets the decider skip an await). */
  peek(lineKey: string): FilterSettings | undefined {
    const hit = this.cache.get(lineKey);
    return hit && hit.until > this.clock.now() ? hit.s : undefined;
  }

  /** Always read from the store (and refreshes the cache). */
  async fromStore(lineKey: string): Promise<FilterSettings> {
    const row = await this.db.selectFrom('filter_settings').selectAll().where('line_key', '=', lineKey).executeTakeFirst();
    const s: FilterSettings = row
      ? { lineKey, network: Number(row.network) === 1, client: Number(row.client) === 1, source: 'set', changedAt: Number(row.changed_at), changedBy: row.changed_by }
      : defaults(lineKey);
    this.remember(s);
    return s;
  }

  /**
   * Changes a line's settings; fields left out keep their value. The change and its audit entry are written in one
   * transaction; the cache of this process holds the new value at once.
   */
  async set(lineKey: string, patch: FilterSettingsPatch, actor: string): Promise<FilterSettings & { changed: boolean }> {
    const now = this.clock.now();
    const result = await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('filter_settings').selectAll().where('line_key', '=', lineKey).executeTakeFirst();
      const before = row ? { network: Number(row.network) === 1, client: Number(row.client) === 1 } : { ...DEFAULT_FILTER };
      const after = { network: patch.network ?? before.network, client: patch.client ?? before.client };
      const changed = after.network !== before.network || after.client !== before.client;
      let s: FilterSettings;
      if (changed) {
        const values = { network: after.network ? 1 : 0, client: after.client ? 1 : 0, changed_at: now, changed_by: actor };
        await trx.insertInto('filter_settings').values({ line_key: lineKey, ...values })
          .onConflict((oc) => oc.column('line_key').doUpdateSet(values)).execute();
        s = { lineKey, ...after, source: 'set', changedAt: now, changedBy: actor };
      } else {
        s = row ? { lineKey, ...after, source: 'set', changedAt: Number(row.changed_at), changedBy: row.changed_by } : defaults(lineKey);
      }
      await new AuditLog(trx, this.clock).record({
        actor, action: 'filter.set', target: `line:${lineKey}`, purpose: 'subscriber filter settings (SMS firewall)',
        details: { before, after, changed },
      });
      return { ...s, changed };
    });
    this.remember(result);
    return result;
  }

  /** Forgets what this process remembers about a line (or every line). */
  invalidate(lineKey?: string): void {
    if (lineKey === undefined) this.cache.clear();
    else this.cache.delete(lineKey);
  }

  private remember(s: FilterSettings): void {
    if (this.cacheMs <= 0) return;
    const { lineKey, network, client, source, changedAt, changedBy } = s;
    this.cache.set(lineKey, { s: { lineKey, network, client, source, changedAt, changedBy }, until: this.clock.now() + this.cacheMs });
  }
}
