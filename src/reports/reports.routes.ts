// Report hub HTTP routes: carriers' apps, filters and partners submit reports; members read their own reports,
// analysts and admins read all. Every read of report texts is audited (who, when, what, purpose).
import type { FastifyPluginAsync } from 'fastify';
import { AppError, requireRole, type AuditLog } from '../core/index.js';
import { maskForSharing } from './masking.js';
import type { ReportInput, ReportsService } from './reports.service.js';

export interface ReportsRoutesOptions {
  reports: ReportsService;
  audit: AuditLog;
  /** Most reports in one POST. */
  maxBatch: number;
}

const reportSchema = {
  type: 'object', additionalProperties: false, required: ['body'],
  properties: {
    body: { type: 'string' }, sender: { type: ['string', 'null'], maxLength: 64 }, reporter: { type: ['string', 'null'], maxLength: 64 },
    receivedAt: { type: ['string', 'integer', 'null'], maxLength: 64, minimum: 0 },
  },
};

export const reportsRoutes: FastifyPluginAsync<ReportsRoutesOptions> = async (app, opts) => {
  app.post<{ Body: { reports: ReportInput[] } }>('/v1/reports', {
    preValidation: async (req) => {
      const body = req.body as { reports?: unknown } | null;
      if (body && Array.isArray(body.reports) && body.reports.length > opts.maxBatch) {
        throw new AppError('BATCH_TOO_LARGE', `the batch holds ${body.reports.length} reports; the limit is ${opts.maxBatch}`, { limit: opts.maxBatch });
      }
    },
    schema: {
      summary: 'Submit reports (one or a batch); acknowledged with references only once stored', tags: ['reports'], security: [{ bearer: [] }],
      body: { type: 'object', additionalProperties: false, required: ['reports'], properties: { reports: { type: 'array', minItems: 1, items: reportSchema } } },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['member', 'analyst', 'police']);
    const receipts = await opts.reports.submit(req.body.reports, { memberId: who.memberId, channel: 'api' });
    return { receipts };
  });

  app.get<{ Querystring: { sender?: string; brand?: string; family?: string; fingerprint?: string; domain?: string; since?: string; until?: string; limit?: string; purpose?: string } }>('/v1/reports', {
    schema: {
      summary: "Search reports: members see their own, analysts and admins see all (every read is audited)", tags: ['reports'], security: [{ bearer: [] }],
      querystring: {
        type: 'object', additionalProperties: false,
        properties: {
          sender: { type: 'string', maxLength: 64 }, brand: { type: 'string', maxLength: 100 }, family: { type: 'string', enum: ['moqhao', 'keepspy', 'other'] },
          fingerprint: { type: 'string', maxLength: 64 }, domain: { type: 'string', maxLength: 253 }, since: { type: 'string', pattern: '^[0-9]{1,15}$' }, until: { type: 'string', pattern: '^[0-9]{1,15}$' },
          limit: { type: 'string', pattern: '^[0-9]{1,4}$' }, purpose: { type: 'string', minLength: 3, maxLength: 200 },
        },
      },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['member', 'analyst']);
    const q = req.query;
    const rows = await opts.reports.find({
      memberId: who.role === 'member' ? who.memberId : undefined,
      sender: q.sender, brand: q.brand, family: q.family, fingerprint: q.fingerprint, domain: q.domain,
      since: q.since ? Number(q.since) : undefined, until: q.until ? Number(q.until) : undefined,
      limit: Math.min(Math.max(q.limit ? Number(q.limit) : 100, 1), 1000),
    });
    await opts.audit.record({
      actor: `${who.memberName}/${who.keyId}`, action: 'reports.read', target: `${rows.length} report(s)`,
      purpose: q.purpose ?? 'report review', details: { filters: { sender: q.sender ?? null, brand: q.brand ?? null, family: q.family ?? null, fingerprint: q.fingerprint ?? null, domain: q.domain ?? null } },
    });
    // A report taken by another member leaves that operator here: its text is masked (numbers other than the
    // sender, personal names) and its reporter pseudonym withheld.
    return {
      reports: rows.map((r) => (r.memberId === who.memberId ? r : { ...r, reporter: null, body: maskForSharing(r.body, r.sender) })),
    };
  });
};
