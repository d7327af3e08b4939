// The report hub's store: one row per distinct reported message (exact de-duplication by a hash of the
// normalised text) and one row per report of it. Reporters are kept only as keyed-HMAC pseudonyms.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('report_messages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('text_hash', 'text', (c) => c.notNull().unique())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('brand', 'text')
    .addColumn('family', 'text')
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('report_count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('report_messages_fingerprint_idx').on('report_messages').column('fingerprint').execute();
  await db.schema.createIndex('report_messages_last_seen_idx').on('report_messages').column('last_seen').execute();

  await db.schema
    .createTable('reports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('message_id', 'text', (c) => c.notNull().references('report_messages.id'))
    .addColumn('member_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('reporter', 'text')
    .addColumn('sender', 'text')
    .addColumn('received_at', 'bigint')
    .addColumn('reported_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('reports_message_idx').on('reports').column('message_id').execute();
  await db.schema.createIndex('reports_member_idx').on('reports').columns(['member_id', 'reported_at']).execute();
  await db.schema.createIndex('reports_sender_idx').on('reports').column('sender').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('reports').execute();
  await db.schema.dropTable('report_messages').execute();
}
