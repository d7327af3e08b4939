// Operations routes: the audit log, readable by admins only (DESIGN §4: who read what message or identity, when
// and why).
import type { FastifyPluginAsync } from 'fastify';
import { requireRole, type AuditLog } from '../core/index.js';

export const opsRoutes: FastifyPluginAsync<{ audit: AuditLog }> = async (app, opts) => {
  app.get<{ Querystring: { since?: string; limit?: string } }>('/v1/audit', {
    schema: {
      summary: 'Audit log entries, newest first (admin only)', tags: ['ops'], security: [{ bearer: [] }],
      querystring: { type: 'object', additionalProperties: false, properties: { since: { type: 'string', pattern: '^[0-9]{1,15}$' }, limit: { type: 'string', pattern: '^[0-9]{1,4}$' } } },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['admin']);
    const entries = await opts.audit.list({ since: req.query.since ? Number(req.query.since) : undefined, limit: req.query.limit ? Math.min(Number(req.query.limit), 1000) : 100 });
    // Reading the audit log is itself recorded.
    await opts.audit.record({ actor: `${who.memberName}/${who.keyId}`, action: 'audit.read', target: `${entries.length} entries`, purpose: 'audit review' });
    return { entries };
  });
};
