// The firewall's HTTP surface as one plugin: filter settings, the client-layer quarantine and the decision log.
import type { FastifyPluginAsync } from 'fastify';
import type { AuditLog, Clock } from '../../core/index.js';
import { decisionsRoutes } from './decisions.routes.js';
import { filterRoutes } from './filter.routes.js';
import type { FirewallService } from './firewall-service.js';
import { quarantineRoutes } from './quarantine.routes.js';

export interface FirewallRoutesOptions {
  firewall: FirewallService;
  audit: AuditLog;
  clock: Clock;
  /** intel.operatorName: the member whose keys act for this operator's subscribers. */
  operatorName: string;
}

export const firewallRoutes: FastifyPluginAsync<FirewallRoutesOptions> = async (app, opts) => {
  await app.register(filterRoutes, opts);
  await app.register(quarantineRoutes, opts);
  await app.register(decisionsRoutes, opts);
};
