// `mamoru intel pull`: pull indicators from the TAXII peers in the config, once. A running `mamoru serve` pulls
// on each peer's schedule by itself; this command is for a store whose server is stopped (first seeding, or a
// catch-up after downtime). Imports made here reach a running server's index when it restarts.
import type { Command } from 'commander';
import { AppError, type Config, type Logger } from '../core/index.js';
import { metaCursorStore, pullOnce } from '../intel/index.js';
import { compose } from '../server/index.js';

export function intelCommands(program: Command, load: (opts: { config?: string; data?: string }) => Readonly<Config>, run: (fn: () => Promise<void>) => Promise<void>, logger: (config: Readonly<Config>) => Logger): void {
  const intel = program.command('intel').description('indicators shared between operators (TAXII 2.1)');
  intel
    .command('pull')
    .description('pull indicators once from the TAXII peers configured in intel.peers (all, or --peer)')
    .option('--peer <name>', 'only this peer')
    .option('-d, --data <dir>', 'data directory (default ./data)')
    .option('-c, --config <file>', 'JSON config file (intel.peers lives there)')
    .action((opts: { peer?: string; data?: string; config?: string }) =>
      run(async () => {
        const config = load(opts);
        const peers = config.intel.peers.filter((p) => !opts.peer || p.name === opts.peer);
        if (peers.length === 0) throw new AppError('NOT_FOUND', opts.peer ? `no peer named ${opts.peer} in intel.peers` : 'no TAXII peers configured (intel.peers in the config file)');
        // Schedules are off here: this command pulls once and exits.
        const services = await compose({ ...config, intel: { ...config.intel, peers: [] } }, logger(config));
        try {
          const cursors = metaCursorStore(services.storage.db);
          for (const peer of peers) {
            const r = await pullOnce(services.intel, cursors, peer);
            process.stdout.write(`${JSON.stringify({ peer: peer.name, ...r })}\n`);
          }
        } finally {
          await services.close();
        }
      }),
    );
}
