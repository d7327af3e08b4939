// The decision log for analysts (issue 6 item 5): pages forward from `since`. Looking a line up turns its number
// into the pseudonym and is audited; bodies (kept only for blocked and quarantined messages) are returned only with
// `bodies=true` and a stated purpose, and that read is audited too.
import type { FastifyPluginAsync } from 'fastify';
import { actorOf, AppError, requireRole, type AuditLog } from '../../core/index.js';
import type { FirewallService } from './firewall-service.js';
import { idProperty, limitOf, limitProperty, lineProperty, msProperty, purposeProperty } from './routes-common.js';

export interface DecisionsRoutesOptions {
  firewall: FirewallService;
  audit: AuditLog;
  clock: { now(): number };
}

interface Query { since?: string; after?: string; limit?: string; line?: string; bodies?: 'true' | 'false'; purpose?: string }

/** Without `since`, the last day. */
const DEFAULT_WINDOW_MS = 86_400_000;

export const decisionsRoutes: FastifyPluginAsync<DecisionsRoutesOptions> = async (app, opts) => {
  app.get<{ Querystring: Query }>('/v1/firewall/decisions', {
    schema: {
      summary: 'Firewall decisions from `since` (default: the last 24 h), oldest first; page with since=<last at>&after=<last id>; analysts',
      tags: ['firewall'], security: [{ bearer: [] }],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          since: msProperty, after: idProperty, limit: limitProperty, line: lineProperty,
          bodies: { type: 'string', enum: ['true', 'false'] }, purpose: purposeProperty,
        },
      },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['analyst']);
    const q = req.query;
    const withBodies = q.bodies === 'true';
    if (withBodies && q.purpose === undefined) {
      throw new AppError('VALIDATION_FAILED', 'bodies are returned only with a purpose (e.g. purpose=complaint T-42)', [{ field: 'purpose', message: 'required with bodies=true' }]);
    }
    const lineKey = q.line === undefined ? undefined : opts.firewall.line(q.line).lineKey;
    const since = q.since === undefined ? opts.clock.now() - DEFAULT_WINDOW_MS : Number(q.since);
    const rows = await opts.firewall.decisions.list({ since, after: q.after, limit: limitOf(q.limit, 100), lineKey });
    const actor = actorOf(who);
    if (lineKey !== undefined) {
      await opts.audit.record({ actor, action: 'firewall.decisions.by_line', target: `line:${lineKey}`, purpose: q.purpose ?? 'decision log lookup by line', details: { rows: rows.length } });
    }
    const withBody = rows.filter((r) => r.body !== null).length;
    if (withBodies && withBody > 0) {
      await opts.audit.record({
        actor, action: 'firewall.decisions.bodies', target: lineKey === undefined ? `decisions:since:${since}` : `line:${lineKey}`, purpose: q.purpose!,
        details: { bodies: withBody, ids: rows.filter((r) => r.body !== null).slice(0, 100).map((r) => r.id) },
      });
    }
    const last = rows[rows.length - 1];
    return {
      decisions: rows.map(({ body, ...r }) => ({ ...r, hasBody: body !== null, ...(withBodies && body !== null ? { body } : {}) })),
      next: last ? { since: last.at, after: last.id } : null,
    };
  });
};
