// The firewall process's operations listener (firewall.metricsListen): GET /metrics in the Prometheus text format
// — the proxy's own metrics summed with every decider thread's — and GET /healthz, 200 while the SMSC link is up
// (and, with decider threads, at least one can decide) and 503 otherwise, so a load balancer in front of several
// proxies sends binds elsewhere. Two fixed routes with
// no input, so plain node:http rather than a second Fastify instance in the message path's process.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AggregatorRegistry, type Registry } from 'prom-client';
import type { Logger } from '../core/index.js';

export interface FirewallOpsDeps {
  registry: Registry;
  /** The decider threads' metrics (prom-client JSON), when decisions are made in threads. */
  threadMetrics?: () => Promise<object[][]>;
  upstreamState: () => 'down' | 'connecting' | 'up';
  /** Decider threads ready, of how many (when decisions are made in threads): none ready is unhealthy. */
  deciders?: () => { ready: number; threads: number };
  logger: Logger;
}

export async function startFirewallOps(listen: { host: string; port: number }, deps: FirewallOpsDeps): Promise<{ port: number; close(): Promise<void> }> {
  const server = createServer((req, res) => {
    const send = (status: number, type: string, body: string): void => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
      res.end(body);
    };
    if (req.method !== 'GET') return send(405, 'application/json', JSON.stringify({ code: 'METHOD_NOT_ALLOWED', message: 'only GET /metrics and GET /healthz' }));
    if (req.url === '/healthz') {
      const upstream = deps.upstreamState();
      const deciders = deps.deciders?.();
      const ok = upstream === 'up' && (!deciders || deciders.ready > 0);
      return send(ok ? 200 : 503, 'application/json', JSON.stringify({ status: ok ? 'ok' : 'degraded', upstream, ...(deciders ? { deciders } : {}) }));
    }
    if (req.url !== '/metrics') return send(404, 'application/json', JSON.stringify({ code: 'NOT_FOUND', message: 'only GET /metrics and GET /healthz' }));
    void (async () => {
      const own = await deps.registry.getMetricsAsJSON();
      const threads = deps.threadMetrics ? await deps.threadMetrics() : [];
      const merged = threads.length === 0 ? deps.registry : AggregatorRegistry.aggregate([own, ...threads]);
      send(200, merged.contentType, await merged.metrics());
    })().catch((e: unknown) => {
      deps.logger.warn({ err: e }, 'firewall: collecting metrics failed');
      send(500, 'application/json', JSON.stringify({ code: 'INTERNAL', message: 'collecting metrics failed' }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
