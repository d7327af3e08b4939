// Campaigns: clusters of reported messages that belong together (same template, near-duplicate template, same
// attacker domain, same sender). campaign_keys maps every clustering key to its campaign, so a new message finds
// its campaign by looking its keys up.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('brand', 'text')
    .addColumn('family', 'text')
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'bigint', (c) => c.notNull())
    .addColumn('last_seen', 'bigint', (c) => c.notNull())
    .addColumn('message_count', 'integer', (c) => c.notNull())
    .addColumn('report_count', 'integer', (c) => c.notNull())
    .addColumn('merged_into', 'text')
    .addColumn('signature', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaigns_last_seen_idx').on('campaigns').column('last_seen').execute();
  await db.schema
    .createTable('campaign_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('campaign_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('campaign_keys_campaign_idx').on('campaign_keys').column('campaign_id').execute();
  await db.schema.alterTable('report_messages').addColumn('campaign_id', 'text').execute();
  await db.schema.createIndex('report_messages_campaign_idx').on('report_messages').column('campaign_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('report_messages_campaign_idx').execute();
  await db.schema.alterTable('report_messages').dropColumn('campaign_id').execute();
  await db.schema.dropTable('campaign_keys').execute();
  await db.schema.dropTable('campaigns').execute();
}
