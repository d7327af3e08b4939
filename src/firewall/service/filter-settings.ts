// Each line's filter settings (DESIGN S1): network filtering is on for everyone unless the subscriber opted out;
// the client layer is on only for lines with the carrier's app. No row means the defaults (network on, client
// off). The decider asks on every message, and in live traffic recipients rarely repeat, so a cache of answers
// would miss on almost every message and cost a store query each time. Instead the proxy keeps every line that
// differs from the defaults in memory (a map from pseudonym to two bits, about 100 bytes a line), loaded once
// when the first message is decided; a change made here applies at once, a change made by another process (the
// API server beside a separate firewall process) is read within `refreshMs` by a query on `changed_at`.
import type { Kysely } from 'kysely';
import { AuditLog, type Clock, type Database, type Logger } from '../../core/index.js';

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
  logger?: Logger;
  /** How often rows changed by another process are read once the lines are in memory, ms; default 1,000;
   * 0 = never in the background (call refresh()). */
  refreshMs?: number;
}

export const DEFAULT_FILTER = { network: true, client: false } as const;

/** Rows read per query when the lines are loaded. */
const PAGE = 10_000;
/** A refresh re-reads what changed this long before the newest change it has seen: another process's clock may be
 * behind ours, and reading a row twice changes nothing. */
const SKEW_MS = 60_000;
const NETWORK_OFF = 1;
const CLIENT_ON = 2;

function defaults(lineKey: string): FilterSettings {
  return { lineKey, ...DEFAULT_FILTER, source: 'default', changedAt: null, changedBy: null };
}

const bitsOf = (network: boolean, client: boolean): number => (network ? 0 : NETWORK_OFF) | (client ? CLIENT_ON : 0);
/** The four combinations, shared: the hot path allocates nothing. */
const BY_BITS: ReadonlyArray<Pick<FilterSettings, 'network' | 'client'>> = [0, 1, 2, 3].map((b) => Object.freeze({ network: (b & NETWORK_OFF) === 0, client: (b & CLIENT_ON) !== 0 }));

export class FilterSettingsStore {
  private readonly db: Kysely<Database>;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly refreshMs: number;
  /** Lines whose settings differ from the defaults → NETWORK_OFF | CLIENT_ON. Complete once `loaded`. */
  private readonly lines = new Map<string, number>();
  private loaded = false;
  private loading: Promise<void> | null = null;
  /** The newest changed_at read so far. */
  private watermark = 0;
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;
  /** Bumped by every change made here: a refresh that read the store before such a change discards what it read. */
  private generation = 0;
  private closed = false;

  constructor(opts: FilterSettingsStoreOptions) {
    this.db = opts.db;
    this.clock = opts.clock;
    this.logger = opts.logger;
    this.refreshMs = opts.refreshMs ?? 1_000;
  }

  /**
   * The hot path: the line's settings from memory, or undefined while the lines are not loaded yet (the first call
   * starts loading them; ask the store meanwhile).
   */
  current(lineKey: string): Pick<FilterSettings, 'network' | 'client'> | undefined {
    if (!this.loaded) {
      void this.load();
      return undefined;
    }
    return BY_BITS[this.lines.get(lineKey) ?? 0];
  }

  /** Reads every line that differs from the defaults into memory and starts the refresh; resolves when done. */
  load(): Promise<void> {
    const generation = this.generation;
    this.loading ??= this.loadAll().then(
      async () => {
        // A change made here while the pages were read may have been overwritten by an older page: read it again.
        if (generation !== this.generation) await this.refresh();
        this.loaded = true;
        if (this.refreshMs > 0 && !this.closed) {
          this.timer = setInterval(() => void this.refresh(), this.refreshMs);
          this.timer.unref();
        }
      },
      (e: unknown) => {
        this.loading = null; // the next message tries again
        this.logger?.warn({ err: e }, 'firewall: loading the filter settings failed; the store is asked per message meanwhile');
      },
    );
    return this.loading;
  }

  private async loadAll(): Promise<void> {
    let after = '';
    for (;;) {
      const rows = await this.db.selectFrom('filter_settings').select(['line_key', 'network', 'client', 'changed_at'])
        .where('line_key', '>', after).orderBy('line_key').limit(PAGE).execute();
      for (const r of rows) this.applyRead(r.line_key, Number(r.network) === 1, Number(r.client) === 1, Number(r.changed_at));
      if (rows.length < PAGE) return;
      after = rows[rows.length - 1]!.line_key;
    }
  }

  /** Reads the rows changed since the newest change seen (less SKEW_MS); the timer calls it every `refreshMs`. */
  refresh(): Promise<void> {
    if (this.refreshing) return this.refreshing;
    const generation = this.generation;
    const refreshing = this.db.selectFrom('filter_settings').select(['line_key', 'network', 'client', 'changed_at'])
      .where('changed_at', '>=', this.watermark - SKEW_MS).execute()
      .then((rows) => {
        if (generation !== this.generation) return; // read before a change made here: the next refresh reads it again
        for (const r of rows) this.applyRead(r.line_key, Number(r.network) === 1, Number(r.client) === 1, Number(r.changed_at));
      })
      .catch((e: unknown) => this.logger?.warn({ err: e }, 'firewall: reading changed filter settings failed; retried'))
      .finally(() => {
        this.refreshing = null;
      });
    this.refreshing = refreshing;
    return refreshing;
  }

  /** Applies a row read from the store; the watermark follows what was read, never beyond our own clock (a writer
   * whose clock is ahead must not hide other writers' later changes). */
  private applyRead(lineKey: string, network: boolean, client: boolean, changedAt: number): void {
    this.apply(lineKey, network, client);
    const capped = Math.min(changedAt, this.clock.now());
    if (capped > this.watermark) this.watermark = capped;
  }

  private apply(lineKey: string, network: boolean, client: boolean): void {
    const bits = bitsOf(network, client);
    if (bits === 0) this.lines.delete(lineKey);
    else this.lines.set(lineKey, bits);
  }

  /** Lines held in memory (those that differ from the defaults), once loaded. */
  get size(): number {
    return this.lines.size;
  }

  /** Always read from the store, with who changed it and when (the API's answer). */
  async fromStore(lineKey: string): Promise<FilterSettings> {
    const row = await this.db.selectFrom('filter_settings').selectAll().where('line_key', '=', lineKey).executeTakeFirst();
    return row
      ? { lineKey, network: Number(row.network) === 1, client: Number(row.client) === 1, source: 'set', changedAt: Number(row.changed_at), changedBy: row.changed_by }
      : defaults(lineKey);
  }

  /**
   * Changes a line's settings; fields left out keep their value. The change and its audit entry are written in one
   * transaction; this process applies the new value at once. `auditDetails` go into the audit entry beside what
   * changed (the settings page's `issuedBy`: who handed the subscriber over).
   */
  async set(lineKey: string, patch: FilterSettingsPatch, actor: string, auditDetails?: Record<string, unknown>): Promise<FilterSettings & { changed: boolean }> {
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
        details: { ...auditDetails, before, after, changed },
      });
      return { ...s, changed };
    });
    this.generation++;
    // Not the watermark: it follows only what refresh reads, so a refresh discarded for this change is read again.
    this.apply(lineKey, result.network, result.client);
    return result;
  }

  /** Stops the refresh. */
  close(): void {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
