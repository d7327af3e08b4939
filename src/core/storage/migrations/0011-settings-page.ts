// The subscriber's settings page (issue 6 item 2): one-time hand-off links from the carrier's member portal and the
// page sessions they open. Both live in the store, not in a process, so any API process behind a load balancer
// can answer any request. Only SHA-256 hashes of the link tokens and session ids are kept (a copy of the store
// opens no session), with the line's pseudonym — never its number. Rows are purged once expired.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('page_links')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('line_key', 'text', (c) => c.notNull())
    // The member key that asked for the link (`<member>/<key id>`), for the audit trail of the session it opens.
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    // Set by the one request that used the link; a link is used at most once.
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('page_links_expiry_idx').on('page_links').column('expires_at').execute();
  await db.schema
    .createTable('page_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('line_key', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Moved forward by every request (idle expiry), never past created_at + the longest session.
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    // The confirmation to show once on the next page view (a code such as `network.off`), then cleared.
    .addColumn('flash', 'text')
    .execute();
  await db.schema.createIndex('page_sessions_expiry_idx').on('page_sessions').column('expires_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('page_sessions').ifExists().execute();
  await db.schema.dropTable('page_links').ifExists().execute();
}
