// `mamoru worker --role devices --partitions 0-3` (or `--role stats`): a background worker without the HTTP API. It consumes its
// partitions of the verdict stream from NATS JetStream (bus.url) and keeps its state in the shared store, so
// several workers on several machines share the partitions; a restarted worker resumes from the store.
import { Option, type Command } from 'commander';
import { AppError, createLogger, parsePartitionList, type Config } from '../core/index.js';
import { compose, startDevicesRole, startStatsRole } from '../server/index.js';

export function workerCommand(program: Command, load: (opts: { config?: string; data?: string }) => Readonly<Config>, run: (fn: () => Promise<void>) => Promise<void>): void {
  program
    .command('worker')
    .description('run a background worker on SMS verdict events (needs bus.url: NATS JetStream): --role devices for the infected-handset detector, --role stats for the monitor\'s roll-ups')
    .addOption(new Option('--role <role>', 'what to run').choices(['devices', 'stats']).makeOptionMandatory())
    .option('--partitions <list>', 'partitions to consume, e.g. 0-3 or 0,2,4 (default: all)')
    .option('-d, --data <dir>', 'data directory (default ./data)')
    .option('-c, --config <file>', 'JSON config file')
    .action((opts: { role: 'devices' | 'stats'; partitions?: string; data?: string; config?: string }) =>
      run(async () => {
        const config = load(opts);
        if (!config.bus.url) {
          throw new AppError('CONFIG_INVALID', 'a separate worker needs a shared bus: set bus.url (MAMORU_BUS_URL=nats://…); with the in-process bus, `mamoru serve` runs the detector itself', [
            { key: 'bus.url', message: 'required for mamoru worker' },
          ]);
        }
        // Counts are added and sketches merged per time bucket: two stats workers would write the same rows
        // concurrently, so the stats role always takes every partition (one process).
        if (opts.role === 'stats' && opts.partitions !== undefined) {
          throw new AppError('CONFIG_INVALID', 'the stats worker takes every partition (run one): drop --partitions', [{ key: '--partitions', message: 'not used with --role stats' }]);
        }
        const partitions = opts.partitions !== undefined ? parsePartitionList(opts.partitions, config.bus.partitions) : Array.from({ length: config.bus.partitions }, (_, i) => i);
        const logger = createLogger(config.log.level);
        const services = await compose(config, logger);
        const role = opts.role === 'devices' ? await startDevicesRole(config, services, logger, partitions) : await startStatsRole(config, services, logger, partitions);
        let closing = false;
        const shutdown = (signal: string): void => {
          if (closing) return;
          closing = true;
          logger.info({ signal }, 'worker shutting down');
          void role.stop().then(() => services.close()).finally(() => process.exit(0));
        };
        process.on('SIGINT', () => shutdown('SIGINT'));
        process.on('SIGTERM', () => shutdown('SIGTERM'));
      }),
    );
}
