// The operator console's own data: who the key belongs to, new and growing campaigns with their sparklines, and
// report intake volume. Campaign pages, cases, consent and indicator decisions use the modules' own endpoints.
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { requireRole, type AuditLog, type Clock, type Database } from '../core/index.js';
import { maskForSharing } from '../reports/index.js';
import type { StatsService } from './stats.service.js';
import type { StatsStore } from './stats.store.js';
import { DAY, jstDate, jstDayOf } from './time.js';

export interface ConsoleRoutesOptions {
  db: Kysely<Database>;
  stats: StatsService;
  store: StatsStore;
  audit: AuditLog;
  clock: Clock;
}

const GROWTH_WINDOW = 3;
/** The most recently active campaigns ranked for "new and growing" (growth needs recent reports anyway). */
const CANDIDATES = 300;

export const consoleRoutes: FastifyPluginAsync<ConsoleRoutesOptions> = async (app, opts) => {
  const tags = ['monitor'];

  app.get('/v1/whoami', { schema: { summary: 'The member and role of the presented API key', tags, security: [{ bearer: [] }] } }, async (req) => {
    const p = requireRole(req.principal, ['member', 'analyst', 'police', 'admin']);
    return { memberName: p.memberName, role: p.role, keyId: p.keyId };
  });

  app.get<{ Querystring: { days?: string; limit?: string } }>('/v1/stats/campaigns', {
    schema: {
      summary: 'New and growing campaigns with a daily report sparkline (analysts also get masked sample texts, audited)', tags, security: [{ bearer: [] }],
      querystring: { type: 'object', additionalProperties: false, properties: { days: { type: 'string', pattern: '^([7-9]|[1-5][0-9]|60)$' }, limit: { type: 'string', pattern: '^[0-9]{1,3}$' } } },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['member', 'analyst']);
    const days = Number(req.query.days ?? 14);
    const limit = Math.min(200, Math.max(1, Number(req.query.limit ?? 50)));
    const today = jstDayOf(opts.clock.now());
    const from = today - (days - 1) * DAY;
    const rows = await opts.db.selectFrom('campaigns').select(['id', 'status', 'brand', 'family', 'category', 'first_seen', 'last_seen', 'report_count', 'message_count'])
      .where('merged_into', 'is', null).where('last_seen', '>=', from).orderBy('last_seen', 'desc').limit(CANDIDATES).execute();
    const counts = rows.length === 0 ? [] : await opts.store.dayCountsOf('campaign', rows.map((r) => r.id), from, today + DAY);
    const spark = new Map<string, number[]>();
    for (const c of counts) {
      let s = spark.get(c.key);
      if (!s) spark.set(c.key, (s = new Array<number>(days).fill(0)));
      s[Math.round((c.bucket - from) / DAY)]! += c.count;
    }
    const ranked = rows.map((r) => {
      const sparkline = spark.get(r.id) ?? new Array<number>(days).fill(0);
      const recent = sparkline.slice(-GROWTH_WINDOW).reduce((a, b) => a + b, 0);
      const before = sparkline.slice(-2 * GROWTH_WINDOW, -GROWTH_WINDOW).reduce((a, b) => a + b, 0);
      const isNew = Number(r.first_seen) >= today - (GROWTH_WINDOW - 1) * DAY;
      return { r, sparkline, recent, growth: before === 0 ? (recent > 0 ? recent : 0) : recent / before, isNew };
    }).sort((a, b) => Number(b.isNew) - Number(a.isNew) || b.growth - a.growth || b.recent - a.recent).slice(0, limit);
    const ids = ranked.map((x) => x.r.id);
    const keys = ids.length === 0 ? [] : await opts.db.selectFrom('campaign_keys').select(['campaign_id', 'key']).where('campaign_id', 'in', ids).execute();
    const indicatorsOf = new Map<string, Array<{ kind: string; value: string }>>();
    const analyst = who.role === 'analyst' || who.role === 'admin';
    for (const k of keys) {
      const [prefix, ...rest] = k.key.split(':');
      // Senders are mostly infected subscribers' lines: partner members see the attacker's domains only.
      const kind = prefix === 'dom' ? 'domain' : prefix === 'host' ? 'host' : prefix === 'snd' && analyst ? 'sender' : null;
      if (!kind) continue;
      let list = indicatorsOf.get(k.campaign_id);
      if (!list) indicatorsOf.set(k.campaign_id, (list = []));
      if (list.length < 8) list.push({ kind, value: rest.join(':') });
    }
    const samplesOf = new Map<string, string[]>();
    if (analyst) {
      for (const id of ids) {
        const s = await opts.db.selectFrom('report_messages').select('body').where('campaign_id', '=', id).orderBy('last_seen', 'desc').limit(1).execute();
        samplesOf.set(id, s.map((m) => maskForSharing(m.body, null)));
      }
      if (ids.length > 0) await opts.audit.record({ actor: `${who.memberName}/${who.keyId}`, action: 'campaigns.samples.read', target: `campaigns:${ids.length}`, purpose: 'console: new and growing campaigns' });
    }
    return {
      days: Array.from({ length: days }, (_, i) => jstDate(from + i * DAY)),
      campaigns: ranked.map(({ r, sparkline, recent, growth, isNew }) => ({
        id: r.id, status: r.status, brand: r.brand, family: r.family, category: r.category, firstSeen: Number(r.first_seen), lastSeen: Number(r.last_seen),
        reports: Number(r.report_count), messages: Number(r.message_count), recent, sparkline, growth: Math.round(growth * 100) / 100, isNew,
        indicators: indicatorsOf.get(r.id) ?? [], samples: samplesOf.get(r.id) ?? [],
      })),
    };
  });

  app.get<{ Querystring: { days?: string } }>('/v1/stats/reports', {
    schema: {
      summary: 'Report intake per JST day and channel', tags, security: [{ bearer: [] }],
      querystring: { type: 'object', additionalProperties: false, properties: { days: { type: 'string', pattern: '^[0-9]{1,2}$' } } },
    },
  }, async (req) => {
    requireRole(req.principal, ['member', 'analyst']);
    return opts.stats.daily('reports', Math.min(90, Math.max(1, Number(req.query.days ?? 30))), 10);
  });
};
