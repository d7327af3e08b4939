// The storage port: what every module gets from `openStorage`, whichever store is behind it. Repositories are
// written once against `Kysely<Database>`; the few places where SQLite and PostgreSQL behave differently are
// stated as capability flags, so callers branch on a documented fact instead of on the dialect name.
import { Migrator, type Kysely } from 'kysely';
import { AppError, isAppError } from '../errors.js';
import type { Logger } from '../logger.js';
import { migrationProvider } from './migrations.js';
import type { Database } from './schema.js';

export interface StorageCapabilities {
  /** `INSERT/UPDATE/DELETE … RETURNING` works. True on both stores today (SQLite ≥ 3.35). */
  readonly returning: boolean;
  /** `query.stream()` yields rows without buffering the result. SQLite: true. PostgreSQL: false (needs pg-cursor,
   * not installed); use keyset pagination, which works everywhere. */
  readonly streaming: boolean;
  /** Writers from several connections proceed in parallel. SQLite: false (one writer at a time, other processes
   * wait up to the busy timeout; use one Storage per process). PostgreSQL: true (row locks). */
  readonly concurrentWriters: boolean;
  /** Most bound parameters in one statement. SQLite: 32766. PostgreSQL: 65535. Size batched inserts by it. */
  readonly maxBindParameters: number;
  /** `LIKE` ignores ASCII case. SQLite: true. PostgreSQL: false (use lower() on both sides when it matters). */
  readonly caseInsensitiveLike: boolean;
  /** Data survives `close()`. False only for the SQLite `:memory:` store used in tests. */
  readonly durable: boolean;
}

export type StorageDialect = 'sqlite' | 'postgres';

export interface Storage {
  readonly db: Kysely<Database>;
  readonly dialect: StorageDialect;
  readonly capabilities: StorageCapabilities;
  /** Apply pending migrations; safe to call any number of times and from several processes at once. */
  migrate(): Promise<void>;
  /**
   * Inserts rows given as value arrays in `columns` order, in one transaction, skipping a row that clashes with a
   * stored one on its primary key or any unique key: the fast path for append-only logs written at message rates (no query builder per row — one
   * prepared statement on SQLite, one multi-row statement per chunk on PostgreSQL). Table and column names must be
   * plain identifiers (letters, digits, underscores); anything else is refused.
   */
  appendRows(table: string, columns: readonly string[], rows: ReadonlyArray<readonly unknown[]>): Promise<void>;
  /** Release connections; the Storage is unusable afterwards. Idempotent. */
  close(): Promise<void>;
}

export interface OpenStorageOptions {
  /** Directory for the SQLite file `mamoru.db`; created if missing. Ignored when `databaseUrl` is set. */
  dataDir: string;
  /** postgres://… selects PostgreSQL. */
  databaseUrl?: string;
  /** SQLite `:memory:` (tests only): nothing touches the disk, nothing survives close(). */
  memory?: boolean;
  /** PostgreSQL schema to use (created if missing) instead of the connection's default; tests use one per run.
   * Letters, digits and underscores only. */
  pgSchema?: string;
  /** Commits are not flushed to disk one by one (SQLite synchronous=NORMAL, PostgreSQL synchronous_commit=off): they
   * survive a process crash but the last ones may be lost on a power loss. Only for a connection of its own that
   * appends rows its writer already held in memory (the firewall's decision log), never for acknowledged data. */
  relaxedDurability?: boolean;
}

/** Error details carried by every storage AppError, so callers can tell kinds apart without driver imports. */
export interface StorageErrorDetails {
  reason: 'unique_violation' | 'driver_error';
  /** The driver's error code (e.g. SQLITE_CONSTRAINT_UNIQUE, PostgreSQL SQLSTATE 23505), if any. */
  driverCode?: string;
}

/**
 * True when `e` is a unique/primary-key violation from either store. Such errors are
 * `AppError('CONFLICT')`; every other driver failure is `AppError('STORAGE_FAILED')`.
 */
export function isUniqueViolation(e: unknown): boolean {
  return isAppError(e) && e.code === 'CONFLICT' && (e.details as StorageErrorDetails | undefined)?.reason === 'unique_violation';
}

/** Build the AppError for a driver failure. Messages stay generic (they can reach API clients); the driver's
 * error is kept as `cause` for the log. */
export function storageError(e: unknown, unique: boolean): AppError {
  if (isAppError(e)) return e;
  const driverCode = typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : undefined;
  const details: StorageErrorDetails = { reason: unique ? 'unique_violation' : 'driver_error', ...(driverCode ? { driverCode } : {}) };
  return unique
    ? new AppError('CONFLICT', 'a record with the same key already exists', details, { cause: e })
    : new AppError('STORAGE_FAILED', `storage operation failed${driverCode ? ` (${driverCode})` : ''}`, details, { cause: e });
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

/** `insert into "t" ("a", "b")` for appendRows, after checking every name is a plain identifier. */
export function insertHead(table: string, columns: readonly string[]): string {
  for (const name of [table, ...columns]) if (!IDENTIFIER.test(name)) throw new AppError('VALIDATION_FAILED', `not a plain identifier: ${JSON.stringify(name)}`);
  if (columns.length === 0) throw new AppError('VALIDATION_FAILED', 'appendRows needs at least one column');
  return `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')})`;
}

/** Options for `runMigrations` that differ per adapter. */
export interface MigrateOptions {
  /** PostgreSQL: schema holding Kysely's bookkeeping tables (must be the connection's current schema). */
  migrationTableSchema?: string;
}

function pgCode(e: unknown): string | undefined {
  for (let cur: unknown = e, depth = 0; cur && depth < 5; depth++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') return c;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Apply every pending migration with Kysely's Migrator; failures become STORAGE_FAILED. */
export async function runMigrations(db: Kysely<Database>, logger: Logger, options: MigrateOptions = {}): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(options.migrationTableSchema ? { migrationTableSchema: options.migrationTableSchema } : {}),
  });
  // Kysely's migrator looks for its bookkeeping table by listing the tables of every schema; a schema that another
  // installation drops at that moment fails the listing with 3F000 (invalid_schema_name). That says nothing about
  // this store, so the migration is tried again a few times.
  let { error, results } = await migrator.migrateToLatest();
  for (let attempt = 1; attempt <= 5 && error && pgCode(error) === '3F000'; attempt++) {
    await new Promise((r) => setTimeout(r, 50 * attempt));
    ({ error, results } = await migrator.migrateToLatest());
  }
  for (const r of results ?? []) {
    if (r.status === 'Success') logger.info({ migration: r.migrationName }, 'storage migration applied');
    if (r.status === 'Error') logger.error({ migration: r.migrationName }, 'storage migration failed');
  }
  if (error) {
    throw isAppError(error)
      ? error
      : new AppError('STORAGE_FAILED', 'storage migration failed', { reason: 'driver_error' }, { cause: error });
  }
}
