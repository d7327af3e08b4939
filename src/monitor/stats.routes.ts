// The public monitor's data: aggregates only, from the roll-ups, plus the vetted gallery. No key needed; nothing
// here carries a number, a pseudonym or an unconfirmed text.
import type { FastifyPluginAsync } from 'fastify';
import type { Database } from '../core/index.js';
import type { Kysely } from 'kysely';
import { galleryItems } from './gallery.js';
import type { LiveFeed } from './live-feed.js';
import type { StatsService } from './stats.service.js';

export interface StatsRoutesOptions {
  stats: StatsService;
  live: LiveFeed;
  db: Kysely<Database>;
}

const days = { type: 'string', pattern: '^[0-9]{1,2}$' } as const;
const KEEPALIVE_MS = 15_000;

function range(raw: string | undefined, fallback: number, min: number, max: number): number {
  const n = raw === undefined ? fallback : Number(raw);
  return Math.min(max, Math.max(min, n));
}

export const statsRoutes: FastifyPluginAsync<StatsRoutesOptions> = async (app, opts) => {
  const tags = ['monitor'];
  // Open live streams never end by themselves: closing the server ends them first.
  const streams = new Set<() => void>();
  app.addHook('preClose', async () => {
    for (const end of streams) end();
  });
  // Aggregates change every second or so; a short shared cache keeps a crowd from reaching the store.
  app.addHook('onSend', async (req, reply) => {
    if (req.method === 'GET' && reply.statusCode === 200 && !reply.getHeader('cache-control')) reply.header('cache-control', 'public, max-age=5');
  });

  app.get('/v1/stats/summary', { schema: { summary: 'Detected scam SMS and infected handsets: headline figures', tags } }, async () => opts.stats.summary());

  app.get<{ Querystring: { range?: '24h' | '30d' } }>('/v1/stats/timeline', {
    schema: {
      summary: 'Detected scam SMS per hour (last 24 hours) or per JST day (last 30 days)', tags,
      querystring: { type: 'object', additionalProperties: false, properties: { range: { type: 'string', enum: ['24h', '30d'] } } },
    },
  }, async (req) => opts.stats.timeline(req.query.range ?? '24h'));

  app.get<{ Querystring: { weeks?: string } }>('/v1/stats/heatmap', {
    schema: {
      summary: 'Detected scam SMS by JST weekday × hour, in all and per malware family', tags,
      querystring: { type: 'object', additionalProperties: false, properties: { weeks: { type: 'string', pattern: '^(1[0-2]|[1-9])$' } } },
    },
  }, async (req) => opts.stats.heatmap(range(req.query.weeks, 4, 1, 12)));

  app.get<{ Querystring: { days?: string } }>('/v1/stats/brands', {
    schema: { summary: 'Impersonated brands per JST day (top 8, the rest as other)', tags, querystring: { type: 'object', additionalProperties: false, properties: { days } } },
  }, async (req) => opts.stats.daily('brand', range(req.query.days, 30, 1, 90)));

  app.get<{ Querystring: { days?: string } }>('/v1/stats/families', {
    schema: { summary: 'Malware families per JST day', tags, querystring: { type: 'object', additionalProperties: false, properties: { days } } },
  }, async (req) => opts.stats.daily('family', range(req.query.days, 30, 1, 90), 8, ['moqhao', 'keepspy']));

  app.get<{ Querystring: { days?: string } }>('/v1/stats/infected', {
    schema: { summary: 'Estimated infected handsets: distinct smishing senders from personal lines per JST day and in the last 24 hours', tags, querystring: { type: 'object', additionalProperties: false, properties: { days } } },
  }, async (req) => opts.stats.infected(range(req.query.days, 30, 1, 90)));

  app.get<{ Querystring: { limit?: string } }>('/v1/gallery', {
    schema: {
      summary: 'Recent messages of analyst-confirmed scam campaigns, numbers masked and links defanged', tags,
      querystring: { type: 'object', additionalProperties: false, properties: { limit: { type: 'string', pattern: '^[0-9]{1,2}$' } } },
    },
  }, async (req) => ({ items: await galleryItems(opts.db, range(req.query.limit, 12, 1, 48)) }));

  app.get('/v1/stats/live', { schema: { summary: 'Server-sent events: the live counter (event "stats"), whenever it changes', tags } }, async (req, reply) => {
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache, no-transform', connection: 'keep-alive', 'x-accel-buffering': 'no',
      'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
    });
    res.write('retry: 5000\n\n');
    // Cleanup is armed before the first (awaited) read, so a viewer who leaves at once leaves nothing behind.
    let unsubscribe: (() => void) | null = null;
    let ended = false;
    const keepalive = setInterval(() => res.write(': keep-alive\n\n'), KEEPALIVE_MS);
    keepalive.unref();
    const end = () => {
      if (ended) return;
      ended = true;
      streams.delete(end);
      clearInterval(keepalive);
      unsubscribe?.();
      res.end();
    };
    streams.add(end);
    req.raw.on('close', end);
    res.on('error', end);
    try {
      const off = await opts.live.subscribe((s) => res.write(`event: stats\ndata: ${JSON.stringify(s)}\n\n`));
      if (ended) off();
      else unsubscribe = off;
    } catch (e) {
      req.log.warn({ err: e }, 'live statistics unavailable');
      end();
    }
  });
};
