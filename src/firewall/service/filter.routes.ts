// Subscriber filter settings over HTTP (issue 6 item 2): the carrier's own subscriber-facing systems (member keys
// of this operator) and admins read and change a line's settings; analysts read. The number in the path becomes
// its pseudonym at once; responses and the audit log carry only the pseudonym. Every read and change is audited.
import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireOwnOperator, AppError, requireRole, type AuditLog } from '../../core/index.js';
import type { FirewallService } from './firewall-service.js';
import { lineProperty, purposeProperty } from './routes-common.js';

export interface FilterRoutesOptions {
  firewall: FirewallService;
  audit: AuditLog;
  /** intel.operatorName: only this member's keys (and admins) act for its subscribers. */
  operatorName: string;
}

const settingsSchema = {
  type: 'object',
  properties: {
    lineKey: { type: 'string' }, network: { type: 'boolean' }, client: { type: 'boolean' }, source: { type: 'string', enum: ['default', 'set'] },
    changedAt: { type: ['integer', 'null'] }, changedBy: { type: ['string', 'null'] }, changed: { type: 'boolean' },
  },
};
const params = { type: 'object', additionalProperties: false, required: ['line'], properties: { line: lineProperty } };

export const filterRoutes: FastifyPluginAsync<FilterRoutesOptions> = async (app, opts) => {
  app.get<{ Params: { line: string }; Querystring: { purpose?: string } }>('/v1/filter/:line', {
    schema: {
      summary: "A line's SMS filter settings (default: network filtering on, client layer off); audited", tags: ['firewall'],
      security: [{ bearer: [] }], params, querystring: { type: 'object', additionalProperties: false, properties: { purpose: purposeProperty } },
      response: { 200: settingsSchema },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['member', 'analyst']);
    requireOwnOperator(who, opts.operatorName, "a subscriber's filter settings");
    const { lineKey } = opts.firewall.line(req.params.line);
    // Read from the store, not the cache: this answer is what the subscriber is told.
    const settings = await opts.firewall.settings.fromStore(lineKey);
    await opts.audit.record({ actor: actorOf(who), action: 'filter.read', target: `line:${lineKey}`, purpose: req.query.purpose ?? 'subscriber filter settings inquiry' });
    return settings;
  });

  app.put<{ Params: { line: string }; Body: { network?: boolean; client?: boolean } }>('/v1/filter/:line', {
    schema: {
      summary: 'Opt a line out of network filtering (or back in), or turn its client layer on or off; takes effect at once; audited', tags: ['firewall'],
      security: [{ bearer: [] }], params,
      body: { type: 'object', additionalProperties: false, minProperties: 1, properties: { network: { type: 'boolean' }, client: { type: 'boolean' } } },
      response: { 200: settingsSchema },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['member', 'analyst']);
    if (who.role === 'analyst') throw new AppError('FORBIDDEN', "an analyst reads filter settings; changing them is for the operator's own subscriber systems (member keys) or admins");
    requireOwnOperator(who, opts.operatorName, "changing a subscriber's filter settings");
    const { lineKey } = opts.firewall.line(req.params.line);
    return opts.firewall.settings.set(lineKey, req.body, actorOf(who));
  });
};
