// The first schema: meta, indicators, brands, senders, audit_log. Schema builder only, so the same migration
// runs on SQLite and PostgreSQL. Times are `bigint` (ms since epoch); JSON is `text`.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('indicators')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull().check(sqlIn('verdict', ['bad', 'good'])))
    .addColumn('source', 'text', (c) => c.notNull())
    // `double precision`, not `real`: PostgreSQL's real is 4 bytes while SQLite's REAL is 8, and a confidence
    // must read back exactly as written on both stores.
    .addColumn('confidence', 'double precision', (c) => c.notNull())
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('brand', 'text')
    .addColumn('family', 'text')
    .addColumn('note', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('indicators_kind_value_uq', ['kind', 'value'])
    .execute();
  await db.schema.createIndex('indicators_updated_at_idx').on('indicators').column('updated_at').execute();

  await db.schema
    .createTable('brands')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('senders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sender', 'text', (c) => c.notNull().unique())
    .addColumn('sender_type', 'text', (c) =>
      c.notNull().check(sqlIn('sender_type', ['common', 'alphanumeric', 'phone', 'shortcode'])),
    )
    .addColumn('brand_id', 'text', (c) => c.references('brands.id').onDelete('set null'))
    .addColumn('owner', 'text', (c) => c.notNull())
    .addColumn('vetting', 'text', (c) => c.notNull().check(sqlIn('vetting', ['vetted', 'pending', 'revoked'])))
    .addColumn('official_domains', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('details', 'text')
    .execute();
  await db.schema.createIndex('audit_log_at_idx').on('audit_log').column('at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['audit_log', 'senders', 'brands', 'indicators', 'meta']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

/** `column IN ('a', 'b')` for CHECK constraints; the values are constants of this file, never input. */
function sqlIn(column: string, values: readonly string[]): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
