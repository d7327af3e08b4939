// The public gallery: recent messages of campaigns an analyst confirmed as scams, masked for the public. Read
// campaign by campaign (the most recently active confirmed campaigns, a few latest messages each) so that the
// cost does not grow with the number of stored messages and one large campaign does not fill the page.
import type { Kysely } from 'kysely';
import type { Database } from '../core/index.js';
import { maskForPublic } from './public-text.js';

export interface GalleryItem { id: string; text: string; brand: string | null; family: string | null; firstSeen: number; reports: number }

const PER_CAMPAIGN = 3;

export async function galleryItems(db: Kysely<Database>, limit: number): Promise<GalleryItem[]> {
  const campaigns = await db.selectFrom('campaigns').select('id').where('status', '=', 'confirmed').where('merged_into', 'is', null)
    .orderBy('last_seen', 'desc').limit(limit).execute();
  const perCampaign = await Promise.all(campaigns.map((c) => db
    .selectFrom('report_messages')
    .select(['id', 'body', 'brand', 'family', 'first_seen', 'last_seen', 'report_count'])
    .where('campaign_id', '=', c.id)
    .orderBy('last_seen', 'desc')
    .limit(PER_CAMPAIGN)
    .execute()));
  return perCampaign.flat()
    .sort((a, b) => Number(b.last_seen) - Number(a.last_seen))
    .slice(0, limit)
    .map((r) => ({ id: r.id, text: maskForPublic(r.body), brand: r.brand, family: r.family, firstSeen: Number(r.first_seen), reports: Number(r.report_count) }));
}
