// Members, API keys and roles. Keys are random (256 bits), so a plain SHA-256 of the key is a safe store
// (no password stretching needed); the plaintext is returned once, at creation. Verification results are cached
// briefly so a hot API does not hit the store per request; a revocation made by another process takes effect
// within KEY_CACHE_MS.
import { createHash, randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Clock } from '../clock.js';
import { AppError } from '../errors.js';
import { newId } from '../ids.js';
import { isUniqueViolation } from '../storage/index.js';
import type { Database } from '../storage/index.js';

/**
 * Roles, from the report-hub issue: public (anyone, no key), member (an operator or partner exchanging data),
 * analyst (reviews campaigns and indicators), police (liaison requests), admin (members, keys, audit).
 * admin passes every role check.
 */
export const ROLES = ['public', 'member', 'analyst', 'police', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const MEMBER_KINDS = ['carrier', 'mvno', 'aggregator', 'police', 'vendor', 'hub'] as const;
export type MemberKind = (typeof MEMBER_KINDS)[number];

export interface Principal {
  keyId: string;
  memberId: string;
  memberName: string;
  role: Role;
}

export interface Member {
  id: string;
  name: string;
  kind: MemberKind;
  createdAt: number;
}

export interface ApiKeyInfo {
  id: string;
  memberId: string;
  prefix: string;
  role: Role;
  label: string | null;
  createdAt: number;
  revokedAt: number | null;
}

/** How long a verified key is trusted without asking the store again, ms. */
export const KEY_CACHE_MS = 30_000;

const KEY_PATTERN = /^mk_([0-9a-f]{8})_([0-9a-f]{56})$/;

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function isRole(x: unknown): x is Role {
  return typeof x === 'string' && (ROLES as readonly string[]).includes(x);
}

/** Throws UNAUTHORIZED without a principal, FORBIDDEN when its role is not among `roles` (admin always passes). */
export function requireRole(principal: Principal | null | undefined, roles: readonly Role[]): Principal {
  if (!principal) throw new AppError('UNAUTHORIZED', 'this endpoint needs an API key (Authorization: Bearer mk_…)');
  if (principal.role !== 'admin' && !roles.includes(principal.role)) {
    throw new AppError('FORBIDDEN', `role ${principal.role} may not do this; needs ${roles.join(' or ')}`);
  }
  return principal;
}

/** How a caller is named in the audit log: member and key id, never a person. */
export const actorOf = (p: Principal): string => `${p.memberName}/${p.keyId}`;

/** A subscriber's settings and messages belong to the operator running this instance (`operatorName`): a partner's
 * member keys may not touch them; analysts, police and admins pass (their roles are checked by requireRole). */
export function requireOwnOperator(who: Principal, operatorName: string, what: string): void {
  if (who.role === 'member' && who.memberName !== operatorName) {
    throw new AppError('FORBIDDEN', `${what} is for this operator's own systems (member "${operatorName}") only`);
  }
}

export class AccessService {
  private readonly cache = new Map<string, { principal: Principal | null; until: number }>();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  async addMember(name: string, kind: MemberKind): Promise<Member> {
    const clean = name.trim();
    if (clean === '' || clean.length > 100) throw new AppError('VALIDATION_FAILED', 'a member name is 1–100 characters');
    if (!(MEMBER_KINDS as readonly string[]).includes(kind)) throw new AppError('VALIDATION_FAILED', `member kind must be one of ${MEMBER_KINDS.join(', ')}`);
    const m: Member = { id: newId(this.clock.now()), name: clean, kind, createdAt: this.clock.now() };
    try {
      await this.db.insertInto('members').values({ id: m.id, name: m.name, kind: m.kind, created_at: m.createdAt }).execute();
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('CONFLICT', `a member named ${clean} exists`);
      throw e;
    }
    return m;
  }

  async members(): Promise<Member[]> {
    const rows = await this.db.selectFrom('members').selectAll().orderBy('name').execute();
    return rows.map((r) => ({ id: r.id, name: r.name, kind: r.kind as MemberKind, createdAt: Number(r.created_at) }));
  }

  async memberByName(name: string): Promise<Member> {
    const r = await this.db.selectFrom('members').selectAll().where('name', '=', name).executeTakeFirst();
    if (!r) throw new AppError('NOT_FOUND', `no member named ${name}`);
    return { id: r.id, name: r.name, kind: r.kind as MemberKind, createdAt: Number(r.created_at) };
  }

  /** Creates a key; the plaintext is in the result and nowhere else. */
  async createKey(memberId: string, role: Role, label: string | null = null): Promise<{ key: string; info: ApiKeyInfo }> {
    if (!isRole(role) || role === 'public') throw new AppError('VALIDATION_FAILED', `a key's role is one of ${ROLES.filter((r) => r !== 'public').join(', ')}`);
    const member = await this.db.selectFrom('members').select('id').where('id', '=', memberId).executeTakeFirst();
    if (!member) throw new AppError('NOT_FOUND', `no member ${memberId}`);
    const prefix = randomBytes(4).toString('hex');
    const key = `mk_${prefix}_${randomBytes(28).toString('hex')}`;
    const info: ApiKeyInfo = { id: newId(this.clock.now()), memberId, prefix, role, label, createdAt: this.clock.now(), revokedAt: null };
    await this.db
      .insertInto('api_keys')
      .values({ id: info.id, member_id: memberId, key_hash: hashKey(key), prefix, role, label, created_at: info.createdAt, revoked_at: null })
      .execute();
    return { key, info };
  }

  async keys(memberId?: string): Promise<ApiKeyInfo[]> {
    let q = this.db.selectFrom('api_keys').selectAll().orderBy('created_at');
    if (memberId) q = q.where('member_id', '=', memberId);
    return (await q.execute()).map((r) => ({
      id: r.id, memberId: r.member_id, prefix: r.prefix, role: r.role as Role, label: r.label,
      createdAt: Number(r.created_at), revokedAt: r.revoked_at === null ? null : Number(r.revoked_at),
    }));
  }

  async revokeKey(keyId: string): Promise<void> {
    const res = await this.db.updateTable('api_keys').set({ revoked_at: this.clock.now() }).where('id', '=', keyId).where('revoked_at', 'is', null).executeTakeFirst();
    if (Number(res.numUpdatedRows) === 0) throw new AppError('NOT_FOUND', `no active key ${keyId}`);
    this.cache.clear();
  }

  /** The principal for a presented key, or null for a malformed, unknown or revoked key. */
  async verify(key: string): Promise<Principal | null> {
    if (!KEY_PATTERN.test(key)) return null;
    const hash = hashKey(key);
    const now = this.clock.now();
    const hit = this.cache.get(hash);
    if (hit && hit.until > now) return hit.principal;
    const row = await this.db
      .selectFrom('api_keys')
      .innerJoin('members', 'members.id', 'api_keys.member_id')
      .select(['api_keys.id as keyId', 'api_keys.role as role', 'api_keys.revoked_at as revokedAt', 'members.id as memberId', 'members.name as memberName'])
      .where('api_keys.key_hash', '=', hash)
      .executeTakeFirst();
    const principal = row && row.revokedAt === null && isRole(row.role) ? { keyId: row.keyId, memberId: row.memberId, memberName: row.memberName, role: row.role } : null;
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(hash, { principal, until: now + KEY_CACHE_MS });
    return principal;
  }
}
