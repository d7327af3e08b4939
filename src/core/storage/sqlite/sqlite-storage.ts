// SQLite adapter: the embedded default (one file under dataDir, better-sqlite3, WAL). The only file that
// imports better-sqlite3. Open one Storage per thread: better-sqlite3 is synchronous, so a second handle on the
// same thread waiting for the write lock would block the very thread that holds it (until the busy timeout, then
// SQLITE_BUSY). Several processes, or worker threads (the firewall's decision log and decider threads), on one
// file are fine: a waiting writer blocks only its own thread.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteAdapter, SqliteDialect, sql, type DialectAdapter } from 'kysely';
import { AppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { ErrorMappingDialect } from '../error-mapping-dialect.js';
import type { Database } from '../schema.js';
import { insertHead, runMigrations, storageError, type Storage, type StorageCapabilities } from '../storage.js';

/** How long a writer waits for another connection's write lock before failing, ms. */
export const SQLITE_BUSY_TIMEOUT_MS = 5_000;

export const SQLITE_FILE_NAME = 'mamoru.db';

function capabilities(memory: boolean): StorageCapabilities {
  return Object.freeze({
    returning: true,
    streaming: true,
    concurrentWriters: false,
    maxBindParameters: 32_766,
    caseInsensitiveLike: true,
    durable: !memory,
  });
}

function isUniqueSqlite(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

// Kysely runs SQLite migrations without a transaction or lock (it assumes one process). Two processes opening
// the same file for the first time would then race; BEGIN IMMEDIATE takes the write lock (waiting up to the
// busy timeout) so the second one sees the first one's migrations and applies nothing.
class LockingSqliteAdapter extends SqliteAdapter {
  constructor(private readonly database: BetterSqlite3.Database) {
    super();
  }
  override async acquireMigrationLock(db: Kysely<unknown>): Promise<void> {
    await sql`begin immediate`.execute(db);
  }
  override async releaseMigrationLock(db: Kysely<unknown>): Promise<void> {
    if (this.database.inTransaction) await sql`commit`.execute(db);
  }
}

class MamoruSqliteDialect extends SqliteDialect {
  constructor(private readonly database: BetterSqlite3.Database) {
    super({ database });
  }
  override createAdapter(): DialectAdapter {
    return new LockingSqliteAdapter(this.database);
  }
}

export async function openSqliteStorage(opts: { dataDir: string; memory?: boolean; relaxedDurability?: boolean }, logger: Logger): Promise<Storage> {
  const memory = opts.memory === true;
  let database: BetterSqlite3.Database;
  const file = memory ? ':memory:' : join(opts.dataDir, SQLITE_FILE_NAME);
  try {
    if (!memory) mkdirSync(opts.dataDir, { recursive: true });
    database = new BetterSqlite3(file);
    if (!memory) database.pragma('journal_mode = WAL');
    database.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    database.pragma('foreign_keys = ON');
    // FULL (not NORMAL) so a commit acknowledged to a caller survives a power loss, not only a process crash; NORMAL
    // only where the caller asked for it (see OpenStorageOptions.relaxedDurability).
    database.pragma(opts.relaxedDurability ? 'synchronous = NORMAL' : 'synchronous = FULL');
  } catch (e) {
    throw new AppError('STORAGE_FAILED', 'could not open the SQLite store', { reason: 'driver_error', file: memory ? ':memory:' : SQLITE_FILE_NAME }, { cause: e });
  }
  const db = new Kysely<Database>({ dialect: new ErrorMappingDialect(new MamoruSqliteDialect(database), isUniqueSqlite) });
  let closed = false;
  const appendStatements = new Map<string, BetterSqlite3.Statement>();
  const storage: Storage = {
    db,
    dialect: 'sqlite',
    capabilities: capabilities(memory),
    migrate: () => runMigrations(db, logger),
    async appendRows(table, columns, rows) {
      const head = insertHead(table, columns);
      // Holding Kysely's connection keeps this transaction from running inside one of Kysely's on this handle.
      await db.connection().execute(() => {
        try {
          const key = `${table}(${columns.join(',')})`;
          let statement = appendStatements.get(key);
          if (!statement) {
            statement = database.prepare(`${head} values (${columns.map(() => '?').join(', ')}) on conflict do nothing`);
            appendStatements.set(key, statement);
          }
          const st = statement;
          database.transaction(() => {
            for (const r of rows) st.run(r);
          })();
          return Promise.resolve();
        } catch (e) {
          return Promise.reject(storageError(e, isUniqueSqlite(e)));
        }
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
  try {
    await storage.migrate();
  } catch (e) {
    await storage.close();
    throw storageError(e, false);
  }
  logger.info({ dialect: 'sqlite', memory }, 'storage opened');
  return storage;
}
