// TAXII 2.1 server (read-only): discovery at /taxii2/, one API root, one collection of this operator's bad
// indicators as STIX 2.1 objects, with `added_after` / `next` paging and a manifest. Indicators pulled from peers
// are not re-served (no echo between operators); the allow-list is not shared. Members, analysts and police
// with an API key may read. What leaves carries no subscriber data (see docs/stix.md).
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import { AppError, requireRole } from '../../core/index.js';
import type { IntelService } from '../intel.service.js';
import { MAMORU_STIX_NAMESPACE, toStixBundle } from '../stix/stix.js';
import { uuidV5 } from '../stix/uuid-v5.js';

export const TAXII_MEDIA = 'application/taxii+json;version=2.1';
export const STIX_MEDIA = 'application/stix+json;version=2.1';
/** Source prefix of indicators imported from peers: never served again. */
export const TAXII_SOURCE_PREFIX = 'taxii:';
const PAGE = 1000;

export interface TaxiiRoutesOptions {
  intel: IntelService;
  /** This operator's name and id, as the STIX identity of what it shares. */
  identity: { id: string; name: string };
}

/** The one collection's id: stable across instances and restarts. */
export const INDICATOR_COLLECTION_ID = uuidV5(MAMORU_STIX_NAMESPACE, 'taxii/collections/indicators');

function taxii(reply: FastifyReply, body: unknown): unknown {
  void reply.header('content-type', TAXII_MEDIA);
  return body;
}

const rfc3339 = (ms: number): string => new Date(ms).toISOString();

function parseAddedAfter(v: string | undefined): number {
  if (v === undefined) return 0;
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) throw new AppError('VALIDATION_FAILED', 'added_after must be an RFC 3339 timestamp');
  return ms;
}

/** `next` is opaque to clients: "<updatedAt>.<id>". */
function parseNext(v: string | undefined): { after: number; afterId: string } | null {
  if (v === undefined) return null;
  const m = /^(\d{1,15})\.([0-9A-Z]{26})$/.exec(v);
  if (!m) throw new AppError('VALIDATION_FAILED', 'next is not a cursor this server issued');
  return { after: Number(m[1]), afterId: m[2]! };
}

export const taxiiRoutes: FastifyPluginAsync<TaxiiRoutesOptions> = async (app, opts) => {
  const collection = {
    id: INDICATOR_COLLECTION_ID, title: 'mamoru indicators', description: `Scam-SMS indicators shared by ${opts.identity.name}`,
    can_read: true, can_write: false, media_types: [STIX_MEDIA],
  };
  const guard = (p: Parameters<typeof requireRole>[0]): void => {
    requireRole(p, ['member', 'analyst', 'police']);
  };
  const page = async (q: { added_after?: string; next?: string; limit?: string }) => {
    const cursor = parseNext(q.next) ?? { after: parseAddedAfter(q.added_after), afterId: undefined };
    const limit = Math.min(Math.max(q.limit ? Number(q.limit) : PAGE, 1), PAGE);
    const rows = await opts.intel.changedSince({ ...cursor, verdict: 'bad', excludeSourcePrefix: TAXII_SOURCE_PREFIX, limit: limit + 1 });
    const more = rows.length > limit;
    const shown = rows.slice(0, limit);
    const last = shown[shown.length - 1];
    return { rows: shown, more, next: more && last ? `${last.updatedAt}.${last.indicator.id}` : undefined };
  };
  const collectionGuard = (id: string): void => {
    if (id !== INDICATOR_COLLECTION_ID) throw new AppError('NOT_FOUND', `no collection ${id}`);
  };

  app.get('/taxii2/', async (req, reply) => {
    guard(req.principal);
    return taxii(reply, { title: 'mamoru TAXII', description: 'Scam-SMS indicators between operators', default: '/taxii2/api/', api_roots: ['/taxii2/api/'] });
  });
  app.get('/taxii2/api/', async (req, reply) => {
    guard(req.principal);
    return taxii(reply, { title: 'mamoru', versions: [TAXII_MEDIA], max_content_length: 0 });
  });
  app.get('/taxii2/api/collections/', async (req, reply) => {
    guard(req.principal);
    return taxii(reply, { collections: [collection] });
  });
  app.get<{ Params: { id: string } }>('/taxii2/api/collections/:id/', async (req, reply) => {
    guard(req.principal);
    collectionGuard(req.params.id);
    return taxii(reply, collection);
  });

  const querySchema = {
    type: 'object', additionalProperties: false,
    properties: { added_after: { type: 'string', maxLength: 40 }, next: { type: 'string', maxLength: 60 }, limit: { type: 'string', pattern: '^[0-9]{1,5}$' } },
  };
  type PageRequest = { principal: Parameters<typeof requireRole>[0]; params: { id: string }; query: { added_after?: string; next?: string; limit?: string } };
  /** One page of the collection as a STIX bundle, with the TAXII date headers set (objects and manifest share it). */
  const bundlePage = async (req: PageRequest, reply: FastifyReply) => {
    guard(req.principal);
    collectionGuard(req.params.id);
    const { rows, more, next } = await page(req.query);
    const bundle = toStixBundle(rows.map((r) => r.indicator), { identity: opts.identity, now: Date.now() });
    if (rows.length > 0) {
      void reply.header('X-TAXII-Date-Added-First', rfc3339(rows[0]!.updatedAt));
      void reply.header('X-TAXII-Date-Added-Last', rfc3339(rows[rows.length - 1]!.updatedAt));
    }
    return { rows, more, next, bundle };
  };
  app.get<{ Params: { id: string }; Querystring: { added_after?: string; next?: string; limit?: string } }>('/taxii2/api/collections/:id/objects/', {
    schema: { querystring: querySchema },
  }, async (req, reply) => {
    const { more, next, bundle } = await bundlePage(req, reply);
    return taxii(reply, { more, ...(next ? { next } : {}), objects: bundle.objects });
  });
  app.get<{ Params: { id: string }; Querystring: { added_after?: string; next?: string; limit?: string } }>('/taxii2/api/collections/:id/manifest/', {
    schema: { querystring: querySchema },
  }, async (req, reply) => {
    const { rows, more, next, bundle } = await bundlePage(req, reply);
    // The bundle lists the indicators in the order of `rows`, after the identity and the extension definition.
    const objects = bundle.objects.filter((o) => o.type === 'indicator').map((o, i) => ({
      id: o.id, date_added: rfc3339(rows[i]!.updatedAt), version: (o as { modified: string }).modified, media_type: STIX_MEDIA,
    }));
    return taxii(reply, { more, ...(next ? { next } : {}), objects });
  });
};
