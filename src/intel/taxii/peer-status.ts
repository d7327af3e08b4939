// The state of each TAXII peer's feed for the console: when it was last tried, last succeeded, what failed and how
// much the last pull brought. Kept in the store's meta table (`taxii.status.<peer>`), so a restart keeps it and
// an API process sees what a worker's pulls recorded.
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { requireRole, type Database } from '../../core/index.js';

export interface PeerStatus {
  lastAttemptAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  lastImported: number | null;
}

const keyOf = (peer: string) => `taxii.status.${peer}`;
const EMPTY: PeerStatus = { lastAttemptAt: null, lastSuccessAt: null, lastError: null, lastImported: null };

export class PeerStatusBoard {
  constructor(private readonly db: Kysely<Database>) {}

  async get(peer: string): Promise<PeerStatus> {
    const r = await this.db.selectFrom('meta').select('value').where('key', '=', keyOf(peer)).executeTakeFirst();
    if (!r) return { ...EMPTY };
    try {
      return { ...EMPTY, ...(JSON.parse(r.value) as Partial<PeerStatus>) };
    } catch {
      return { ...EMPTY };
    }
  }

  async record(peer: string, at: number, outcome: { imported: number } | { error: string }): Promise<void> {
    const prev = await this.get(peer);
    const next: PeerStatus = 'error' in outcome
      ? { ...prev, lastAttemptAt: at, lastError: outcome.error.slice(0, 500) }
      : { lastAttemptAt: at, lastSuccessAt: at, lastError: null, lastImported: outcome.imported };
    const value = JSON.stringify(next);
    await this.db.insertInto('meta').values({ key: keyOf(peer), value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  }
}

export interface PeersRoutesOptions {
  peers: ReadonlyArray<{ name: string; url: string; everySeconds: number }>;
  board: PeerStatusBoard;
  cursor: (peer: string) => Promise<string | null>;
}

export const peersRoutes: FastifyPluginAsync<PeersRoutesOptions> = async (app, opts) => {
  app.get('/v1/intel/peers', {
    schema: { summary: 'Indicator feed status per TAXII peer (last attempt, last success, error, position)', tags: ['intel'], security: [{ bearer: [] }] },
  }, async (req) => {
    requireRole(req.principal, ['analyst']);
    const peers = await Promise.all(opts.peers.map(async (p) => {
      const url = new URL(p.url);
      return { name: p.name, url: `${url.origin}${url.pathname}`, everySeconds: p.everySeconds, ...(await opts.board.get(p.name)), cursor: await opts.cursor(p.name) };
    }));
    return { peers };
  });
};
