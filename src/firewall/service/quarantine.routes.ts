// The client-layer quarantine over HTTP (issue 6 item 3), called by the carrier's app backend with a member key of
// this operator (admins too): list a line's held messages, view one, release it (delivered by the proxy), report it
// as a scam (filed in the report hub), or mark it safe (evidence for the allow-list review, listed for analysts).
// The list carries a short preview because the app shows one; every response that carries message content — the
// list, a view — is audited as a read of content, and every request is audited.
import type { FastifyPluginAsync } from 'fastify';
import { actorOf, requireOwnOperator, requireRole, type AuditLog } from '../../core/index.js';
import type { FirewallService } from './firewall-service.js';
import type { QuarantinedMessage } from './quarantine-store.js';
import { idProperty, limitOf, limitProperty, lineProperty, msProperty, purposeProperty } from './routes-common.js';

export interface QuarantineRoutesOptions {
  firewall: FirewallService;
  audit: AuditLog;
  /** intel.operatorName: only this member's keys (and admins) act for its subscribers. */
  operatorName: string;
}

/** Characters of the body shown in the list. */
const PREVIEW_CHARS = 40;
const APP_PURPOSE = 'subscriber request through the client app';
const WHAT = "a subscriber's quarantined messages";

const lineOnly = { type: 'object', additionalProperties: false, required: ['line'], properties: { line: lineProperty } };
const lineAndId = { type: 'object', additionalProperties: false, required: ['line', 'id'], properties: { line: lineProperty, id: idProperty } };
const purposeOnly = { type: 'object', additionalProperties: false, properties: { purpose: purposeProperty } };

function summary(m: QuarantinedMessage) {
  return {
    id: m.id, sender: m.sender, state: m.state, receivedAt: m.receivedAt, expiresAt: m.expiresAt, decidedAt: m.decidedAt,
    verdict: { category: m.verdict.category, score: m.verdict.score, brand: m.verdict.brand, reasons: m.verdict.reasons },
  };
}

export const quarantineRoutes: FastifyPluginAsync<QuarantineRoutesOptions> = async (app, opts) => {
  const fw = opts.firewall;

  app.get<{ Querystring: { since?: string; limit?: string; purpose?: string } }>('/v1/quarantine/safe-marks', {
    schema: {
      summary: 'Messages subscribers marked safe, grouped by sender and by linked domain (no bodies): evidence for the allow-list review; analysts; audited',
      tags: ['firewall'], security: [{ bearer: [] }],
      querystring: { type: 'object', additionalProperties: false, properties: { since: msProperty, limit: limitProperty, purpose: purposeProperty } },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['analyst']);
    const since = req.query.since === undefined ? 0 : Number(req.query.since);
    const marks = await fw.safeMarks(since, limitOf(req.query.limit, 1000, 5000));
    await opts.audit.record({
      actor: actorOf(who), action: 'quarantine.safe_marks.read', target: 'quarantine:safe-marks', purpose: req.query.purpose ?? 'allow-list review',
      details: { since, messages: marks.messages },
    });
    return marks;
  });

  app.get<{ Params: { line: string }; Querystring: { limit?: string; purpose?: string } }>('/v1/quarantine/:line', {
    schema: {
      summary: "A line's quarantined messages, newest first, with a short preview; audited as a read of content", tags: ['firewall'],
      security: [{ bearer: [] }], params: lineOnly,
      querystring: { type: 'object', additionalProperties: false, properties: { limit: limitProperty, purpose: purposeProperty } },
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['member']);
    requireOwnOperator(who, opts.operatorName, WHAT);
    const { lineKey } = fw.line(req.params.line);
    const messages = await fw.quarantine.list(lineKey, limitOf(req.query.limit, 100));
    await opts.audit.record({
      actor: actorOf(who), action: 'quarantine.list', target: `line:${lineKey}`, purpose: req.query.purpose ?? APP_PURPOSE,
      details: { messages: messages.length, content: 'preview' },
    });
    return { lineKey, messages: messages.map((m) => ({ ...summary(m), preview: [...m.body].slice(0, PREVIEW_CHARS).join('') })) };
  });

  app.get<{ Params: { line: string; id: string }; Querystring: { purpose?: string } }>('/v1/quarantine/:line/:id', {
    schema: {
      summary: 'One quarantined message with its body; audited as a read of content', tags: ['firewall'],
      security: [{ bearer: [] }], params: lineAndId, querystring: purposeOnly,
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['member']);
    requireOwnOperator(who, opts.operatorName, WHAT);
    const { lineKey } = fw.line(req.params.line);
    const m = await fw.quarantine.get(lineKey, req.params.id);
    await opts.audit.record({
      actor: actorOf(who), action: 'quarantine.read', target: `quarantine:${m.id}`, purpose: req.query.purpose ?? APP_PURPOSE, details: { line: `line:${lineKey}` },
    });
    return { lineKey, ...summary(m), body: m.body };
  });

  app.post<{ Params: { line: string; id: string }; Querystring: { purpose?: string } }>('/v1/quarantine/:line/:id/release', {
    schema: {
      summary: 'Release a quarantined message: it is delivered to the line by the SMS firewall; audited', tags: ['firewall'],
      security: [{ bearer: [] }], params: lineAndId, querystring: purposeOnly,
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['member']);
    requireOwnOperator(who, opts.operatorName, WHAT);
    const line = fw.line(req.params.line);
    const r = await fw.quarantine.apply(line.lineKey, req.params.id, 'release', { actor: actorOf(who), purpose: req.query.purpose ?? APP_PURPOSE }, line.line);
    return { id: r.message.id, state: r.message.state, changed: r.changed };
  });

  app.post<{ Params: { line: string; id: string }; Querystring: { purpose?: string } }>('/v1/quarantine/:line/:id/safe', {
    schema: {
      summary: 'Mark a quarantined message as safe: evidence for the allow-list review (nothing is allow-listed automatically); audited', tags: ['firewall'],
      security: [{ bearer: [] }], params: lineAndId, querystring: purposeOnly,
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['member']);
    requireOwnOperator(who, opts.operatorName, WHAT);
    const { lineKey } = fw.line(req.params.line);
    const r = await fw.quarantine.apply(lineKey, req.params.id, 'safe', { actor: actorOf(who), purpose: req.query.purpose ?? APP_PURPOSE });
    return { id: r.message.id, state: r.message.state, changed: r.changed };
  });

  app.post<{ Params: { line: string; id: string }; Querystring: { purpose?: string } }>('/v1/quarantine/:line/:id/report', {
    schema: {
      summary: 'Report a quarantined message as a scam: files a report in the hub (reporter: the line, pseudonymised); audited', tags: ['firewall'],
      security: [{ bearer: [] }], params: lineAndId, querystring: purposeOnly,
    },
  }, async (req) => {
    const who = requireRole(req.principal, ['member']);
    requireOwnOperator(who, opts.operatorName, WHAT);
    const line = fw.line(req.params.line);
    const r = await fw.report(line, req.params.id, { actor: actorOf(who), memberId: who.memberId, purpose: req.query.purpose ?? APP_PURPOSE });
    return { id: r.message.id, state: r.message.state, changed: r.changed, reference: r.report?.reference ?? null };
  });
};
