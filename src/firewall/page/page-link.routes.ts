// The hand-off to the subscriber's settings page: the carrier's member portal has signed the subscriber in and asks,
// with its member key, for a one-time link to the page for that subscriber's line; it then sends the subscriber's
// browser there. Same callers as PUT /v1/filter/{line}: this operator's member keys and admins. The answer is a path
// on this server; no return address is taken (the page never redirects anywhere else).
import type { FastifyPluginAsync } from 'fastify';
import { actorOf, AppError, requireOwnOperator, requireRole } from '../../core/index.js';
import type { LineId } from '../../subscribers/index.js';
import { lineProperty } from '../service/routes-common.js';
import type { PageSessionStore } from './page-sessions.js';

export interface PageLinkRoutesOptions {
  sessions: PageSessionStore;
  /** The line's E.164 form and pseudonym (INVALID_LINE otherwise). */
  line(raw: string): LineId;
  /** intel.operatorName: only this member's keys (and admins) act for its subscribers. */
  operatorName: string;
  /** firewall.page.enabled: when false the endpoint answers FORBIDDEN. */
  enabled: boolean;
}

export const pageLinkRoutes: FastifyPluginAsync<PageLinkRoutesOptions> = async (app, opts) => {
  app.post<{ Params: { line: string }; Body: { lang?: 'ja' | 'en' } | undefined }>('/v1/filter/:line/page-link', {
    schema: {
      summary: "A one-time link (valid firewall.page.linkTtlSeconds) to the subscriber's settings page for a line; for the carrier's member portal; audited",
      tags: ['firewall'], security: [{ bearer: [] }],
      params: { type: 'object', additionalProperties: false, required: ['line'], properties: { line: lineProperty } },
      body: { type: 'object', additionalProperties: false, properties: { lang: { type: 'string', enum: ['ja', 'en'] } } },
      response: {
        201: {
          type: 'object',
          properties: {
            url: { type: 'string', description: 'a path on this server: /my/sms-settings/enter?t=…; send the browser there once' },
            expiresAt: { type: 'integer', description: 'ms since epoch' },
          },
        },
      },
    },
    // Who is asking is checked before the body: a caller without the right key learns nothing about its input.
    // The body is optional; none is the same as {}.
    preValidation: async (req) => {
      requireOwnOperator(requireRole(req.principal, ['member']), opts.operatorName, "a subscriber's settings page");
      req.body ??= {};
    },
  }, async (req, reply) => {
    const who = requireRole(req.principal, ['member']);
    if (!opts.enabled) throw new AppError('FORBIDDEN', 'the subscriber settings page is disabled by configuration (firewall.page.enabled)');
    const { lineKey } = opts.line(req.params.line);
    const link = await opts.sessions.issueLink(lineKey, actorOf(who));
    const lang = req.body?.lang === 'en' ? '&lang=en' : '';
    return reply.status(201).header('cache-control', 'no-store').send({ url: `/my/sms-settings/enter?t=${link.token}${lang}`, expiresAt: link.expiresAt });
  });
};
