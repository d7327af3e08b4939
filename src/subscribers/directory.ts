// The subscriber directory: line → contract → contact (name, e-mail, postal address), imported from the carrier's
// customer system. It is the only place mamoru turns a line pseudonym back into a person, so every lookup is
// written to the audit log (who, why, found or not) before anything is returned (DESIGN §4).
import type { Kysely } from 'kysely';
import { AuditLog, type Clock, type Database } from '../core/index.js';
import type { LineKeys } from './line.js';
import type { Subscriber, SubscriberInput } from './subscriber.js';

/** Who is asking and why; both go to the audit log. */
export interface AccessContext {
  /** A user id, `<member>/<key id>` or `system:<job>`. */
  actor: string;
  /** The purpose the identity data is used for, e.g. `infected-handset notification`. */
  purpose: string;
}

export interface ImportResult {
  created: number;
  updated: number;
}

export interface SubscriberDirectoryOptions {
  db: Kysely<Database>;
  clock: Clock;
  lineKeys: LineKeys;
}

/** Rows per INSERT: 10 parameters each, far below either store's parameter limit. */
const CHUNK = 500;

export class SubscriberDirectory {
  private readonly db: Kysely<Database>;
  private readonly clock: Clock;
  private readonly lineKeys: LineKeys;

  constructor(opts: SubscriberDirectoryOptions) {
    this.db = opts.db;
    this.clock = opts.clock;
    this.lineKeys = opts.lineKeys;
  }

  /**
   * Inserts or updates validated rows (by line) in one transaction, with one audit entry for the batch. Within a
   * batch, a later row for the same line wins. Consent in the rows is not applied here (see ConsentRegistry).
   */
  async import(rows: readonly SubscriberInput[], actor: string): Promise<ImportResult> {
    if (rows.length === 0) return { created: 0, updated: 0 };
    const now = this.clock.now();
    const byKey = new Map<string, Database['subscribers']>();
    for (const r of rows) {
      const { line, lineKey } = this.lineKeys.of(r.line);
      byKey.set(lineKey, {
        line_key: lineKey, line, contract_id: r.contractId, name: r.name, email: r.email, postal_code: r.postalCode,
        address: r.address, channel: r.channel, updated_at: now,
      });
    }
    const values = [...byKey.values()];
    return this.db.transaction().execute(async (trx) => {
      let existing = 0;
      for (let i = 0; i < values.length; i += CHUNK) {
        const chunk = values.slice(i, i + CHUNK);
        const found = await trx.selectFrom('subscribers').select('line_key').where('line_key', 'in', chunk.map((v) => v.line_key)).execute();
        existing += found.length;
        await trx
          .insertInto('subscribers')
          .values(chunk)
          .onConflict((oc) =>
            oc.column('line_key').doUpdateSet((eb) => ({
              line: eb.ref('excluded.line'), contract_id: eb.ref('excluded.contract_id'), name: eb.ref('excluded.name'),
              email: eb.ref('excluded.email'), postal_code: eb.ref('excluded.postal_code'), address: eb.ref('excluded.address'),
              channel: eb.ref('excluded.channel'), updated_at: eb.ref('excluded.updated_at'),
            })),
          )
          .execute();
      }
      const result = { created: values.length - existing, updated: existing };
      await new AuditLog(trx, this.clock).record({
        actor, action: 'subscribers.import', target: `${values.length} line(s)`, purpose: 'subscriber directory maintenance', details: { ...result },
      });
      return result;
    });
  }

  /** The subscriber of a line, or null. Audited (found or not) before the data is returned. */
  async lookup(lineKey: string, ctx: AccessContext): Promise<Subscriber | null> {
    const row = await this.db.selectFrom('subscribers').selectAll().where('line_key', '=', lineKey).executeTakeFirst();
    await new AuditLog(this.db, this.clock).record({
      actor: ctx.actor, action: 'subscriber.lookup', target: `line:${lineKey}`, purpose: ctx.purpose, details: { found: row !== undefined },
    });
    if (!row) return null;
    return {
      lineKey: row.line_key, line: row.line, contractId: row.contract_id, name: row.name, email: row.email, postalCode: row.postal_code,
      address: row.address, channel: row.channel, updatedAt: Number(row.updated_at),
    };
  }

  /** Removes a line (its contract ended). Audited; false when the line was not in the directory. */
  async remove(lineKey: string, actor: string): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      const res = await trx.deleteFrom('subscribers').where('line_key', '=', lineKey).executeTakeFirst();
      const removed = Number(res.numDeletedRows) > 0;
      await new AuditLog(trx, this.clock).record({ actor, action: 'subscriber.remove', target: `line:${lineKey}`, purpose: 'subscriber directory maintenance', details: { removed } });
      return removed;
    });
  }

  /** How many lines the directory holds (no identity data, so not audited). */
  async count(): Promise<number> {
    const r = await this.db.selectFrom('subscribers').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
