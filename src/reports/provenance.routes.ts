// Provenance of an indicator: where it came from (its current source in intel) and, for indicators derived from
// reports, how many independent reporters at how many members reported it, and when first and last.
import { sql, type Kysely } from 'kysely';
import type { FastifyPluginAsync } from 'fastify';
import { AppError, requireRole, type Database } from '../core/index.js';
import { INDICATOR_KINDS, normalizeIndicatorValue, type IndicatorKind, type IntelService } from '../intel/index.js';

export const provenanceRoutes: FastifyPluginAsync<{ db: Kysely<Database>; intel: IntelService }> = async (app, opts) => {
  app.get<{ Params: { kind: IndicatorKind; value: string } }>('/v1/indicators/:kind/:value/provenance', {
    schema: {
      summary: 'Where an indicator comes from: source, independent reporters and members, first and last report', tags: ['intel'], security: [{ bearer: [] }],
      params: { type: 'object', required: ['kind', 'value'], properties: { kind: { type: 'string', enum: [...INDICATOR_KINDS] }, value: { type: 'string', minLength: 1 } } },
    },
  }, async (req) => {
    requireRole(req.principal, ['member', 'analyst', 'police']);
    const value = normalizeIndicatorValue(req.params.kind, req.params.value);
    const current = opts.intel.lookupNormalized(req.params.kind, value);
    const agg = await opts.db
      .selectFrom('indicator_evidence')
      .select([
        sql<number>`count(distinct reporter_key)`.as('reporters'), sql<number>`count(distinct member_id)`.as('members'),
        sql<number>`sum(reports)`.as('reports'), sql<number>`min(first_seen)`.as('first'), sql<number>`max(last_seen)`.as('last'),
      ])
      .where('kind', '=', req.params.kind)
      .where('value', '=', value)
      .executeTakeFirst();
    const reports = Number(agg?.reports ?? 0);
    if (!current && reports === 0) throw new AppError('NOT_FOUND', `no ${req.params.kind} indicator ${value}`);
    return {
      kind: req.params.kind, value,
      indicator: current ? { verdict: current.verdict, confidence: current.confidence, source: current.source } : null,
      reports: reports === 0 ? null : {
        independentReporters: Number(agg!.reporters), members: Number(agg!.members), reports,
        firstSeen: Number(agg!.first), lastSeen: Number(agg!.last),
      },
    };
  });
};
