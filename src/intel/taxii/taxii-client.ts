// TAXII 2.1 client: pulls a peer's indicator collection (added_after paging) and imports it. Imported indicators
// carry source `taxii:<peer>`; a local decision always wins — a local allow-list entry or an indicator from
// another source is never overwritten by a peer. A peer that answers junk, too much, or not at all ends the pull
// with an error (logged by the scheduler); nothing half-parsed is imported.
import type { Kysely } from 'kysely';
import { AppError, type Database } from '../../core/index.js';
import type { IntelService } from '../intel.service.js';
import { fromStixBundle } from '../stix/stix.js';
import { TAXII_MEDIA, TAXII_SOURCE_PREFIX } from './taxii.routes.js';

export interface TaxiiPeer {
  /** Short name, used in the indicators' source (`taxii:<name>`). */
  name: string;
  /** The collection URL, e.g. https://peer.example/taxii2/api/collections/<id>/ */
  url: string;
  /** The API key the peer issued to this operator. */
  key: string;
}

/** Where the last pulled position of each peer is kept (the store's meta table in production). */
export interface PullCursorStore {
  get(peer: string): Promise<string | null>;
  set(peer: string, addedAfter: string): Promise<void>;
}

/** The pull positions kept in the store's meta table, one row per peer (`taxii.pull.<peer>`). */
export function metaCursorStore(db: Kysely<Database>): PullCursorStore {
  return {
    async get(peer) {
      const r = await db.selectFrom('meta').select('value').where('key', '=', `taxii.pull.${peer}`).executeTakeFirst();
      return r?.value ?? null;
    },
    async set(peer, addedAfter) {
      await db.insertInto('meta').values({ key: `taxii.pull.${peer}`, value: addedAfter }).onConflict((oc) => oc.column('key').doUpdateSet({ value: addedAfter })).execute();
    },
  };
}

export interface PullResult {
  imported: number;
  skipped: number;
  pages: number;
  /** The position the next pull starts from. */
  addedAfter: string | null;
}

const MAX_PAGES = 100;
const MAX_BYTES = 50 * 1024 * 1024;

async function fetchPage(peer: TaxiiPeer, query: string, timeoutMs: number): Promise<{ body: { more?: unknown; next?: unknown; objects?: unknown }; last: string | null }> {
  let res: Response;
  try {
    res = await fetch(`${peer.url.replace(/\/?$/, '/')}objects/${query}`, {
      headers: { accept: TAXII_MEDIA, authorization: `Bearer ${peer.key}` },
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
  } catch (e) {
    throw new AppError('STORAGE_FAILED', `TAXII peer ${peer.name} did not answer: ${e instanceof Error ? e.name : 'error'}`);
  }
  if (res.status !== 200) throw new AppError('STORAGE_FAILED', `TAXII peer ${peer.name} answered HTTP ${res.status}`);
  const text = await res.text();
  if (text.length > MAX_BYTES) throw new AppError('PAYLOAD_TOO_LARGE', `TAXII peer ${peer.name} sent more than ${MAX_BYTES} bytes in one page`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new AppError('INVALID_JSON', `TAXII peer ${peer.name} sent a page that is not JSON`);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new AppError('VALIDATION_FAILED', `TAXII peer ${peer.name} sent a page that is not an envelope`);
  return { body: body, last: res.headers.get('x-taxii-date-added-last') };
}

export async function pullOnce(intel: IntelService, cursors: PullCursorStore, peer: TaxiiPeer, opts: { now?: () => number; timeoutMs?: number } = {}): Promise<PullResult> {
  const now = opts.now ?? Date.now;
  const source = `${TAXII_SOURCE_PREFIX}${peer.name}`;
  let addedAfter = await cursors.get(peer.name);
  let next: string | null = null;
  let imported = 0;
  let skipped = 0;
  let pages = 0;
  do {
    const query = next ? `?next=${encodeURIComponent(next)}` : addedAfter ? `?added_after=${encodeURIComponent(addedAfter)}` : '';
    const { body, last } = await fetchPage(peer, query, opts.timeoutMs ?? 10_000);
    pages++;
    const objects = Array.isArray(body.objects) ? (body.objects as unknown[]) : [];
    const result = fromStixBundle({ type: 'bundle', id: 'bundle--00000000-0000-4000-8000-000000000000', objects }, { source, now: now() });
    skipped += result.skipped.length;
    // A local decision wins: an allow-list entry, or an indicator this operator holds from another source.
    const accepted = result.indicators.filter((i) => {
      const local = intel.lookupNormalized(i.kind, i.value);
      return !local || (local.verdict === 'bad' && local.source.startsWith(TAXII_SOURCE_PREFIX));
    });
    skipped += result.indicators.length - accepted.length;
    if (accepted.length > 0) imported += (await intel.upsert(accepted)).length;
    if (last) addedAfter = last;
    next = body.more === true && typeof body.next === 'string' ? body.next : null;
  } while (next && pages < MAX_PAGES);
  if (addedAfter) await cursors.set(peer.name, addedAfter);
  return { imported, skipped, pages, addedAfter };
}
