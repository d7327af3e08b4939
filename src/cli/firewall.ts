// `mamoru firewall`: the SMS firewall in the message path. Composes the services, builds the decider (filter
// settings, quarantine, decision log on the verdict engine), starts the SMPP proxy and stops it cleanly on SIGINT,
// SIGTERM or SIGHUP (peers and the upstream are unbound, the decision log is written out).
import { Command } from 'commander';
import { AppError, createLogger, type Config, type Logger } from '../core/index.js';
import { createFirewallService, SmppFirewall, ThreadedDecider, type FirewallService } from '../firewall/index.js';
import { compose, type Services } from '../server/index.js';
import { startFirewallOps } from './firewall-ops.js';

/** A decider of its own on the composed services (with its own metrics registry: tests, benchmarks); the command
 * uses the one composed with the services (`services.firewall`), which the API shares. */
export function firewallDecider(config: Readonly<Config>, services: Services, logger: Logger, metrics = services.metrics): FirewallService {
  return createFirewallService({
    db: services.storage.db, sms: services.sms, lineKeys: services.lineKeys,
    reports: services.reports, config: config.firewall, enginePolicies: config.engine.policies, clock: services.clock, logger, metrics,
  });
}

export function firewallCommand(program: Command, load: (opts: { config?: string; data?: string }) => Readonly<Config>, run: (fn: () => Promise<void>) => Promise<void>): void {
  program
    .command('firewall')
    .description('run the SMPP 3.4 firewall proxy: peers bind to firewall.listen, messages are classified and forwarded to firewall.upstream, rejected or kept back')
    .option('-d, --data <dir>', 'data directory (default ./data)')
    .option('-c, --config <file>', 'JSON config file (firewall.peers and firewall.upstream are set there)')
    .action((opts: { config?: string; data?: string }) =>
      run(async () => {
        const config = load(opts);
        if (!config.firewall.upstream) throw new AppError('VALIDATION_FAILED', 'firewall.upstream is not set: the proxy needs an SMSC to forward to (set it in the config file)');
        if (config.firewall.peers.length === 0) throw new AppError('VALIDATION_FAILED', 'firewall.peers is empty: no ESME or SMSC could bind (set system_id and password per peer in the config file)');
        const logger = createLogger(config.log.level);
        const services = await compose(config, logger);
        // With decider threads the main thread keeps only the SMPP sessions (and the quarantine's release outbox).
        const threads = config.firewall.deciderThreads > 0
          ? new ThreadedDecider({ entry: new URL('./firewall-decider-thread.mjs', import.meta.url), workerData: config, threads: config.firewall.deciderThreads, logger })
          : null;
        const decider = threads ?? services.firewall;
        const proxy = new SmppFirewall({ config: config.firewall, decider, releases: services.firewall.quarantine, registry: services.metrics, logger, now: () => services.clock.now() });
        let ops: { close(): Promise<void> } | null = null;
        const stopAll = async (): Promise<void> => {
          await proxy.stop();
          await ops?.close();
          await threads?.stop();
          await services.close();
        };
        let closing = false;
        const shutdown = (signal: string): void => {
          if (closing) return;
          closing = true;
          logger.info({ signal }, 'firewall: shutting down');
          void stopAll().finally(() => process.exit(0));
        };
        process.on('SIGINT', () => shutdown('SIGINT'));
        process.on('SIGTERM', () => shutdown('SIGTERM'));
        process.on('SIGHUP', () => shutdown('SIGHUP'));
        let at: { host: string; port: number };
        try {
          // Threads first: the proxy takes no bind before it can decide.
          await threads?.start();
          at = await proxy.start();
          const ml = config.firewall.metricsListen;
          if (ml) {
            const started = await startFirewallOps(ml, {
              registry: services.metrics, upstreamState: () => proxy.upstreamState, logger,
              ...(threads ? { threadMetrics: () => threads.metrics(), deciders: () => threads.readiness } : {}),
            });
            ops = started;
            logger.info({ host: ml.host, port: started.port }, 'firewall: metrics and health on GET /metrics, /healthz');
          }
        } catch (e) {
          // A half-started proxy must not keep serving (or keep the process alive) after reporting a failure.
          closing = true;
          await stopAll().catch(() => undefined);
          throw e;
        }
        const up = config.firewall.upstream;
        logger.info({ listen: at, upstream: { host: up.host, port: up.port }, peers: config.firewall.peers.length }, `firewall: listening on ${at.host}:${at.port}, forwarding to ${up.host}:${up.port}`);
      }),
    );
}
