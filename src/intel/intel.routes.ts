// Indicator management over HTTP: add or refresh indicators (bad list and allow-list), list them, remove one.
// Changes reach the verdict engine's index at once. Analysts (and admins) change the lists; members and police
// may read them. Every change is audited with the member and key that made it.
import type { FastifyPluginAsync } from 'fastify';
import { AppError, requireRole, type AuditLog } from '../core/index.js';
import { INDICATOR_KINDS, type IndicatorKind } from './indicator.js';
import type { IndicatorInput, IntelService } from './intel.service.js';

export interface IntelRoutesOptions {
  intel: IntelService;
  /** Every change to the lists is audited: who, when, what, why. */
  audit: AuditLog;
  /** Most indicators in one POST. */
  maxBatch: number;
}

const indicatorInput = {
  type: 'object', additionalProperties: false, required: ['kind', 'value', 'verdict', 'source', 'confidence'],
  properties: {
    kind: { type: 'string', enum: [...INDICATOR_KINDS] }, value: { type: 'string', minLength: 1, maxLength: 4096 },
    verdict: { type: 'string', enum: ['bad', 'good'] }, source: { type: 'string', minLength: 1, maxLength: 200 },
    confidence: { type: 'number', minimum: 0, maximum: 1 }, expiresAt: { type: ['integer', 'null'], minimum: 0 },
    seenAt: { type: 'integer', minimum: 0 }, brand: { type: ['string', 'null'], maxLength: 200 },
    family: { type: ['string', 'null'], maxLength: 200 }, note: { type: ['string', 'null'], maxLength: 2000 },
  },
};

export const intelRoutes: FastifyPluginAsync<IntelRoutesOptions> = async (app, opts) => {
  app.post<{ Body: { indicators: IndicatorInput[] } }>('/v1/indicators', {
    preValidation: async (req) => {
      const body = req.body as { indicators?: unknown } | null;
      if (body && Array.isArray(body.indicators) && body.indicators.length > opts.maxBatch) {
        throw new AppError('BATCH_TOO_LARGE', `the batch holds ${body.indicators.length} indicators; the limit is ${opts.maxBatch}`, { limit: opts.maxBatch });
      }
    },
    schema: {
      summary: 'Add or refresh indicators (stored, then applied to the verdict engine at once)', tags: ['intel'],
      security: [{ bearer: [] }],
      body: { type: 'object', additionalProperties: false, required: ['indicators'], properties: { indicators: { type: 'array', minItems: 1, items: indicatorInput } } },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['analyst']);
    const stored = await opts.intel.upsert(req.body.indicators);
    const kinds: Record<string, number> = {};
    for (const i of stored) kinds[`${i.kind}:${i.verdict}`] = (kinds[`${i.kind}:${i.verdict}`] ?? 0) + 1;
    await opts.audit.record({ actor: `${who.memberName}/${who.keyId}`, action: 'indicators.upsert', target: `${stored.length} indicator(s)`, purpose: 'indicator management', details: { kinds, requestId: req.id } });
    return { stored: stored.length, indicators: stored };
  });

  app.get<{ Querystring: { kind?: IndicatorKind; limit?: number; after?: string } }>('/v1/indicators', {
    schema: {
      summary: 'List stored indicators, keyset-paged by id', tags: ['intel'], security: [{ bearer: [] }],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: { kind: { type: 'string', enum: [...INDICATOR_KINDS] }, limit: { type: 'string', pattern: '^[0-9]{1,4}$' }, after: { type: 'string', maxLength: 64 } },
      },
    },
  }, async (req) => {
    requireRole(req.principal, ['member', 'analyst', 'police']);
    const limit = req.query.limit === undefined ? 100 : Number(req.query.limit);
    const rows = await opts.intel.list({ kind: req.query.kind, limit: Math.min(Math.max(limit, 1), 1000), after: req.query.after });
    return { indicators: rows, next: rows.length > 0 ? rows[rows.length - 1]!.id : null, stats: opts.intel.stats() };
  });

  app.delete<{ Params: { kind: IndicatorKind; value: string } }>('/v1/indicators/:kind/:value', {
    schema: {
      summary: 'Remove an indicator (it stops matching at once)', tags: ['intel'], security: [{ bearer: [] }],
      params: { type: 'object', properties: { kind: { type: 'string', enum: [...INDICATOR_KINDS] }, value: { type: 'string', minLength: 1 } }, required: ['kind', 'value'] },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['analyst']);
    const removed = await opts.intel.remove(req.params.kind, req.params.value);
    if (!removed) throw new AppError('NOT_FOUND', `no ${req.params.kind} indicator ${req.params.value}`);
    await opts.audit.record({ actor: `${who.memberName}/${who.keyId}`, action: 'indicators.remove', target: `${req.params.kind}:${req.params.value}`, purpose: 'indicator management', details: { requestId: req.id } });
    return { removed: true };
  });

  // Analyst decisions on one indicator: confirm (strong, source analyst), reject (a false positive: onto the
  // allow-list, stops matching at once) or extend (push the expiry out). Each is audited.
  app.post<{ Params: { kind: IndicatorKind; value: string; action: 'confirm' | 'reject' | 'extend' }; Body: { days?: number; note?: string } | undefined }>('/v1/indicators/:kind/:value/:action', {
    schema: {
      summary: 'Confirm, reject (allow-list) or extend an indicator', tags: ['intel'], security: [{ bearer: [] }],
      params: {
        type: 'object', required: ['kind', 'value', 'action'],
        properties: { kind: { type: 'string', enum: [...INDICATOR_KINDS] }, value: { type: 'string', minLength: 1 }, action: { type: 'string', enum: ['confirm', 'reject', 'extend'] } },
      },
      body: { type: ['object', 'null'], additionalProperties: false, properties: { days: { type: 'integer', minimum: 1, maximum: 3650 }, note: { type: 'string', maxLength: 2000 } } },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['analyst']);
    const { kind, value, action } = req.params;
    const current = opts.intel.lookup(kind, value);
    if (!current && action !== 'reject') throw new AppError('NOT_FOUND', `no ${kind} indicator ${value}`);
    const now = Date.now();
    const days = req.body?.days ?? 90;
    const note = req.body?.note ?? `${action} by ${who.memberName}`;
    const input = action === 'reject'
      ? { kind, value, verdict: 'good' as const, source: 'analyst', confidence: 1, expiresAt: null, note }
      : action === 'confirm'
        ? { kind, value, verdict: 'bad' as const, source: 'analyst', confidence: Math.max(0.95, current!.confidence), expiresAt: now + days * 86_400_000, brand: current!.brand, family: current!.family, note }
        : { kind, value, verdict: current!.verdict, source: current!.source, confidence: current!.confidence, expiresAt: now + days * 86_400_000, brand: current!.brand, family: current!.family, note };
    const [stored] = await opts.intel.upsert([input]);
    await opts.audit.record({ actor: `${who.memberName}/${who.keyId}`, action: `indicators.${action}`, target: `${kind}:${value}`, purpose: 'indicator review', details: { requestId: req.id, days: action === 'reject' ? null : days } });
    return { indicator: stored };
  });
};
