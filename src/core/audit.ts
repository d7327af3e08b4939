// The audit log: who read or changed what, when and why. DESIGN §4 makes it a condition of touching message
// content or identity data at all, so every such read calls `record` before returning data, and a failed
// write fails the read (nothing is shown that was not logged).
import type { Kysely } from 'kysely';
import type { Clock } from './clock.js';
import { AppError } from './errors.js';
import { newId } from './ids.js';
import { fromJsonText, toJsonText, type Database } from './storage/index.js';

export interface AuditInput {
  /** Who: a user id, API key id or `system:<job>`. */
  actor: string;
  /** What was done, dotted verb, e.g. `quarantine.read`, `indicator.upsert`. */
  action: string;
  /** What it was done to, e.g. `quarantine:01J…`. Never the content itself. */
  target: string;
  /** Why: the purpose the access is allowed for, e.g. `abuse-investigation`. Required. */
  purpose: string;
  /** Extra JSON-serialisable context (no message bodies, no subscriber numbers). */
  details?: Record<string, unknown>;
}

export interface AuditEntry {
  id: string;
  /** ms since epoch. */
  at: number;
  actor: string;
  action: string;
  target: string;
  purpose: string;
  details: Record<string, unknown> | null;
}

export interface AuditListOptions {
  /** Only entries at or after this time, ms since epoch. */
  since?: number;
  /** Most entries returned; 1–1000, default 100. */
  limit?: number;
}

const MAX_LIST = 1000;

export class AuditLog {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async record(input: AuditInput): Promise<AuditEntry> {
    const missing = (['actor', 'action', 'target', 'purpose'] as const).filter(
      (k) => typeof input[k] !== 'string' || input[k].trim() === '',
    );
    if (missing.length > 0) {
      throw new AppError('VALIDATION_FAILED', `audit entry needs ${missing.join(', ')}`, missing.map((field) => ({ field, message: 'required' })));
    }
    const at = this.clock.now();
    const entry: AuditEntry = {
      id: newId(at),
      at,
      actor: input.actor,
      action: input.action,
      target: input.target,
      purpose: input.purpose,
      details: input.details ?? null,
    };
    await this.db
      .insertInto('audit_log')
      .values({ ...entry, details: entry.details === null ? null : toJsonText(entry.details) })
      .execute();
    return entry;
  }

  /** Newest first. */
  async list(opts: AuditListOptions = {}): Promise<AuditEntry[]> {
    const limit = Math.min(Math.max(Math.trunc(opts.limit ?? 100), 1), MAX_LIST);
    let q = this.db.selectFrom('audit_log').selectAll().orderBy('at', 'desc').orderBy('id', 'desc').limit(limit);
    if (opts.since !== undefined) q = q.where('at', '>=', opts.since);
    const rows = await q.execute();
    return rows.map((r) => ({ ...r, details: fromJsonText<Record<string, unknown>>(r.details) }));
  }
}
