// Report intake into the roll-ups: the report hub calls this after a batch is committed; the counts (per channel,
// and per campaign for the console's sparklines) are written at once in their own small transaction.
import type { Kysely } from 'kysely';
import type { Database } from '../core/index.js';
import { RollupBuffer } from './rollup.js';
import { StatsStore } from './stats.store.js';

export function reportIntakeRecorder(db: Kysely<Database>) {
  const store = new StatsStore(db);
  return async (receipts: ReadonlyArray<{ campaignId: string | null }>, channel: string, at: number): Promise<void> => {
    if (receipts.length === 0) return;
    const buffer = new RollupBuffer();
    for (const r of receipts) buffer.addReport(channel, r.campaignId, at);
    await db.transaction().execute((trx) => store.write(trx, buffer.take()));
  };
}
