// The consent registry for infected-handset warnings (DESIGN §4). The terms of service cover every line by default
// (no row = 'covered'); a subscriber opts out, and back in, at any time through the API or the page. The
// conditions that make comprehensive consent valid are enforced here and by the notifier:
//  - an opted-out line is never processed: `isOptedOut` is what the detector and the notifier ask first, and the
//    notifier asks the store itself (`statusFromStore`) right before any contact;
//  - a change takes effect at once: the store is the truth; the small cache in front of `isOptedOut` is updated by
//    every change made through this registry and lives at most `cacheMs` for changes made by another process;
//  - every change is audited and kept in the append-only consent_history, in the same transaction as the change.
import type { Kysely } from 'kysely';
import { AuditLog, BoundedCache, newId, type Clock, type ConsentSource, type ConsentStatus, type Database } from '../core/index.js';
import type { LineKeys } from './line.js';

export const CONSENT_STATUSES = ['covered', 'opted_out'] as const satisfies readonly ConsentStatus[];
export const CONSENT_SOURCES = ['terms', 'api', 'page', 'import'] as const satisfies readonly ConsentSource[];

export interface ConsentState {
  lineKey: string;
  status: ConsentStatus;
  /** 'terms' while the line has never changed the default. */
  source: ConsentSource;
  /** ms since epoch of the last change; null while the default applies. */
  changedAt: number | null;
  changedBy: string | null;
}

export interface ConsentChange {
  id: string;
  lineKey: string;
  status: ConsentStatus;
  previousStatus: ConsentStatus;
  changedAt: number;
  changedBy: string;
  source: ConsentSource;
}

export interface ConsentRegistryOptions {
  db: Kysely<Database>;
  clock: Clock;
  lineKeys: LineKeys;
  /** How long `isOptedOut` may answer from memory, ms; default 1,000; 0 = always ask the store. Only changes made
   * by another process can be this late; changes made here update the cache at once. */
  cacheMs?: number;
  /** Most lines remembered by the cache; default 100,000. */
  cacheSize?: number;
}

export class ConsentRegistry {
  private readonly db: Kysely<Database>;
  private readonly clock: Clock;
  private readonly lineKeys: LineKeys;
  private readonly cacheMs: number;
  private readonly cache: BoundedCache<string, { optedOut: boolean; until: number }>;

  constructor(opts: ConsentRegistryOptions) {
    this.db = opts.db;
    this.clock = opts.clock;
    this.lineKeys = opts.lineKeys;
    this.cacheMs = opts.cacheMs ?? 1_000;
    this.cache = new BoundedCache(opts.cacheSize ?? 100_000);
  }

  /** The current state of a line; the default (covered by the terms) when it never changed. */
  async state(lineKey: string): Promise<ConsentState> {
    const row = await this.db.selectFrom('consent').selectAll().where('line_key', '=', lineKey).executeTakeFirst();
    const state: ConsentState = row
      ? { lineKey, status: row.status, source: row.source, changedAt: Number(row.changed_at), changedBy: row.changed_by }
      : { lineKey, status: 'covered', source: 'terms', changedAt: null, changedBy: null };
    this.remember(lineKey, state.status === 'opted_out');
    return state;
  }

  /** 'covered' or 'opted_out', read from the store. */
  async status(lineKey: string): Promise<ConsentStatus> {
    return (await this.state(lineKey)).status;
  }

  /** Same as `status`, named for the notifier's last check before contacting anyone: never answered from memory. */
  async statusFromStore(lineKey: string): Promise<ConsentStatus> {
    return this.status(lineKey);
  }

  /** Fast check for the hot path (the detector asks it per line before scoring). */
  async isOptedOut(lineKey: string): Promise<boolean> {
    const hit = this.cache.get(lineKey);
    if (hit && hit.until > this.clock.now()) return hit.optedOut;
    return (await this.status(lineKey)) === 'opted_out';
  }

  /** Sets a line's consent from a number in any accepted form (INVALID_LINE otherwise). */
  async set(line: string, status: ConsentStatus, actor: string, source: ConsentSource): Promise<ConsentState & { changed: boolean }> {
    return this.setByKey(this.lineKeys.of(line).lineKey, status, actor, source);
  }

  /**
   * Sets a line's consent by its pseudonym. The change, its history row and its audit entry are written in one
   * transaction; setting the status a line already has changes nothing (and is still audited as a request).
   * `auditDetails` go into the audit entry beside the change (the settings page's `issuedBy`).
   */
  async setByKey(lineKey: string, status: ConsentStatus, actor: string, source: ConsentSource, auditDetails?: Record<string, unknown>): Promise<ConsentState & { changed: boolean }> {
    const now = this.clock.now();
    const result = await this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('consent').select(['status', 'source', 'changed_at', 'changed_by']).where('line_key', '=', lineKey).executeTakeFirst();
      const previous: ConsentStatus = row?.status ?? 'covered';
      const changed = previous !== status;
      if (changed) {
        await trx
          .insertInto('consent')
          .values({ line_key: lineKey, status, changed_at: now, changed_by: actor, source })
          .onConflict((oc) => oc.column('line_key').doUpdateSet({ status, changed_at: now, changed_by: actor, source }))
          .execute();
        await trx.insertInto('consent_history').values({ id: newId(now), line_key: lineKey, status, previous_status: previous, changed_at: now, changed_by: actor, source }).execute();
      }
      await new AuditLog(trx, this.clock).record({
        actor, action: 'consent.set', target: `line:${lineKey}`, purpose: 'subscriber consent (infected-handset warnings)',
        details: { ...auditDetails, status, previous, source, changed },
      });
      const state: ConsentState = changed
        ? { lineKey, status, source, changedAt: now, changedBy: actor }
        : row
          ? { lineKey, status: row.status, source: row.source, changedAt: Number(row.changed_at), changedBy: row.changed_by }
          : { lineKey, status: 'covered', source: 'terms', changedAt: null, changedBy: null };
      return { ...state, changed };
    });
    this.remember(lineKey, result.status === 'opted_out');
    return result;
  }

  /**
   * Applies the consent column of a directory import. An import may opt a line out but never opts it back in: a
   * stale export from the customer system must not undo an opt-out the subscriber made since. Returns whether the
   * line changed.
   */
  async applyImported(lineKey: string, status: ConsentStatus, actor: string): Promise<boolean> {
    if (status !== 'opted_out') return false;
    return (await this.setByKey(lineKey, 'opted_out', actor, 'import')).changed;
  }

  /** Every change of a line, oldest first. */
  async history(lineKey: string): Promise<ConsentChange[]> {
    const rows = await this.db.selectFrom('consent_history').selectAll().where('line_key', '=', lineKey).orderBy('changed_at').orderBy('id').execute();
    return rows.map((r) => ({
      id: r.id, lineKey: r.line_key, status: r.status, previousStatus: r.previous_status, changedAt: Number(r.changed_at), changedBy: r.changed_by, source: r.source,
    }));
  }

  private remember(lineKey: string, optedOut: boolean): void {
    if (this.cacheMs <= 0) return;
    this.cache.set(lineKey, { optedOut, until: this.clock.now() + this.cacheMs });
  }
}
