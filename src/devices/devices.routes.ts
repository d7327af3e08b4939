// Infected-handset cases for analysts. A case carries a line pseudonym and evidence counts, never a number or a
// message; looking a case up by the line's number joins identity to a case and is audited.
import type { FastifyPluginAsync } from 'fastify';
import { AppError, requireRole, type AuditLog, type Clock } from '../core/index.js';
import type { CasesRepository } from './cases.repository.js';

export interface DevicesRoutesOptions {
  cases: CasesRepository;
  audit: AuditLog;
  clock: Clock;
  /** A line number in any accepted form → its pseudonym; throws INVALID_LINE. */
  lineKeyOf: (raw: string) => string;
}

const caseSchema = { type: 'object', additionalProperties: true } as const;

export const devicesRoutes: FastifyPluginAsync<DevicesRoutesOptions> = async (app, opts) => {
  app.get<{ Querystring: { state?: 'open' | 'closed'; family?: string; line?: string; before?: string; limit?: string; purpose?: string } }>('/v1/devices/cases', {
    schema: {
      summary: 'Infected-handset cases, newest first (by state, family, line; looking up by line number is audited)', tags: ['devices'], security: [{ bearer: [] }],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          state: { type: 'string', enum: ['open', 'closed'] }, family: { type: 'string', enum: ['moqhao', 'keepspy', 'other'] },
          line: { type: 'string', minLength: 3, maxLength: 32 }, before: { type: 'string', pattern: '^[0-9]{1,15}$' },
          limit: { type: 'string', pattern: '^[0-9]{1,4}$' }, purpose: { type: 'string', minLength: 3, maxLength: 200 },
        },
      },
      response: { 200: { type: 'object', properties: { cases: { type: 'array', items: caseSchema } } } },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['analyst']);
    const q = req.query;
    let lineKey: string | undefined;
    if (q.line !== undefined) {
      lineKey = opts.lineKeyOf(q.line);
      await opts.audit.record({ actor: `${who.memberName}/${who.keyId}`, action: 'devices.cases.lookup_line', target: `line:${lineKey}`, purpose: q.purpose ?? 'infected-handset case review' });
    }
    const cases = await opts.cases.list({ state: q.state, family: q.family, lineKey, before: q.before ? Number(q.before) : undefined, limit: q.limit ? Number(q.limit) : undefined });
    return { cases };
  });

  app.get<{ Params: { id: string } }>('/v1/devices/cases/:id', {
    schema: {
      summary: 'One case with its evidence (counts, time span, fingerprints, campaigns, reasons)', tags: ['devices'], security: [{ bearer: [] }],
      params: { type: 'object', properties: { id: { type: 'string', pattern: '^dc_[0-9a-f]{24}$' } } },
    },
  }, async (req) => {
    requireRole(req.principal, ['analyst']);
    const c = await opts.cases.get(req.params.id);
    if (!c) throw new AppError('NOT_FOUND', `no case ${req.params.id}`);
    return { case: c };
  });

  app.post<{ Params: { id: string }; Body: { note: string } }>('/v1/devices/cases/:id/close', {
    schema: {
      summary: 'Close a case after review (e.g. a false case); audited', tags: ['devices'], security: [{ bearer: [] }],
      params: { type: 'object', properties: { id: { type: 'string', pattern: '^dc_[0-9a-f]{24}$' } } },
      body: { type: 'object', additionalProperties: false, required: ['note'], properties: { note: { type: 'string', minLength: 3, maxLength: 500 } } },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['analyst']);
    const before = await opts.cases.get(req.params.id);
    if (!before) throw new AppError('NOT_FOUND', `no case ${req.params.id}`);
    if (before.state !== 'open' || !(await opts.cases.close(before.id, opts.clock.now(), 'analyst'))) {
      throw new AppError('CONFLICT', `case ${before.id} is already closed`);
    }
    const c = await opts.cases.get(before.id);
    await opts.audit.record({ actor: `${who.memberName}/${who.keyId}`, action: 'devices.cases.close', target: before.id, purpose: 'infected-handset case review', details: { note: req.body.note } });
    return { case: c };
  });
};
