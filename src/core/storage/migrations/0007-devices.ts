// The infected-handset detector's store: cases, the per-line detector state snapshots (so a restarted worker
// resumes where it stopped) and the per-partition stream positions those snapshots include.
// No message bodies and no numbers: lines are keyed by their pseudonym.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('device_cases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('line_key', 'text', (c) => c.notNull())
    .addColumn('family', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addColumn('last_activity_at', 'bigint', (c) => c.notNull())
    .addColumn('closed_at', 'bigint')
    .addColumn('close_reason', 'text')
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('flagged_total', 'integer', (c) => c.notNull())
    .addColumn('evidence', 'text', (c) => c.notNull())
    // 1 from the flush that opened or grew the case until the notifier has handled it: an outbox, so a worker
    // that dies between the commit and the notice leaves the notice to the next sweep instead of losing it.
    .addColumn('notify_pending', 'integer', (c) => c.notNull().defaultTo(0))
    // When that flush committed (the worker's clock), so the sweep leaves fresh cases to the worker that wrote them.
    .addColumn('pending_since', 'bigint')
    .execute();
  await db.schema.createIndex('device_cases_notify_idx').on('device_cases').columns(['notify_pending', 'pending_since']).execute();
  await db.schema.createIndex('device_cases_line_idx').on('device_cases').columns(['line_key', 'state']).execute();
  await db.schema.createIndex('device_cases_state_opened_idx').on('device_cases').columns(['state', 'opened_at']).execute();
  await db.schema
    .createTable('device_line_state')
    .addColumn('line_key', 'text', (c) => c.primaryKey())
    .addColumn('partition', 'integer', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('extras', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('device_line_state_partition_idx').on('device_line_state').column('partition').execute();
  await db.schema
    .createTable('device_cursors')
    .addColumn('consumer', 'text', (c) => c.notNull())
    .addColumn('partition', 'integer', (c) => c.notNull())
    .addColumn('seq', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('device_cursors_pk', ['consumer', 'partition'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('device_cursors').execute();
  await db.schema.dropTable('device_line_state').execute();
  await db.schema.dropTable('device_cases').execute();
}
