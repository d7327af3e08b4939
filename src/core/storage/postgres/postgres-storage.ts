// PostgreSQL adapter: the scale-out store (pg Pool). The only file that imports pg.
import pg from 'pg';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { AppError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { ErrorMappingDialect } from '../error-mapping-dialect.js';
import type { Database } from '../schema.js';
import { insertHead, isUniqueViolation, runMigrations, storageError, type Storage, type StorageCapabilities } from '../storage.js';

const CAPABILITIES: StorageCapabilities = Object.freeze({
  returning: true,
  streaming: false,
  concurrentWriters: true,
  maxBindParameters: 65_535,
  caseInsensitiveLike: false,
  durable: true,
});

/** Connections kept by the pool. */
export const PG_POOL_SIZE = 10;

const INT8_OID = 20;
const SCHEMA_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

// Times are bigint ms; pg returns int8 as strings by default to avoid precision loss above 2^53. Our
// bigints are ms timestamps and counts, far below that, so they are parsed as numbers, for this pool only
// (pg.types.setTypeParser would change every pg user in the process).
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary' ? (v: string) => Number(v) : (pg.types.getTypeParser(oid, format) as unknown)) as pg.CustomTypesConfig['getTypeParser'],
};

function isUniquePg(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === '23505';
}

// Two handles creating the same schema at once can both pass IF NOT EXISTS and one then hits the catalogue's
// unique index; the schema exists either way, which is all that is needed.
async function createSchema(db: Kysely<Database>, schema: string): Promise<void> {
  try {
    await sql`create schema if not exists ${sql.id(schema)}`.execute(db);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
  }
}

export async function openPostgresStorage(opts: { databaseUrl: string; pgSchema?: string; relaxedDurability?: boolean }, logger: Logger): Promise<Storage> {
  const schema = opts.pgSchema;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new AppError('CONFIG_INVALID', 'pgSchema must be letters, digits and underscores (max 63)', [{ key: 'pgSchema', message: 'invalid schema name' }]);
  }
  const pool = new pg.Pool({
    connectionString: opts.databaseUrl,
    max: PG_POOL_SIZE,
    types,
    ...(schema || opts.relaxedDurability ? { options: [schema ? `-c search_path=${schema}` : '', opts.relaxedDurability ? '-c synchronous_commit=off' : ''].filter((o) => o !== '').join(' ') } : {}),
  });
  // Without a listener an idle client's network error would be an uncaught 'error' event and kill the process.
  pool.on('error', (e) => logger.error({ err: e }, 'postgres idle client error'));
  const db = new Kysely<Database>({ dialect: new ErrorMappingDialect(new PostgresDialect({ pool }), isUniquePg) });
  let closed = false;
  let migrationTableSchema = schema ?? 'public';
  const storage: Storage = {
    db,
    dialect: 'postgres',
    capabilities: CAPABILITIES,
    migrate: () => runMigrations(db, logger, { migrationTableSchema }),
    async appendRows(table, columns, rows) {
      const head = insertHead(table, columns);
      const perStatement = Math.max(1, Math.floor(CAPABILITIES.maxBindParameters / columns.length));
      const client = await pool.connect().catch((e: unknown) => Promise.reject(storageError(e, false)));
      try {
        await client.query('begin');
        for (let i = 0; i < rows.length; i += perStatement) {
          const chunk = rows.slice(i, i + perStatement);
          const values: unknown[] = [];
          const tuples = chunk.map((r) => `(${r.map((v) => {
            values.push(v);
            return `$${values.length}`;
          }).join(', ')})`);
          await client.query(`${head} values ${tuples.join(', ')} on conflict do nothing`, values);
        }
        await client.query('commit');
      } catch (e) {
        await client.query('rollback').catch(() => undefined);
        throw storageError(e, isUniquePg(e));
      } finally {
        client.release();
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
  try {
    if (schema) await createSchema(db, schema);
    // Kysely's migrator matches its bookkeeping table by schema; pinning it to the connection's current schema
    // keeps two mamoru installations (or test runs) in one database from seeing each other's migrations.
    const row = await sql<{ s: string | null }>`select current_schema() as s`.execute(db);
    migrationTableSchema = row.rows[0]?.s ?? migrationTableSchema;
    await storage.migrate();
  } catch (e) {
    await storage.close();
    throw storageError(e, false);
  }
  logger.info({ dialect: 'postgres', schema: migrationTableSchema }, 'storage opened');
  return storage;
}
