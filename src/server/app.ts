// Builds the Fastify app from the module plugins; listening is the caller's business (CONVENTIONS §7), so tests
// use app.inject() on exactly what `mamoru serve` runs.
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Config, Logger } from '../core/index.js';
import { intelRoutes, peersRoutes, taxiiRoutes } from '../intel/index.js';
import { campaignRoutes, dialogueRoutes, HttpWebhookGateway, provenanceRoutes, ReportDialogue, reportsRoutes, webFormRoutes } from '../reports/index.js';
import { sendersRoutes, smsRoutes } from '../sms/index.js';
import { consentRoutes, noticePageRoutes } from '../subscribers/index.js';
import { CasesRepository, deviceActionsRoutes, devicesRoutes } from '../devices/index.js';
import { consoleRoutes, statsRoutes, webRoutes } from '../monitor/index.js';
import { firewallRoutes, pageLinkRoutes, settingsPageRoutes } from '../firewall/index.js';
import type { Services } from './compose.js';
import { installAuth } from './auth.js';
import { installErrorHandling } from './error-handler.js';
import { opsRoutes } from './ops.routes.js';
import { requestSerializer } from './log-redaction.js';
import { installSecurityHeaders } from './security-headers.js';

/** Most indicators in one POST /v1/indicators: a day's feed from one partner fits; larger imports page. */
const INDICATOR_BATCH = 10_000;

export async function buildApp(config: Readonly<Config>, services: Services, logger: Logger): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; the cast keeps the app typed as the default FastifyInstance.
    // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
    loggerInstance: logger.child({}, { serializers: { req: requestSerializer } }) as FastifyBaseLogger,
    bodyLimit: config.server.bodyLimitBytes,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: true, useDefaults: false, allowUnionTypes: true } },
    // Request ids are echoed so a 500 can be found in the log.
    requestIdHeader: 'x-request-id',
  });
  installErrorHandling(app);
  installSecurityHeaders(app);
  installAuth(app, services.access, config.server.rateLimitPerKey);
  // JSON only: a text/plain body is refused with 415 instead of failing schema validation as a string.
  app.removeContentTypeParser('text/plain');

  await app.register(swagger, {
    openapi: {
      info: { title: 'mamoru', version: '0.1.0', description: 'SMS verdicts and anti-fraud services for telecom operators' },
      tags: [
        { name: 'sms', description: 'SMS verdict engine' },
        { name: 'intel', description: 'indicators: the bad list and the allow-list' },
        { name: 'reports', description: 'the report hub: reported scam SMS' },
        { name: 'ops', description: 'health and metrics' },
        { name: 'devices', description: 'infected-handset cases, notices and the operator queue' },
        { name: 'subscribers', description: 'consent to infected-handset warnings and the public notice' },
        { name: 'firewall', description: 'SMS firewall: filter settings, quarantine, decision log' },
        { name: 'monitor', description: 'public statistics, the live counter, the vetted gallery and the console data' },
      ],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.get('/healthz', { schema: { summary: 'Liveness and readiness', tags: ['ops'] } }, async (_req, reply) => {
    const h = await services.health();
    return reply.status(h.ok ? 200 : 503).send(h);
  });
  app.get('/metrics', { schema: { summary: 'Prometheus metrics', tags: ['ops'] } }, async (_req, reply) =>
    reply.type(services.metrics.contentType).send(await services.metrics.metrics()),
  );

  await app.register(smsRoutes, { sms: services.sms, maxBatch: config.engine.maxBatch, maxBatchChars: config.engine.maxBatchChars });
  await app.register(sendersRoutes, { senders: services.smsModule.sendersService, audit: services.audit, maxBatch: INDICATOR_BATCH });
  await app.register(intelRoutes, { intel: services.intel, audit: services.audit, maxBatch: INDICATOR_BATCH });
  await app.register(reportsRoutes, { reports: services.reports, audit: services.audit, maxBatch: config.engine.maxBatch });
  await app.register(provenanceRoutes, { db: services.storage.db, intel: services.intel });
  await app.register(webFormRoutes, { reports: services.reports, access: services.access });
  await app.register(campaignRoutes, { db: services.storage.db, intel: services.intel, audit: services.audit, clock: services.clock });
  await app.register(dialogueRoutes, {
    dialogue: new ReportDialogue({ shortCode: config.reports.shortCode, timeoutMs: config.reports.dialogueTimeoutMs }),
    reporterPerHour: config.reports.reporterPerHour,
    reports: services.reports,
    gateway: config.reports.gatewayUrl ? new HttpWebhookGateway({ url: config.reports.gatewayUrl, shortCode: config.reports.shortCode }) : null,
    clock: services.clock,
    logger,
  });
  await app.register(taxiiRoutes, { intel: services.intel, identity: { id: config.intel.operatorName, name: config.intel.operatorName } });
  await app.register(opsRoutes, { audit: services.audit });
  await app.register(consentRoutes, { consent: services.consent, lineKeys: services.lineKeys, audit: services.audit, operatorName: config.intel.operatorName });
  await app.register(noticePageRoutes, { carrierName: config.notify.carrierName, officialSite: config.notify.officialSite, supportContact: config.notify.supportContact });
  await app.register(devicesRoutes, {
    cases: new CasesRepository(services.storage.db), audit: services.audit, clock: services.clock, lineKeyOf: (raw) => services.lineKeys.of(raw).lineKey,
  });
  await app.register(deviceActionsRoutes, { db: services.storage.db, audit: services.audit, clock: services.clock, lineKeys: services.lineKeys });
  await app.register(firewallRoutes, { firewall: services.firewall, audit: services.audit, clock: services.clock, operatorName: config.intel.operatorName });
  await app.register(pageLinkRoutes, {
    sessions: services.pageSessions, line: (raw) => services.firewall.line(raw), operatorName: config.intel.operatorName, enabled: config.firewall.page.enabled,
  });
  if (config.firewall.page.enabled) {
    await app.register(settingsPageRoutes, {
      sessions: services.pageSessions, filter: services.firewall.settings, consent: services.consent, secureCookie: config.firewall.page.secureCookie,
      texts: { carrierName: config.notify.carrierName, officialSite: config.notify.officialSite, quarantineDays: config.firewall.quarantineDays },
    });
  }
  await app.register(statsRoutes, { stats: services.stats, live: services.live, db: services.storage.db });
  await app.register(consoleRoutes, { db: services.storage.db, stats: services.stats, store: services.statsStore, audit: services.audit, clock: services.clock });
  await app.register(peersRoutes, { peers: config.intel.peers, board: services.peerStatus, cursor: (peer) => services.pullCursors.get(peer) });
  if (config.monitor.web) await app.register(webRoutes, { logger });
  return app;
}
