// Subscribers, consent and infected-handset notices (DESIGN §2 S2, §4). Lines are keyed by their keyed-HMAC
// pseudonym (`line_key`, the senderKey of SMS verdict events); the number itself is only in `subscribers`, the
// one identity table, read through the audited directory. No message content is stored in any of these tables.
import { sql, type Expression, type Kysely, type SqlBool } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  // The subscriber directory: line → contract → contact, imported from the carrier's customer system.
  await db.schema
    .createTable('subscribers')
    .addColumn('line_key', 'text', (c) => c.primaryKey())
    .addColumn('line', 'text', (c) => c.notNull())
    .addColumn('contract_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text')
    .addColumn('postal_code', 'text')
    .addColumn('address', 'text')
    // Preferred notice channel; null = the default order (email → sms → letter).
    .addColumn('channel', 'text', (c) => c.check(sqlIn('channel', ['email', 'sms', 'letter'])))
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subscribers_contract_idx').on('subscribers').column('contract_id').execute();

  // Consent to infected-handset warnings. No row = covered by the terms of service (the default).
  await db.schema
    .createTable('consent')
    .addColumn('line_key', 'text', (c) => c.primaryKey())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['covered', 'opted_out'])))
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sqlIn('source', ['terms', 'api', 'page', 'import'])))
    .execute();

  // Every consent change, append-only (nothing updates or deletes these rows).
  await db.schema
    .createTable('consent_history')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('line_key', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['covered', 'opted_out'])))
    .addColumn('previous_status', 'text', (c) => c.notNull().check(sqlIn('previous_status', ['covered', 'opted_out'])))
    .addColumn('changed_at', 'bigint', (c) => c.notNull())
    .addColumn('changed_by', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull().check(sqlIn('source', ['terms', 'api', 'page', 'import'])))
    .execute();
  await db.schema.createIndex('consent_history_line_idx').on('consent_history').columns(['line_key', 'changed_at']).execute();

  // One row per notice attempt to a line. UNIQUE(line_key, notice_no) is the claim: two workers handling the same
  // case both try to insert the next number and only one succeeds, so a notice is never sent twice.
  await db.schema
    .createTable('device_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('line_key', 'text', (c) => c.notNull())
    .addColumn('notice_no', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull().check(sqlIn('channel', ['email', 'sms', 'letter'])))
    .addColumn('status', 'text', (c) => c.notNull().check(sqlIn('status', ['sending', 'sent', 'failed', 'skipped'])))
    .addColumn('reason', 'text')
    .addColumn('flagged_at_notice', 'integer', (c) => c.notNull())
    // JSON object as text: the counts and times the notice states (no message content), so a retry renders the
    // same notice.
    .addColumn('facts', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    // Start of the latest delivery attempt: a 'sending' row whose attempt is old was interrupted.
    .addColumn('attempted_at', 'bigint', (c) => c.notNull())
    // When a failed notice is due for another attempt; null = no retry planned (delivered, or given up).
    .addColumn('retry_at', 'bigint')
    .addColumn('sent_at', 'bigint')
    // Set when the follow-up check has looked at this notice; `follow_up` is 'active', 'quiet' or 'opted_out'.
    .addColumn('followed_up_at', 'bigint')
    .addColumn('follow_up', 'text')
    .addUniqueConstraint('device_notices_line_no_uq', ['line_key', 'notice_no'])
    .execute();
  await db.schema.createIndex('device_notices_case_idx').on('device_notices').column('case_id').execute();
  await db.schema.createIndex('device_notices_status_idx').on('device_notices').columns(['status', 'sent_at']).execute();

  // The operator queue: actions the follow-up proposes and a human approves or rejects.
  await db.schema
    .createTable('device_actions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('line_key', 'text', (c) => c.notNull())
    .addColumn('notice_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull().check(sqlIn('action', ['sms_send_limit'])))
    .addColumn('state', 'text', (c) => c.notNull().check(sqlIn('state', ['proposed', 'approved', 'rejected'])))
    .addColumn('reason', 'text', (c) => c.notNull())
    // JSON object as text: counts and times only.
    .addColumn('evidence', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('decided_at', 'bigint')
    .addColumn('decided_by', 'text')
    .addColumn('note', 'text')
    .execute();
  // At most one proposed action per case (a partial unique index; both stores support it).
  await db.schema
    .createIndex('device_actions_proposed_uq')
    .on('device_actions')
    .column('case_id')
    .unique()
    .where(sql.ref('state'), '=', sql.lit('proposed'))
    .execute();
  await db.schema.createIndex('device_actions_state_idx').on('device_actions').columns(['state', 'created_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of ['device_actions', 'device_notices', 'consent_history', 'consent', 'subscribers']) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}

/** `column IN ('a', 'b')` for CHECK constraints; the values are constants of this file, never input. */
function sqlIn(column: string, values: readonly string[]): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(column)} in (${sql.join(values.map((v) => sql.lit(v)))})`;
}
