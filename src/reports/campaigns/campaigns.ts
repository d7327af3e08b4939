// Campaign clustering, incremental: each reported message joins the campaign that owns any of its keys — its
// template fingerprint (fp:), a MinHash band of its template verified by estimated similarity (mh:), an attacker
// domain or platform host from its links (dom:, host:), its sender (snd:) — or starts a new one. When a message's
// keys belong to several campaigns they are one campaign: the younger ones are merged into the oldest.
import { type Kysely, type Transaction } from 'kysely';
import { newId, type Database } from '../../core/index.js';
import { templateOf } from '../../sms/index.js';
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

type Tx = Transaction<Database> | Kysely<Database>;

async function resolve(tx: Tx, id: string): Promise<string> {
  let cur = id;
  for (let i = 0; i < 20; i++) {
    const r = await tx.selectFrom('campaigns').select(['merged_into']).where('id', '=', cur).executeTakeFirst();
    if (!r?.merged_into) return cur;
    cur = r.merged_into;
  }
  return cur;
}

export class CampaignClusterer {
  constructor(private readonly db: Kysely<Database>) {}

  /** Assigns each item's message to a campaign, in one transaction; returns the campaign id per item. */
  async assign(items: readonly ClusterItem[]): Promise<string[]> {
    return this.db.transaction().execute(async (tx) => {
      const out: string[] = [];
      for (const item of items) out.push(await this.assignOne(tx, item));
      return out;
    });
  }

  private async assignOne(tx: Transaction<Database>, item: ClusterItem): Promise<string> {
    const existing = await tx.selectFrom('report_messages').select('campaign_id').where('id', '=', item.messageId).executeTakeFirst();
    const sig = minhash(templateOf(item.body, item.links));
    const exactKeys = [`fp:${item.fingerprint}`, ...item.observableKeys];
    const nearKeys = bandKeys(sig);
    const found = await tx.selectFrom('campaign_keys').select(['key', 'campaign_id']).where('key', 'in', [...exactKeys, ...nearKeys]).execute();
    const candidates = new Set<string>();
    if (existing?.campaign_id) candidates.add(await resolve(tx, existing.campaign_id));
    for (const f of found) {
      const id = await resolve(tx, f.campaign_id);
      if (f.key.startsWith('mh:')) {
        const c = await tx.selectFrom('campaigns').select('signature').where('id', '=', id).executeTakeFirst();
        const other = c ? decodeSig(c.signature) : null;
        if (!other || similarity(sig, other) < NEAR_DUPLICATE) continue;
      }
      candidates.add(id);
    }

    let target: string;
    if (candidates.size === 0) {
      target = newId(item.at);
      await tx.insertInto('campaigns').values({
        id: target, brand: item.brand, family: item.family, category: item.category, first_seen: item.at, last_seen: item.at,
        message_count: 0, report_count: 0, merged_into: null, signature: encodeSig(sig),
      }).execute();
    } else {
      const rows = await tx.selectFrom('campaigns').selectAll().where('id', 'in', [...candidates]).orderBy('first_seen').orderBy('id').execute();
      target = rows[0]!.id;
      for (const other of rows.slice(1)) await this.merge(tx, other.id, target, other);
    }
    for (const key of [...exactKeys, ...nearKeys]) {
      await tx.insertInto('campaign_keys').values({ key, campaign_id: target }).onConflict((oc) => oc.column('key').doNothing()).execute();
    }
    if (!existing?.campaign_id) await tx.updateTable('report_messages').set({ campaign_id: target }).where('id', '=', item.messageId).execute();
    const c = await tx.selectFrom('campaigns').selectAll().where('id', '=', target).executeTakeFirstOrThrow();
    await tx.updateTable('campaigns').set({
      message_count: Number(c.message_count) + (item.isNew ? 1 : 0),
      report_count: Number(c.report_count) + 1,
      last_seen: Math.max(Number(c.last_seen), item.at),
      brand: c.brand ?? item.brand,
      family: c.family ?? item.family,
    }).where('id', '=', target).execute();
    return target;
  }

  private async merge(tx: Transaction<Database>, from: string, into: string, row: { message_count: number; report_count: number; first_seen: number; last_seen: number }): Promise<void> {
    await tx.updateTable('campaign_keys').set({ campaign_id: into }).where('campaign_id', '=', from).execute();
    await tx.updateTable('report_messages').set({ campaign_id: into }).where('campaign_id', '=', from).execute();
    const t = await tx.selectFrom('campaigns').selectAll().where('id', '=', into).executeTakeFirstOrThrow();
    await tx.updateTable('campaigns').set({
      message_count: Number(t.message_count) + Number(row.message_count),
      report_count: Number(t.report_count) + Number(row.report_count),
      last_seen: Math.max(Number(t.last_seen), Number(row.last_seen)),
    }).where('id', '=', into).execute();
    await tx.updateTable('campaigns').set({ merged_into: into, message_count: 0, report_count: 0 }).where('id', '=', from).execute();
  }
}
