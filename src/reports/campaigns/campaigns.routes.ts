// Campaign search and detail for analysts (members may list campaigns; sample texts are for analysts, audited).
import { sql } from 'kysely';
import type { FastifyPluginAsync } from 'fastify';
import { AppError, requireRole, type AuditLog, type Clock, type Database } from '../../core/index.js';
import type { Kysely } from 'kysely';
import type { IntelService } from '../../intel/index.js';
import { maskForSharing } from '../masking.js';

export interface CampaignRoutesOptions {
  db: Kysely<Database>;
  intel: IntelService;
  audit: AuditLog;
  clock: Clock;
}

const DAY = 86_400_000;
/** Timelines count JST days, as the monitor's statistics do. */
const JST = 9 * 3_600_000;

export const campaignRoutes: FastifyPluginAsync<CampaignRoutesOptions> = async (app, opts) => {
  app.get<{ Querystring: { brand?: string; family?: string; domain?: string; sender?: string; since?: string; limit?: string } }>('/v1/campaigns', {
    schema: {
      summary: 'Campaigns, most recently active first (by brand, family, domain, sender, activity since)', tags: ['reports'], security: [{ bearer: [] }],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          brand: { type: 'string', maxLength: 100 }, family: { type: 'string', enum: ['moqhao', 'keepspy', 'other'] }, domain: { type: 'string', maxLength: 253 },
          sender: { type: 'string', maxLength: 64 }, since: { type: 'string', pattern: '^[0-9]{1,15}$' }, limit: { type: 'string', pattern: '^[0-9]{1,4}$' },
        },
      },
    },
  }, async (req) => {
    requireRole(req.principal, ['member', 'analyst', 'police']);
    const q = req.query;
    let query = opts.db.selectFrom('campaigns').selectAll().where('merged_into', 'is', null).orderBy('last_seen', 'desc').limit(Math.min(Number(q.limit ?? 100), 1000));
    if (q.brand) query = query.where('brand', '=', q.brand);
    if (q.family) query = query.where('family', '=', q.family);
    if (q.since) query = query.where('last_seen', '>=', Number(q.since));
    const keyFilter = q.domain ? [`dom:${q.domain.toLowerCase()}`, `host:${q.domain.toLowerCase()}`] : q.sender ? [`snd:${q.sender}`] : null;
    if (keyFilter) query = query.where('id', 'in', opts.db.selectFrom('campaign_keys').select('campaign_id').where('key', 'in', keyFilter));
    const rows = await query.execute();
    return { campaigns: rows.map(({ signature: _s, merged_into: _m, ...c }) => c) };
  });

  app.get<{ Params: { id: string }; Querystring: { purpose?: string } }>('/v1/campaigns/:id', {
    schema: {
      summary: 'One campaign: timeline, domains and senders with their indicators, sample texts (audited)', tags: ['reports'], security: [{ bearer: [] }],
      querystring: { type: 'object', additionalProperties: false, properties: { purpose: { type: 'string', minLength: 3, maxLength: 200 } } },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['analyst']);
    const c = await opts.db.selectFrom('campaigns').selectAll().where('id', '=', req.params.id).executeTakeFirst();
    if (!c) throw new AppError('NOT_FOUND', `no campaign ${req.params.id}`);
    if (c.merged_into) throw new AppError('NOT_FOUND', `campaign ${c.id} was merged into ${c.merged_into}`, { mergedInto: c.merged_into });
    const timeline = await opts.db
      .selectFrom('reports')
      .innerJoin('report_messages', 'report_messages.id', 'reports.message_id')
      .select([sql<number>`(reports.reported_at + ${JST}) - ((reports.reported_at + ${JST}) % ${DAY})`.as('day'), sql<number>`count(*)`.as('reports')])
      .where('report_messages.campaign_id', '=', c.id)
      .groupBy(sql`(reports.reported_at + ${JST}) - ((reports.reported_at + ${JST}) % ${DAY})`)
      .orderBy('day')
      .execute();
    const samples = await opts.db.selectFrom('report_messages').select(['id', 'body', 'report_count', 'first_seen']).where('campaign_id', '=', c.id).orderBy('report_count', 'desc').limit(5).execute();
    const keys = (await opts.db.selectFrom('campaign_keys').select('key').where('campaign_id', '=', c.id).execute()).map((k) => k.key).filter((k) => !k.startsWith('mh:'));
    const indicators = keys.flatMap((k) => {
      const [prefix, ...rest] = k.split(':');
      const value = rest.join(':');
      const kind = prefix === 'dom' ? 'domain' : prefix === 'host' ? 'host' : prefix === 'fp' ? 'fingerprint' : value.startsWith('+') || /^\d/.test(value) ? 'phone' : 'sender_id';
      const hit = opts.intel.lookupNormalized(kind, value);
      return [{ kind, value, indicator: hit ? { verdict: hit.verdict, confidence: hit.confidence, source: hit.source } : null }];
    });
    await opts.audit.record({ actor: `${who.memberName}/${who.keyId}`, action: 'campaigns.read', target: c.id, purpose: req.query.purpose ?? 'campaign review', details: { samples: samples.length } });
    const { signature: _s, merged_into: _m, ...campaign } = c;
    return {
      campaign,
      timeline: timeline.map((t) => ({ day: new Date(Number(t.day)).toISOString().slice(0, 10), reports: Number(t.reports) })),
      indicators,
      // Samples gather texts from every member: masked as shared texts (links and senders stay).
      samples: samples.map((m) => ({ messageId: m.id, body: maskForSharing(m.body, null), reports: Number(m.report_count), firstSeen: Number(m.first_seen) })),
    };
  });

  // An analyst's decision on a whole campaign. Confirmed: its texts may appear (masked) in the public gallery and
  // its attacker domains and hosts become bad indicators from the analyst. Senders are left alone: they are mostly
  // infected subscribers' lines, not the attacker's. Rejected: kept out of the gallery; indicators are untouched
  // (reject single indicators with /v1/indicators/…/reject). Audited either way.
  app.post<{ Params: { id: string }; Body: { decision: 'confirmed' | 'rejected'; note: string } }>('/v1/campaigns/:id/decision', {
    schema: {
      summary: 'Confirm a campaign as a scam (gallery, bad indicators for its domains) or reject it; audited', tags: ['reports'], security: [{ bearer: [] }],
      body: {
        type: 'object', additionalProperties: false, required: ['decision', 'note'],
        properties: { decision: { type: 'string', enum: ['confirmed', 'rejected'] }, note: { type: 'string', minLength: 3, maxLength: 500 } },
      },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['analyst']);
    const c = await opts.db.selectFrom('campaigns').selectAll().where('id', '=', req.params.id).executeTakeFirst();
    if (!c) throw new AppError('NOT_FOUND', `no campaign ${req.params.id}`);
    if (c.merged_into) throw new AppError('NOT_FOUND', `campaign ${c.id} was merged into ${c.merged_into}`, { mergedInto: c.merged_into });
    const { decision, note } = req.body;
    const now = opts.clock.now();
    const actor = `${who.memberName}/${who.keyId}`;
    await opts.db.updateTable('campaigns').set({ status: decision, decided_at: now, decided_by: actor, decision_note: note }).where('id', '=', c.id).execute();
    let indicators = 0;
    if (decision === 'confirmed') {
      const keys = await opts.db.selectFrom('campaign_keys').select('key').where('campaign_id', '=', c.id).where((eb) => eb.or([eb('key', 'like', 'dom:%'), eb('key', 'like', 'host:%')])).execute();
      const inputs = keys.flatMap(({ key }) => {
        const kind = key.startsWith('dom:') ? ('domain' as const) : ('host' as const);
        const value = key.slice(key.indexOf(':') + 1);
        // An allow-listed (official) domain that a lure merely mentions stays allowed.
        if (opts.intel.lookupNormalized(kind, value)?.verdict === 'good') return [];
        return [{ kind, value, verdict: 'bad' as const, source: 'analyst', confidence: 0.95, expiresAt: now + 90 * DAY, brand: c.brand, family: c.family, note: `campaign ${c.id} confirmed: ${note}` }];
      });
      if (inputs.length > 0) indicators = (await opts.intel.upsert(inputs)).length;
    }
    await opts.audit.record({ actor, action: `campaigns.${decision === 'confirmed' ? 'confirm' : 'reject'}`, target: c.id, purpose: 'campaign review', details: { note, indicators } });
    return { campaign: { id: c.id, status: decision, decidedAt: now, decidedBy: actor }, indicators };
  });
};
