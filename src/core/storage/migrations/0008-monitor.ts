// The monitor's roll-ups: counts per minute, hour and JST day by dimension (kept up by the stats worker as
// verdict events arrive, and by the report hub as reports are stored), HyperLogLog sketches of distinct infected
// sender lines per hour and day, and the analyst's decision on a campaign (only confirmed campaigns reach the
// public gallery). The stream-position table, shared by every consumer group now, gets a neutral name.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const table of ['stats_minute', 'stats_hour', 'stats_day']) {
    await db.schema
      .createTable(table)
      .addColumn('bucket', 'bigint', (c) => c.notNull())
      .addColumn('dim', 'text', (c) => c.notNull())
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('count', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint(`${table}_pk`, ['dim', 'bucket', 'key'])
      .execute();
  }
  // Per-campaign counts are read by key (the console's sparklines of a page of campaigns); the index covers the
  // count so the read never touches the table.
  await db.schema.createIndex('stats_day_key_idx').on('stats_day').columns(['dim', 'key', 'bucket', 'count']).execute();
  await db.schema
    .createTable('stats_sketch')
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('bucket', 'bigint', (c) => c.notNull())
    .addColumn('dim', 'text', (c) => c.notNull())
    .addColumn('sketch', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('stats_sketch_pk', ['dim', 'unit', 'bucket'])
    .execute();
  await db.schema.alterTable('campaigns').addColumn('status', 'text', (c) => c.notNull().defaultTo('new')).execute();
  await db.schema.alterTable('campaigns').addColumn('decided_at', 'bigint').execute();
  await db.schema.alterTable('campaigns').addColumn('decided_by', 'text').execute();
  await db.schema.alterTable('campaigns').addColumn('decision_note', 'text').execute();
  await db.schema.createIndex('campaigns_status_idx').on('campaigns').columns(['status', 'last_seen']).execute();
  await db.schema.createIndex('report_messages_campaign_seen_idx').on('report_messages').columns(['campaign_id', 'last_seen']).execute();
  await db.schema.alterTable('device_cursors').renameTo('stream_cursors').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('stream_cursors').renameTo('device_cursors').execute();
  await db.schema.dropIndex('report_messages_campaign_seen_idx').execute();
  await db.schema.dropIndex('campaigns_status_idx').execute();
  for (const col of ['decision_note', 'decided_by', 'decided_at', 'status']) await db.schema.alterTable('campaigns').dropColumn(col).execute();
  await db.schema.dropTable('stats_sketch').execute();
  await db.schema.dropIndex('stats_day_key_idx').execute();
  for (const table of ['stats_day', 'stats_hour', 'stats_minute']) await db.schema.dropTable(table).execute();
}
