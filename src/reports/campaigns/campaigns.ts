// Campaign clustering, incremental and batched: each reported message joins the campaign that owns any of its
// keys — its template fingerprint (fp:), a MinHash band of its template verified by estimated similarity (mh:), an
// attacker domain or platform host from its links (dom:, host:), its sender (snd:) — or starts a new one. When a
// message's keys belong to several campaigns they are one campaign: the younger ones merge into the oldest.
// A batch is clustered in memory after a few look-ups and written back in a handful of statements.
import type { Kysely, Transaction } from 'kysely';
import { newId, type Database } from '../../core/index.js';
import { templateOf } from '../../sms/index.js';
import { chunks } from '../reports.repository.js';
import { bandKeys, decodeSig, encodeSig, minhash, NEAR_DUPLICATE, similarity } from './minhash.js';

export interface ClusterItem {
  messageId: string;
  /** The message was new in this batch (else it only adds a report). */
  isNew: boolean;
  body: string;
  links: readonly string[];
  fingerprint: string;
  /** dom:/host:/snd: keys from the message's observables. */
  observableKeys: readonly string[];
  brand: string | null;
  family: string | null;
  category: string;
  at: number;
}

interface Campaign {
  id: string;
  existing: boolean;
  firstSeen: number;
  sig: number[] | null;
  brand: string | null;
  family: string | null;
  category: string;
}

/** Union-find over campaign ids. */
class Sets {
  private readonly parent = new Map<string, string>();
  find(x: string): string {
    let r = x;
    while (this.parent.has(r) && this.parent.get(r) !== r) r = this.parent.get(r)!;
    this.parent.set(x, r);
    return r;
  }
  union(a: string, b: string): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(rb, ra);
  }
}

export class CampaignClusterer {
  constructor(private readonly db: Kysely<Database>) {}

  /** Assigns each item's message to a campaign, in one transaction; returns the campaign id per item. */
  async assign(items: readonly ClusterItem[]): Promise<string[]> {
    if (items.length === 0) return [];
    return this.db.transaction().execute((tx) => this.assignBatch(tx, items));
  }

  private async assignBatch(tx: Transaction<Database>, items: readonly ClusterItem[]): Promise<string[]> {
    const prepared = items.map((item) => {
      const sig = minhash(templateOf(item.body, item.links));
      return { item, sig, exact: [`fp:${item.fingerprint}`, ...item.observableKeys], near: bandKeys(sig) };
    });
    // 1. What the store already knows: the messages' campaigns and the keys' owners, resolved through merges.
    const existingOf = new Map<string, string | null>();
    for (const ids of chunks([...new Set(items.map((i) => i.messageId))], 500)) {
      for (const r of await tx.selectFrom('report_messages').select(['id', 'campaign_id']).where('id', 'in', ids).execute()) existingOf.set(r.id, r.campaign_id);
    }
    const keyOwner = new Map<string, string>();
    for (const keys of chunks([...new Set(prepared.flatMap((p) => [...p.exact, ...p.near]))], 500)) {
      for (const r of await tx.selectFrom('campaign_keys').select(['key', 'campaign_id']).where('key', 'in', keys).execute()) keyOwner.set(r.key, r.campaign_id);
    }
    const campaigns = new Map<string, Campaign & { mergedInto: string | null }>();
    let pending = new Set([...keyOwner.values(), ...[...existingOf.values()].filter((x): x is string => x !== null)]);
    while (pending.size > 0) {
      const next = new Set<string>();
      for (const ids of chunks([...pending], 500)) {
        for (const r of await tx.selectFrom('campaigns').selectAll().where('id', 'in', ids).execute()) {
          campaigns.set(r.id, { id: r.id, existing: true, firstSeen: Number(r.first_seen), sig: decodeSig(r.signature), brand: r.brand, family: r.family, category: r.category, mergedInto: r.merged_into });
          if (r.merged_into && !campaigns.has(r.merged_into)) next.add(r.merged_into);
        }
      }
      pending = next;
    }
    const root = (id: string): string => {
      let cur = id;
      for (let i = 0; i < 50 && campaigns.get(cur)?.mergedInto; i++) cur = campaigns.get(cur)!.mergedInto!;
      return cur;
    };

    // 2. Cluster in memory.
    const sets = new Sets();
    const claimed = new Map<string, string>(); // key → campaign id (store or this batch)
    for (const [k, v] of keyOwner) claimed.set(k, root(v));
    const entityOf: string[] = [];
    for (const p of prepared) {
      const candidates = new Set<string>();
      const own = existingOf.get(p.item.messageId);
      if (own) candidates.add(root(own));
      for (const k of p.exact) {
        const c = claimed.get(k);
        if (c) candidates.add(c);
      }
      for (const k of p.near) {
        const c = claimed.get(k);
        const sig = c ? campaigns.get(sets.find(c))?.sig ?? campaigns.get(c)?.sig : null;
        if (c && sig && similarity(p.sig, sig) >= NEAR_DUPLICATE) candidates.add(c);
      }
      let entity: string;
      if (candidates.size === 0) {
        entity = newId(p.item.at);
        campaigns.set(entity, { id: entity, existing: false, firstSeen: p.item.at, sig: p.sig, brand: p.item.brand, family: p.item.family, category: p.item.category, mergedInto: null });
      } else {
        entity = [...candidates][0]!;
        for (const c of candidates) sets.union(entity, c);
      }
      for (const k of [...p.exact, ...p.near]) if (!claimed.has(k)) claimed.set(k, entity);
      entityOf.push(entity);
    }

    // 3. One target per set: its oldest existing campaign, else its first new one.
    const members = new Map<string, string[]>();
    for (const id of campaigns.keys()) {
      if (campaigns.get(id)!.mergedInto) continue;
      const r = sets.find(id);
      members.set(r, [...(members.get(r) ?? []), id]);
    }
    const targetOf = new Map<string, string>();
    for (const ids of members.values()) {
      const ordered = ids.map((id) => campaigns.get(id)!).sort((a, b) => Number(b.existing) - Number(a.existing) || a.firstSeen - b.firstSeen || a.id.localeCompare(b.id));
      for (const id of ids) targetOf.set(id, ordered[0]!.id);
    }
    const targetFor = (id: string): string => targetOf.get(root(id)) ?? root(id);
    const result = entityOf.map(targetFor);

    // 4. Write back: new campaigns, merges, keys, messages, counters.
    const created = [...new Set(result)].filter((id) => !campaigns.get(id)!.existing);
    for (const chunk of chunks(created, 100)) {
      await tx.insertInto('campaigns').values(chunk.map((id) => {
        const c = campaigns.get(id)!;
        return { id, brand: c.brand, family: c.family, category: c.category, first_seen: c.firstSeen, last_seen: c.firstSeen, message_count: 0, report_count: 0, merged_into: null, signature: encodeSig(c.sig ?? []) };
      })).execute();
    }
    for (const [id, target] of targetOf) {
      const c = campaigns.get(id)!;
      if (id === target || !c.existing) continue;
      const row = await tx.selectFrom('campaigns').select(['message_count', 'report_count', 'last_seen']).where('id', '=', id).executeTakeFirstOrThrow();
      const t = await tx.selectFrom('campaigns').select(['message_count', 'report_count', 'last_seen']).where('id', '=', target).executeTakeFirstOrThrow();
      await tx.updateTable('campaign_keys').set({ campaign_id: target }).where('campaign_id', '=', id).execute();
      await tx.updateTable('report_messages').set({ campaign_id: target }).where('campaign_id', '=', id).execute();
      await tx.updateTable('campaigns').set({
        message_count: Number(t.message_count) + Number(row.message_count), report_count: Number(t.report_count) + Number(row.report_count),
        last_seen: Math.max(Number(t.last_seen), Number(row.last_seen)),
      }).where('id', '=', target).execute();
      await tx.updateTable('campaigns').set({ merged_into: target, message_count: 0, report_count: 0 }).where('id', '=', id).execute();
    }
    const newKeys = [...claimed].filter(([k]) => !keyOwner.has(k)).map(([key, id]) => ({ key, campaign_id: targetFor(id) }));
    for (const chunk of chunks(newKeys, 300)) await tx.insertInto('campaign_keys').values(chunk).onConflict((oc) => oc.column('key').doNothing()).execute();
    const unassigned = new Map<string, string[]>();
    items.forEach((item, i) => {
      if (existingOf.get(item.messageId)) return;
      unassigned.set(result[i]!, [...(unassigned.get(result[i]!) ?? []), item.messageId]);
    });
    for (const [target, ids] of unassigned) {
      for (const chunk of chunks([...new Set(ids)], 500)) await tx.updateTable('report_messages').set({ campaign_id: target }).where('id', 'in', chunk).where('campaign_id', 'is', null).execute();
    }
    const counts = new Map<string, { messages: number; reports: number; last: number; brand: string | null; family: string | null }>();
    items.forEach((item, i) => {
      const c = counts.get(result[i]!) ?? { messages: 0, reports: 0, last: 0, brand: null, family: null };
      c.messages += item.isNew ? 1 : 0;
      c.reports += 1;
      c.last = Math.max(c.last, item.at);
      c.brand ??= item.brand;
      c.family ??= item.family;
      counts.set(result[i]!, c);
    });
    for (const [id, c] of counts) {
      const t = await tx.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      await tx.updateTable('campaigns').set({
        message_count: Number(t.message_count) + c.messages, report_count: Number(t.report_count) + c.reports,
        last_seen: Math.max(Number(t.last_seen), c.last), brand: t.brand ?? c.brand, family: t.family ?? c.family,
      }).where('id', '=', id).execute();
    }
    return result;
  }
}
