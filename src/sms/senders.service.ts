// Managing the sender registry (DESIGN S6): 0005 common numbers and registered sender ids with their owners,
// vetting state and official domains. Aggregators (member keys) register their senders, which stay pending until
// the hub's analysts vet them; analysts and admins may set any field. Every change goes to the store, then to this
// process's registry at once and to every other process over the bus (sms.senders.changed.v1).
import { AppError, newId, type Clock, type EventBus, type Logger, type Subscription } from '../core/index.js';
import { classifySender } from '../text/index.js';
import type { RegisteredSenderType, SenderRegistration, SenderRegistry, Vetting } from './sender-registry.js';
import type { SendersRepository } from './senders.repository.js';

export interface SenderInput {
  sender: string;
  owner: string;
  brandId?: string | null;
  vetting?: Vetting;
  officialDomains?: string[];
}

export interface SenderFilter { vetting?: Vetting; owner?: string; brandId?: string; type?: RegisteredSenderType }

const DOMAIN = /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const MAX_DOMAINS = 20;

export class SendersService {
  private sub: Subscription | null = null;

  constructor(private readonly deps: { repository: SendersRepository; registry: SenderRegistry; bus: EventBus; clock: Clock; logger: Logger; brandIds: () => ReadonlySet<string> }) {}

  /** Applies changes published by any process (this one included: applying twice is harmless). */
  async start(): Promise<void> {
    this.sub = await this.deps.bus.subscribe('sms.senders.changed.v1', (env) => {
      for (const r of env.payload.upserted) this.deps.registry.set(r);
      for (const s of env.payload.removed) this.deps.registry.delete(s);
    });
  }

  async stop(): Promise<void> {
    await this.sub?.unsubscribe();
    this.sub = null;
  }

  list(f: SenderFilter = {}): SenderRegistration[] {
    return this.deps.registry.all()
      .filter((r) => (f.vetting === undefined || r.vetting === f.vetting) && (f.owner === undefined || r.owner === f.owner)
        && (f.brandId === undefined || r.brandId === f.brandId) && (f.type === undefined || r.senderType === f.type))
      .sort((a, b) => a.sender.localeCompare(b.sender));
  }

  /** Validates every input (all problems at once), then upserts. `canVet`: analysts and admins; members' new
   * registrations are pending and members may not change the vetting of an existing one. */
  async upsert(inputs: readonly SenderInput[], canVet: boolean): Promise<SenderRegistration[]> {
    const now = this.deps.clock.now();
    const problems: Array<{ index: number; message: string }> = [];
    const brands = this.deps.brandIds();
    const regs = inputs.map((input, index): SenderRegistration | null => {
      const info = typeof input.sender === 'string' ? classifySender(input.sender) : null;
      const type = info?.type;
      if (!info || info.normalized === null || (type !== 'common' && type !== 'alphanumeric' && type !== 'phone' && type !== 'shortcode')) {
        problems.push({ index, message: `sender "${String(input.sender).slice(0, 40)}" is not a 0005 number, phone number, short code or sender id` });
        return null;
      }
      if (typeof input.owner !== 'string' || input.owner.trim() === '' || input.owner.length > 200) problems.push({ index, message: 'owner must be 1–200 characters' });
      if (input.brandId != null && !brands.has(input.brandId)) problems.push({ index, message: `unknown brand "${String(input.brandId).slice(0, 40)}"` });
      const domains = (input.officialDomains ?? []).map((d) => String(d).trim().toLowerCase());
      if (domains.length > MAX_DOMAINS) problems.push({ index, message: `at most ${MAX_DOMAINS} official domains` });
      for (const d of domains) if (!DOMAIN.test(d)) problems.push({ index, message: `"${d.slice(0, 60)}" is not a domain name` });
      if (input.vetting !== undefined && !['vetted', 'pending', 'revoked'].includes(input.vetting)) problems.push({ index, message: 'vetting must be vetted, pending or revoked' });
      if (input.vetting !== undefined && input.vetting !== 'pending' && !canVet) problems.push({ index, message: 'only analysts and admins set vetting; registrations from members stay pending' });
      const existing = this.deps.registry.get(info.normalized);
      return {
        id: existing?.id ?? newId(now), sender: info.normalized, senderType: type, brandId: input.brandId ?? existing?.brandId ?? null, owner: (input.owner ?? '').trim(),
        vetting: canVet ? (input.vetting ?? existing?.vetting ?? 'pending') : (existing?.vetting === 'revoked' ? 'revoked' : existing?.vetting ?? 'pending'),
        officialDomains: input.officialDomains ? domains : (existing?.officialDomains ?? []), createdAt: existing?.createdAt ?? now, updatedAt: now,
      };
    });
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `${problems.length} invalid registration(s): ${problems.slice(0, 5).map((p) => `#${p.index} ${p.message}`).join('; ')}`, problems);
    const ok = regs as SenderRegistration[];
    // A member may not take over another owner's vetted sender.
    if (!canVet) {
      for (const r of ok) {
        const existing = this.deps.registry.get(r.sender);
        if (existing && existing.owner !== r.owner) throw new AppError('FORBIDDEN', `sender ${r.sender} is registered to another owner; ask the hub`);
      }
    }
    await this.deps.repository.upsert(ok);
    for (const r of ok) this.deps.registry.set(r);
    await this.publish({ upserted: ok, removed: [] });
    return ok;
  }

  async remove(raw: string): Promise<boolean> {
    const normalized = classifySender(raw).normalized;
    if (!normalized) throw new AppError('VALIDATION_FAILED', `"${raw.slice(0, 40)}" is not a sender`);
    const removed = await this.deps.repository.remove(normalized);
    this.deps.registry.delete(normalized);
    await this.publish({ upserted: [], removed: [normalized] });
    return removed;
  }

  private async publish(payload: { upserted: SenderRegistration[]; removed: string[] }): Promise<void> {
    try {
      await this.deps.bus.publish('sms.senders.changed.v1', payload);
    } catch (e) {
      // Stored and applied here; other processes pick it up at their next start.
      this.deps.logger.warn({ err: e }, 'could not publish sms.senders.changed.v1');
    }
  }
}
