// Consent over HTTP: the carrier's own subscriber-facing systems (member keys) read and change a line's setting;
// analysts read its history. Lines travel as numbers in the path and are turned into pseudonyms at once; the
// audit log and the responses carry only the pseudonym. Every read is audited, every change audited with history.
import type { FastifyPluginAsync } from 'fastify';
import { actorOf, AppError, requireOwnOperator, requireRole, type AuditLog, type ConsentSource, type ConsentStatus } from '../core/index.js';
import type { ConsentRegistry } from './consent.js';
import type { LineKeys } from './line.js';

export interface ConsentRoutesOptions {
  consent: ConsentRegistry;
  lineKeys: LineKeys;
  audit: AuditLog;
  /** The operator running this instance (intel.operatorName): consent belongs to its subscribers, so only its own
   * member keys (and admins) may read it as a member or change it — not a partner operator's keys. */
  operatorName: string;
}

const lineParam = {
  type: 'object', additionalProperties: false, required: ['line'],
  properties: { line: { type: 'string', minLength: 1, maxLength: 40, description: 'the line: 090-1234-5678, 09012345678 or +819012345678' } },
};
const purposeQuery = {
  type: 'object', additionalProperties: false,
  properties: { purpose: { type: 'string', minLength: 3, maxLength: 200 } },
};
const stateSchema = {
  type: 'object',
  properties: {
    lineKey: { type: 'string' }, status: { type: 'string', enum: ['covered', 'opted_out'] }, source: { type: 'string' },
    changedAt: { type: ['integer', 'null'] }, changedBy: { type: ['string', 'null'] }, changed: { type: 'boolean' },
  },
};

export const consentRoutes: FastifyPluginAsync<ConsentRoutesOptions> = async (app, opts) => {
  app.get<{ Params: { line: string }; Querystring: { purpose?: string } }>('/v1/consent/:line', {
    schema: {
      summary: "A line's consent to infected-handset warnings (default: covered by the terms of service); audited", tags: ['subscribers'],
      security: [{ bearer: [] }], params: lineParam, querystring: purposeQuery, response: { 200: stateSchema },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['member', 'analyst']);
    requireOwnOperator(who, opts.operatorName, "a line's consent");
    const { lineKey } = opts.lineKeys.of(req.params.line);
    const state = await opts.consent.state(lineKey);
    await opts.audit.record({ actor: actorOf(who), action: 'consent.read', target: `line:${lineKey}`, purpose: req.query.purpose ?? 'subscriber consent inquiry' });
    return state;
  });

  app.put<{ Params: { line: string }; Body: { status: ConsentStatus; source?: 'api' | 'page' } }>('/v1/consent/:line', {
    schema: {
      summary: 'Opt a line out of infected-handset warnings, or back in; takes effect at once; audited with history', tags: ['subscribers'],
      security: [{ bearer: [] }], params: lineParam,
      body: {
        type: 'object', additionalProperties: false, required: ['status'],
        properties: { status: { type: 'string', enum: ['covered', 'opted_out'] }, source: { type: 'string', enum: ['api', 'page'] } },
      },
      response: { 200: stateSchema },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['member', 'analyst']);
    if (who.role === 'analyst') throw new AppError('FORBIDDEN', "an analyst reads consent; changing it is for the operator's own subscriber systems (member keys) or admins");
    requireOwnOperator(who, opts.operatorName, "a line's consent");
    const source: ConsentSource = req.body.source ?? 'api';
    return opts.consent.set(req.params.line, req.body.status, actorOf(who), source);
  });

  app.get<{ Params: { line: string }; Querystring: { purpose?: string } }>('/v1/consent/:line/history', {
    schema: {
      summary: "Every change of a line's consent, oldest first (analysts); audited", tags: ['subscribers'],
      security: [{ bearer: [] }], params: lineParam, querystring: purposeQuery,
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['analyst']);
    const { lineKey } = opts.lineKeys.of(req.params.line);
    const changes = await opts.consent.history(lineKey);
    await opts.audit.record({
      actor: actorOf(who), action: 'consent.history.read', target: `line:${lineKey}`, purpose: req.query.purpose ?? 'consent review', details: { changes: changes.length },
    });
    return { lineKey, current: await opts.consent.state(lineKey), changes };
  });
};
