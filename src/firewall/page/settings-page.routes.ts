// The subscriber's settings page (issue 6 item 2): /my/sms-settings/enter trades a one-time hand-off link for a
// session cookie and redirects (303) so the token leaves the address bar; /my/sms-settings shows the line's three
// settings with a form each; a POST applies one change through the services the API uses (filter settings, consent
// with source 'page'; both audit, naming the member key that issued the link), then 303 back with a confirmation.
// Every view is audited too. Server-rendered, no scripts, a strict CSP, nothing cached. Every failure is an HTML
// page in the subscriber's language, never JSON.
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { isAppError, type ConsentStatus } from '../../core/index.js';
import type { FilterSettings, FilterSettingsPatch } from '../service/filter-settings.js';
import { clearedCookies, FormFields, oldCookieCleared, parseChange, readSessionCookie, sessionCookie } from './page-http.js';
import { csrfMatches, PAGE_ACTOR, type PageSession, type PageSessionStore } from './page-sessions.js';
import {
  renderContinuePage, renderFinishedPage, renderProblemPage, renderReopenPage, renderSettingsPage, type Lang, type PageTexts, type Problem, type ReopenReason,
  type SettingsPageModel,
} from './settings-page.view.js';

export interface SettingsPageRoutesOptions {
  sessions: PageSessionStore;
  /** The firewall's filter settings (FilterSettingsStore). */
  filter: {
    fromStore(lineKey: string): Promise<Pick<FilterSettings, 'network' | 'client'>>;
    /** `auditDetails`: `{ issuedBy }`, kept in the change's audit entry. */
    set(lineKey: string, patch: FilterSettingsPatch, actor: string, auditDetails: { issuedBy: string }): Promise<unknown>;
  };
  /** The consent registry for infected-handset warnings (subscribers' ConsentRegistry). */
  consent: {
    state(lineKey: string): Promise<{ status: ConsentStatus }>;
    setByKey(lineKey: string, status: ConsentStatus, actor: string, source: 'page', auditDetails: { issuedBy: string }): Promise<unknown>;
  };
  texts: PageTexts;
  /** firewall.page.secureCookie. */
  secureCookie: boolean;
}

const CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
/** A settings form is three short fields; anything much larger is not one. */
const FORM_LIMIT_BYTES = 2048;

const langOf = (req: FastifyRequest): Lang => ((req.query as { lang?: unknown } | undefined)?.lang === 'en' ? 'en' : 'ja');

function html(reply: FastifyReply, status: number, body: string): FastifyReply {
  return reply.status(status)
    .header('content-security-policy', CSP)
    .header('cache-control', 'no-store')
    .header('referrer-policy', 'no-referrer')
    .header('x-content-type-options', 'nosniff')
    .header('x-robots-tag', 'noindex')
    .type('text/html; charset=utf-8')
    .send(body);
}

export const settingsPageRoutes: FastifyPluginAsync<SettingsPageRoutesOptions> = async (app, opts) => {
  const { sessions, texts } = opts;

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: FORM_LIMIT_BYTES }, (_req, body, done) => {
    done(null, FormFields.parse(body as string));
  });
  // This plugin's errors are pages too (a JSON body, a form too large, a refusal, a failure): nothing was changed.
  // An AppError, or one of Fastify's own errors, keeps its status: a 4xx (a 409 from the consent registry, say) is the
  // request's problem and is logged at info; only 5xx and errors without a status are failures, logged at error.
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const given = isAppError(err) ? err.status : err.statusCode;
    const status = given !== undefined && given >= 400 && given <= 599 ? given : 500;
    if (status >= 500) req.log.error({ err, reqId: req.id }, 'settings page failed');
    else req.log.info({ reqId: req.id, status, code: err.code }, 'settings page refused a request');
    const problem: Problem = status >= 500 ? 'internal' : status === 413 ? 'large' : status === 415 ? 'type' : status === 400 ? 'form' : 'refused';
    return html(reply, status, renderProblemPage(langOf(req), texts, problem, status >= 500 ? req.id : undefined));
  });

  /** "Open the page again from the member site"; a cookie the browser sent for a session that is over (or sent more
   * than once) is removed. */
  const reopen = (reply: FastifyReply, lang: Lang, status: 401 | 410, why: ReopenReason, hadCookie = false) => {
    if (hadCookie) void reply.header('set-cookie', clearedCookies(opts.secureCookie));
    return html(reply, status, renderReopenPage(lang, texts, why));
  };

  /** The page with the line's settings; each view is audited (a read of the line's settings). */
  const show = async (reply: FastifyReply, lang: Lang, status: number, session: PageSession, model: Omit<SettingsPageModel, 'settings' | 'csrf'>) => {
    const { lineKey } = session;
    const [filter, consent] = await Promise.all([opts.filter.fromStore(lineKey), opts.consent.state(lineKey), sessions.viewed(session)]);
    const settings = { network: filter.network, client: filter.client, warnings: consent.status };
    return html(reply, status, renderSettingsPage(lang, texts, { ...model, csrf: session.csrf, settings }));
  };

  /** The session a request's cookie names; null once the page that answers instead has been sent (no cookie, a
   * session that is over, the cookie sent more than once: removed, with an explanation). */
  const sessionOf = async (req: FastifyRequest, reply: FastifyReply, lang: Lang, takeFlash = false): Promise<{ id: string; session: PageSession } | null> => {
    const cookie = readSessionCookie(req.headers.cookie);
    if (cookie.kind === 'many') {
      req.log.info({ copies: cookie.ids.length }, 'settings page: the session cookie was sent more than once; removed');
      void reopen(reply, lang, 401, 'duplicate', true);
      return null;
    }
    const session = cookie.kind === 'one' ? await sessions.session(cookie.id, takeFlash) : null;
    if (!session || cookie.kind !== 'one') {
      void reopen(reply, lang, 401, 'session', cookie.kind === 'one');
      return null;
    }
    return { id: cookie.id, session };
  };

  // HEAD is not served here: a HEAD request (a link checker) must not use up the link.
  app.get<{ Querystring: { t?: string; lang?: string } }>('/my/sms-settings/enter', {
    exposeHeadRoute: false, schema: { summary: "Uses a one-time hand-off link: sets the page session's cookie and redirects (303) to the page", tags: ['firewall'] },
  }, async (req, reply) => {
    const lang = langOf(req);
    const token = typeof req.query.t === 'string' ? req.query.t : '';
    const entered = await sessions.enter(token);
    if (!entered.ok) {
      req.log.info({ reason: entered.reason }, 'settings page link refused');
      // A session the browser may still have is left alone: the link was refused, not the session.
      return entered.reason === 'unknown' ? reopen(reply, lang, 401, 'invalid') : reopen(reply, lang, 410, 'expired');
    }
    // A session this browser already had is ended: one browser, one session (every copy the browser sent; a copy at
    // the cookie's former path is removed, or it would be sent beside the new one).
    const previous = readSessionCookie(req.headers.cookie);
    for (const id of previous.kind === 'many' ? previous.ids : previous.kind === 'one' ? [previous.id] : []) await sessions.end(id);
    return reply.status(303)
      .header('set-cookie', [sessionCookie(entered.sessionId, opts.secureCookie), oldCookieCleared(opts.secureCookie)])
      .header('cache-control', 'no-store')
      .header('referrer-policy', 'no-referrer')
      .header('location', `/my/sms-settings${lang === 'en' ? '?lang=en' : ''}`)
      .send();
  });

  app.get<{ Querystring: { lang?: string; via?: string } }>('/my/sms-settings', {
    schema: { summary: "The subscriber's settings page for the session's line (Japanese; ?lang=en)", tags: ['firewall'] },
  }, async (req, reply) => {
    const lang = langOf(req);
    // The browser may have arrived through the redirect of a link followed from another site (the member portal on a
    // domain of its own): it does not send a SameSite=Strict cookie on such a navigation, even one it has just been
    // given. A page of our own that moves on at once makes the next navigation same-site, and the cookie is sent;
    // `via=self` marks that second request so a browser without the cookie cannot loop. Sec-Fetch-Site is not asked:
    // browsers that do not send it (Safari before 16.4) withhold the cookie all the same.
    if (readSessionCookie(req.headers.cookie).kind === 'none' && req.query.via !== 'self') {
      return html(reply, 200, renderContinuePage(lang, texts));
    }
    const found = await sessionOf(req, reply, lang, true);
    if (!found) return reply;
    return show(reply, lang, 200, found.session, { done: found.session.flash });
  });

  app.post<{ Querystring: { lang?: string }; Body: unknown }>('/my/sms-settings', {
    schema: { summary: 'Changes one setting from the page form (csrf, setting, value); 303 back to the page', tags: ['firewall'] },
  }, async (req, reply) => {
    const lang = langOf(req);
    const found = await sessionOf(req, reply, lang);
    if (!found) return reply;
    const { id, session } = found;
    if (!(req.body instanceof FormFields)) return html(reply, 415, renderProblemPage(lang, texts, 'type'));
    // The form token first: a request without the right one changes nothing, whatever else it holds.
    const csrf = req.body.pairs.filter(([k]) => k === 'csrf');
    if (csrf.length !== 1 || !csrfMatches(id, csrf[0]![1])) {
      req.log.info('settings page: form token missing or wrong');
      return show(reply, lang, 403, session, { error: 'csrf' });
    }
    const change = parseChange(req.body);
    if (!change) return show(reply, lang, 400, session, { error: 'form' });
    const on = change.value === 'on';
    // `changedBy` says the subscriber made the change on the page; the audit entry also names the member key that
    // issued the link, since a portal key can open the page for any of its lines.
    const handedOverBy = { issuedBy: session.issuedBy };
    if (change.setting === 'warnings') await opts.consent.setByKey(session.lineKey, on ? 'covered' : 'opted_out', PAGE_ACTOR, 'page', handedOverBy);
    else await opts.filter.set(session.lineKey, { [change.setting]: on }, PAGE_ACTOR, handedOverBy);
    await sessions.setFlash(id, `${change.setting}.${change.value}`);
    return reply.status(303).header('cache-control', 'no-store').header('location', `/my/sms-settings${lang === 'en' ? '?lang=en' : ''}`).send();
  });

  app.post<{ Querystring: { lang?: string }; Body: unknown }>('/my/sms-settings/end', {
    schema: { summary: 'Ends the page session (the "finish" button)', tags: ['firewall'] },
  }, async (req, reply) => {
    const lang = langOf(req);
    const found = await sessionOf(req, reply, lang);
    if (!found) return reply;
    const { id, session } = found;
    const fields = req.body instanceof FormFields ? req.body.exactly(['csrf'] as const) : null;
    if (!fields || !csrfMatches(id, fields.csrf)) return show(reply, lang, 403, session, { error: 'csrf' });
    await sessions.end(id);
    return html(reply.header('set-cookie', clearedCookies(opts.secureCookie)), 200, renderFinishedPage(lang, texts));
  });
};
