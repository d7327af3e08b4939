// Store access for the sender registry and the brand catalogue.
import type { Kysely } from 'kysely';
import type { Database } from '../core/index.js';
import type { BrandSeed } from './brand.js';
import type { SenderRegistration } from './sender-registry.js';

export class SendersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async all(): Promise<SenderRegistration[]> {
    const rows = await this.db.selectFrom('senders').selectAll().orderBy('sender').execute();
    return rows.map((r) => ({
      id: r.id,
      sender: r.sender,
      senderType: r.sender_type,
      brandId: r.brand_id,
      owner: r.owner,
      vetting: r.vetting,
      officialDomains: JSON.parse(r.official_domains) as string[],
      createdAt: Number(r.created_at),
      updatedAt: Number(r.updated_at),
    }));
  }

  /** Insert or replace registrations (the sender is the key), in one transaction. */
  async upsert(regs: readonly SenderRegistration[]): Promise<void> {
    if (regs.length === 0) return;
    await this.db.transaction().execute(async (trx) => {
      for (const r of regs) {
        const row = {
          id: r.id, sender: r.sender, sender_type: r.senderType, brand_id: r.brandId, owner: r.owner, vetting: r.vetting,
          official_domains: JSON.stringify(r.officialDomains), created_at: r.createdAt, updated_at: r.updatedAt,
        };
        await trx.insertInto('senders').values(row)
          .onConflict((oc) => oc.column('sender').doUpdateSet({ sender_type: row.sender_type, brand_id: row.brand_id, owner: row.owner, vetting: row.vetting, official_domains: row.official_domains, updated_at: row.updated_at }))
          .execute();
      }
    });
  }

  async remove(sender: string): Promise<boolean> {
    const r = await this.db.deleteFrom('senders').where('sender', '=', sender).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Insert registrations that are not there yet; existing ones (an operator may have changed them) are kept. */
  async insertMissing(regs: SenderRegistration[]): Promise<number> {
    if (regs.length === 0) return 0;
    const res = await this.db
      .insertInto('senders')
      .values(regs.map((r) => ({
        id: r.id, sender: r.sender, sender_type: r.senderType, brand_id: r.brandId, owner: r.owner, vetting: r.vetting,
        official_domains: JSON.stringify(r.officialDomains), created_at: r.createdAt, updated_at: r.updatedAt,
      })))
      .onConflict((oc) => oc.column('sender').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0);
  }
}

export class BrandsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async all(): Promise<BrandSeed[]> {
    const rows = await this.db.selectFrom('brands').selectAll().orderBy('id').execute();
    return rows.map((r) => {
      const data = JSON.parse(r.data) as Pick<BrandSeed, 'nameEn' | 'aliases' | 'officialDomains'>;
      return { id: r.id, name: r.name, category: r.category as BrandSeed['category'], ...data };
    });
  }

  /** Insert catalogue entries that are not there yet; operator edits to existing ones are kept. */
  async insertMissing(brands: readonly BrandSeed[], now: number): Promise<number> {
    if (brands.length === 0) return 0;
    const res = await this.db
      .insertInto('brands')
      .values(brands.map((b) => ({
        id: b.id, name: b.name, category: b.category, updated_at: now,
        data: JSON.stringify({ nameEn: b.nameEn, aliases: b.aliases, officialDomains: b.officialDomains }),
      })))
      .onConflict((oc) => oc.column('id').doNothing())
      .executeTakeFirst();
    return Number(res.numInsertedOrUpdatedRows ?? 0);
  }
}
