// Hand-off links and sessions of the subscriber's settings page (issue 6 item 2). The carrier's member portal has
// signed the subscriber in; it asks for a link bound to the line's pseudonym, and the subscriber's browser trades the
// link once for a session. Both live in the store (any API process behind a load balancer answers any request) and
// only as SHA-256 hashes: tokens and session ids are 32 random bytes, so a plain hash is a safe store (as for API
// keys), and a copy of the store opens no session. Using a link is one conditional UPDATE, so two processes racing
// with the same link cannot both open a session. The form token (CSRF) is derived from the session id, so it needs
// no storage and is worth nothing without the session cookie.
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { AuditLog, type Clock, type Database } from '../../core/index.js';

/** How changes made on the page are named in the audit log and in `changedBy`. */
export const PAGE_ACTOR = 'subscriber:page';
const PURPOSE = 'subscriber settings page (SMS filter and warnings)';

/** base64url of 32 random bytes. */
const SECRET_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const CSRF_LABEL = 'mamoru/sms-settings/csrf/v1';

export interface PageSessionStoreOptions {
  db: Kysely<Database>;
  clock: Clock;
  /** How long a link can be used, ms. */
  linkTtlMs: number;
  /** A session ends after this long without a request, ms. */
  sessionIdleMs: number;
  /** A session ends this long after it started, however active, ms. */
  sessionMaxMs: number;
}

export interface IssuedLink {
  /** The secret for the subscriber's browser: returned once, never stored. */
  token: string;
  /** ms since epoch. */
  expiresAt: number;
}

export type EnterResult =
  | { ok: true; sessionId: string; lineKey: string }
  /** unknown: no such link (or a malformed token, or purged); expired and used: a real link, too late. */
  | { ok: false; reason: 'unknown' | 'expired' | 'used' };

export interface PageSession {
  lineKey: string;
  /** The member key that asked for the link this session was opened with: who handed the subscriber over. */
  issuedBy: string;
  /** The form token for this session. */
  csrf: string;
  /** The confirmation saved by the last change (shown once), when asked to take it. */
  flash: string | null;
}

const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
const secret = (): string => randomBytes(32).toString('base64url');

/** The form token of a session: HMAC of a fixed label keyed by the session id. */
export function csrfOf(sessionId: string): string {
  return createHmac('sha256', sessionId).update(CSRF_LABEL).digest('base64url');
}

/** Compares a presented form token with the session's in constant time. */
export function csrfMatches(sessionId: string, presented: string): boolean {
  const expected = Buffer.from(csrfOf(sessionId));
  const got = Buffer.from(presented);
  return got.length === expected.length && timingSafeEqual(got, expected);
}

export class PageSessionStore {
  private readonly db: Kysely<Database>;
  private readonly clock: Clock;
  private readonly opts: PageSessionStoreOptions;

  constructor(opts: PageSessionStoreOptions) {
    this.db = opts.db;
    this.clock = opts.clock;
    this.opts = opts;
  }

  /** A new single-use link for a line, asked for by `issuedBy` (a member key); stored and audited in one write. */
  async issueLink(lineKey: string, issuedBy: string): Promise<IssuedLink> {
    const now = this.clock.now();
    const token = secret();
    const expiresAt = now + this.opts.linkTtlMs;
    await this.db.transaction().execute(async (trx) => {
      await trx.insertInto('page_links').values({ token_hash: sha256(token), line_key: lineKey, issued_by: issuedBy, created_at: now, expires_at: expiresAt, used_at: null }).execute();
      await new AuditLog(trx, this.clock).record({ actor: issuedBy, action: 'page.link.issue', target: `line:${lineKey}`, purpose: PURPOSE, details: { expiresAt } });
    });
    return { token, expiresAt };
  }

  /**
   * Uses a link: marks it used (only if it is unused and not expired: one statement, so exactly one of several
   * racing requests wins) and opens a session for its line. A second use of a real link is audited: it may mean the
   * link leaked.
   */
  async enter(token: string): Promise<EnterResult> {
    if (!SECRET_PATTERN.test(token)) return { ok: false, reason: 'unknown' };
    const now = this.clock.now();
    const hash = sha256(token);
    return this.db.transaction().execute(async (trx): Promise<EnterResult> => {
      const used = await trx.updateTable('page_links').set({ used_at: now })
        .where('token_hash', '=', hash).where('used_at', 'is', null).where('expires_at', '>', now).executeTakeFirst();
      const link = await trx.selectFrom('page_links').select(['line_key', 'issued_by', 'used_at']).where('token_hash', '=', hash).executeTakeFirst();
      if (!link) return { ok: false, reason: 'unknown' };
      const audit = new AuditLog(trx, this.clock);
      if (Number(used.numUpdatedRows) !== 1) {
        const reason = link.used_at !== null ? 'used' : 'expired';
        await audit.record({ actor: PAGE_ACTOR, action: 'page.link.refused', target: `line:${link.line_key}`, purpose: PURPOSE, details: { reason, issuedBy: link.issued_by } });
        return { ok: false, reason };
      }
      const sessionId = secret();
      await trx.insertInto('page_sessions').values({
        id_hash: sha256(sessionId), line_key: link.line_key, issued_by: link.issued_by, created_at: now,
        expires_at: now + Math.min(this.opts.sessionIdleMs, this.opts.sessionMaxMs), flash: null,
      }).execute();
      await audit.record({ actor: PAGE_ACTOR, action: 'page.session.start', target: `line:${link.line_key}`, purpose: PURPOSE, details: { issuedBy: link.issued_by } });
      return { ok: true, sessionId, lineKey: link.line_key };
    });
  }

  /**
   * The live session for a cookie value, its idle expiry moved forward; null when there is none or it has expired
   * (an expired row is deleted at once). `takeFlash` reads and clears the saved confirmation.
   */
  async session(sessionId: string, takeFlash = false): Promise<PageSession | null> {
    if (!SECRET_PATTERN.test(sessionId)) return null;
    const now = this.clock.now();
    const hash = sha256(sessionId);
    const row = await this.db.selectFrom('page_sessions').select(['line_key', 'issued_by', 'created_at', 'expires_at', 'flash']).where('id_hash', '=', hash).executeTakeFirst();
    if (!row) return null;
    if (Number(row.expires_at) <= now) {
      await this.db.deleteFrom('page_sessions').where('id_hash', '=', hash).execute();
      return null;
    }
    const expiresAt = Math.min(now + this.opts.sessionIdleMs, Number(row.created_at) + this.opts.sessionMaxMs);
    await this.db.updateTable('page_sessions').set(takeFlash ? { expires_at: expiresAt, flash: null } : { expires_at: expiresAt }).where('id_hash', '=', hash).execute();
    return { lineKey: row.line_key, issuedBy: row.issued_by, csrf: csrfOf(sessionId), flash: takeFlash ? row.flash : null };
  }

  /** Audits a view of the page: a read of the line's settings and consent (as `filter.read` and `consent.read` are
   * for the API), with the member key that handed the subscriber over. */
  async viewed(session: Pick<PageSession, 'lineKey' | 'issuedBy'>): Promise<void> {
    await new AuditLog(this.db, this.clock).record({
      actor: PAGE_ACTOR, action: 'page.view', target: `line:${session.lineKey}`, purpose: PURPOSE, details: { issuedBy: session.issuedBy },
    });
  }

  /** Saves the confirmation the next page view shows once. */
  async setFlash(sessionId: string, flash: string): Promise<void> {
    await this.db.updateTable('page_sessions').set({ flash }).where('id_hash', '=', sha256(sessionId)).execute();
  }

  /** Ends a session (the page's "finish" button); audited when there was one. */
  async end(sessionId: string): Promise<boolean> {
    if (!SECRET_PATTERN.test(sessionId)) return false;
    const hash = sha256(sessionId);
    return this.db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('page_sessions').select(['line_key', 'issued_by']).where('id_hash', '=', hash).executeTakeFirst();
      if (!row) return false;
      await trx.deleteFrom('page_sessions').where('id_hash', '=', hash).execute();
      await new AuditLog(trx, this.clock).record({ actor: PAGE_ACTOR, action: 'page.session.end', target: `line:${row.line_key}`, purpose: PURPOSE, details: { issuedBy: row.issued_by } });
      return true;
    });
  }

  /** Deletes expired links (used or not) and expired sessions. A few rows per subscriber visit: one statement each. */
  async purgeExpired(now = this.clock.now()): Promise<{ links: number; sessions: number }> {
    const links = await this.db.deleteFrom('page_links').where('expires_at', '<=', now).executeTakeFirst();
    const sessions = await this.db.deleteFrom('page_sessions').where('expires_at', '<=', now).executeTakeFirst();
    return { links: Number(links.numDeletedRows), sessions: Number(sessions.numDeletedRows) };
  }
}
