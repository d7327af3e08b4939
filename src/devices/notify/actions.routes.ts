// The operator queue and the notice log over HTTP. Analysts list proposed actions and read a line's notices
// (audited: it ties a number to its notices); only an admin approves or rejects an action — the temporary SMS
// sending limit needs a human's decision, and a decision is final (a second one is 409 ACTION_DECIDED).
import type { FastifyPluginAsync } from 'fastify';
import type { Kysely } from 'kysely';
import { AppError, requireRole, type AuditLog, type Clock, type Database, type Principal } from '../../core/index.js';
import type { LineKeys } from '../../subscribers/index.js';
import { NoticesRepository, type ActionState } from './notices.repository.js';

export interface DeviceActionsRoutesOptions {
  db: Kysely<Database>;
  audit: AuditLog;
  clock: Clock;
  lineKeys: LineKeys;
}

const actorOf = (p: Principal): string => `${p.memberName}/${p.keyId}`;

export const deviceActionsRoutes: FastifyPluginAsync<DeviceActionsRoutesOptions> = async (app, opts) => {
  const repo = new NoticesRepository(opts.db);

  app.get<{ Querystring: { state?: ActionState; case?: string; limit?: string } }>('/v1/devices/actions', {
    schema: {
      summary: 'The operator queue: actions proposed by the follow-up check (and decided ones), newest first', tags: ['devices'],
      security: [{ bearer: [] }],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          state: { type: 'string', enum: ['proposed', 'approved', 'rejected'] }, case: { type: 'string', minLength: 1, maxLength: 64 },
          limit: { type: 'string', pattern: '^[0-9]{1,4}$' },
        },
      },
    },
  }, async (req) => {
    requireRole(req.principal, ['analyst']);
    const limit = Math.min(Math.max(req.query.limit ? Number(req.query.limit) : 100, 1), 1000);
    return { actions: await repo.actions({ state: req.query.state, caseId: req.query.case, limit }) };
  });

  for (const verb of ['approve', 'reject'] as const) {
    app.post<{ Params: { id: string }; Body: { note: string } }>(`/v1/devices/actions/:id/${verb}`, {
      schema: {
        summary: verb === 'approve'
          ? 'Approve a proposed action (admin): the carrier applies the temporary SMS sending limit'
          : 'Reject a proposed action (admin)',
        tags: ['devices'], security: [{ bearer: [] }],
        params: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 } } },
        body: { type: 'object', additionalProperties: false, required: ['note'], properties: { note: { type: 'string', minLength: 1, maxLength: 1000 } } },
      },
    }, async (req) => {
      const who = requireRole(req.principal, ['admin']);
      const state = verb === 'approve' ? 'approved' : 'rejected';
      const now = opts.clock.now();
      if (!(await repo.decide(req.params.id, state, actorOf(who), req.body.note, now))) {
        const existing = await repo.action(req.params.id);
        if (!existing) throw new AppError('NOT_FOUND', `no action ${req.params.id}`);
        throw new AppError('ACTION_DECIDED', `action ${existing.id} was already ${existing.state}`, { state: existing.state, decidedAt: existing.decidedAt, decidedBy: existing.decidedBy });
      }
      const action = (await repo.action(req.params.id))!;
      await opts.audit.record({
        actor: actorOf(who), action: `device_action.${verb}`, target: `line:${action.lineKey}`, purpose: 'infected-handset operator queue',
        details: { actionId: action.id, caseId: action.caseId, action: action.action },
      });
      return { action };
    });
  }

  app.get<{ Querystring: { line?: string; case?: string; purpose?: string } }>('/v1/devices/notices', {
    schema: {
      summary: "A line's (or a case's) infected-handset notices: channel, state, times; audited", tags: ['devices'],
      security: [{ bearer: [] }],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          line: { type: 'string', minLength: 1, maxLength: 40 }, case: { type: 'string', minLength: 1, maxLength: 64 },
          purpose: { type: 'string', minLength: 3, maxLength: 200 },
        },
      },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['analyst']);
    if (!req.query.line === !req.query.case) throw new AppError('VALIDATION_FAILED', 'give exactly one of line or case');
    const lineKey = req.query.line ? opts.lineKeys.of(req.query.line).lineKey : null;
    const notices = lineKey ? await repo.ofLine(lineKey) : await repo.ofCase(req.query.case!);
    await opts.audit.record({
      actor: actorOf(who), action: 'device_notices.read', target: lineKey ? `line:${lineKey}` : `case:${req.query.case!}`,
      purpose: req.query.purpose ?? 'notice review', details: { notices: notices.length },
    });
    return { notices };
  });
};
