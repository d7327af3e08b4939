// The SMS firewall: each line's filter settings (network filtering on unless the subscriber opted out; the client
// layer on when the line has the carrier's app), the client-layer quarantine (flagged messages kept per recipient
// for a limited time, bodies only there), and the decision log (one row per filtered message, minimal data:
// pseudonyms, verdict, reasons, fingerprint; a body only for blocked or quarantined messages).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('filter_settings')
    .addColumn('line_key', 'text', (c) => c.primaryKey())
    .addColumn('network', 'integer', (c) => c.notNull())
    .addColumn('client', 'integer', (c) => c.notNull())
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('quarantine')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('recipient_key', 'text', (c) => c.notNull())
    .addColumn('sender', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('verdict', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('received_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .execute();
  await db.schema.createIndex('quarantine_recipient_idx').on('quarantine').columns(['recipient_key', 'received_at']).execute();
  await db.schema.createIndex('quarantine_expiry_idx').on('quarantine').column('expires_at').execute();
  await db.schema
    .createTable('firewall_decisions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('at', 'bigint', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('peer', 'text', (c) => c.notNull())
    .addColumn('sender_key', 'text')
    .addColumn('recipient_key', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('verdict_action', 'text', (c) => c.notNull())
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('body', 'text')
    .execute();
  await db.schema.createIndex('firewall_decisions_at_idx').on('firewall_decisions').column('at').execute();
  await db.schema.createIndex('firewall_decisions_recipient_idx').on('firewall_decisions').columns(['recipient_key', 'at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('firewall_decisions').execute();
  await db.schema.dropTable('quarantine').execute();
  await db.schema.dropTable('filter_settings').execute();
}
