// The firewall reads the filter settings changed by other processes every second (by changed_at): without an index
// that is a scan of every line with settings of its own.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('filter_settings_changed_idx').on('filter_settings').column('changed_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('filter_settings_changed_idx').execute();
}
