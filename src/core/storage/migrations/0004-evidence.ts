// Provenance of indicators derived from reports: one row per (indicator, independent reporter). Confidence is
// computed from the number of distinct reporters and members, so one reporter repeating a report cannot make an
// indicator strong.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('indicator_evidence')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('reporter_key', 'text', (c) => c.notNull())
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('reports', 'integer', (c) => c.notNull())
    .addColumn('max_score', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('indicator_evidence_pk', ['kind', 'value', 'reporter_key'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('indicator_evidence').execute();
}
