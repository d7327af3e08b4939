// `mamoru demo`: a living monitor in one command. Fills a separate store (./data/demo) from the simulator — 30
// days of traffic ending now, through the real verdict engine, stats worker, detector and report hub — unless it
// holds data already, prints an analyst key for the console, serves the pages, and keeps classifying the
// simulation's later messages at a steady rate so the live counter moves.
import { Command } from 'commander';
import { AppError, createLogger, loadConfig, type ConfigOverrides } from '../core/index.js';
import { buildApp, compose, startDevicesRole, startStatsRole } from '../server/index.js';
import { DemoClock, fillDemo } from './demo-fill.js';
import { progress } from './progress.js';

interface DemoOpts { data: string; port?: number; host?: string; seed: string; subscribers: string; days: string; liveRate: string; fillOnly?: boolean }

const int = (name: string, v: string, min: number, max: number): number => {
  const n = /^\d+$/.test(v) ? Number(v) : NaN;
  if (!(n >= min && n <= max)) throw new AppError('VALIDATION_FAILED', `--${name} must be an integer from ${min} to ${max} (got ${v})`);
  return n;
};

export function demoCommand(program: Command, run: (fn: () => Promise<void>) => Promise<void>): void {
  program
    .command('demo')
    .description('fill a demo store from the simulator (30 days ending now, through the real pipeline), then serve the monitor (/) and the console (/console) with live simulated traffic')
    .option('-d, --data <dir>', 'demo data directory, kept apart from the real store', './data/demo')
    .option('-p, --port <n>', 'port to listen on (default 8080)', (v) => Number(v))
    .option('--host <host>', 'address to bind (default 0.0.0.0)')
    .option('--seed <n>', 'simulation seed', '1')
    .option('--subscribers <n>', 'simulated subscriber lines', '10000')
    .option('--days <n>', 'days of history', '30')
    .option('--live-rate <n>', 'simulated messages classified per second while serving (0: none)', '20')
    .option('--fill-only', 'fill the store and exit without serving')
    .action((opts: DemoOpts) =>
      run(async () => {
        const fill = { seed: int('seed', opts.seed, 0, 0xffffffff), subscribers: int('subscribers', opts.subscribers, 100, 1_000_000), days: int('days', opts.days, 1, 90) };
        const liveRate = int('live-rate', opts.liveRate, 0, 5000);
        const overrides: ConfigOverrides = {
          storage: { dataDir: opts.data }, bus: {}, notify: { supportContact: '' },
          server: { ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.host ? { host: opts.host } : {}) },
        };
        // The demo never joins a shared bus or a shared database: it is the embedded store and the in-process bus.
        const config = loadConfig({ env: {}, overrides });
        const logger = createLogger(config.log.level === 'info' ? 'warn' : config.log.level);
        const clock = new DemoClock();
        const services = await compose(config, logger, { clock });
        const every = Array.from({ length: config.bus.partitions }, (_, i) => i);
        const devices = await startDevicesRole(config, services, logger, every);
        const stats = await startStatsRole(config, services, logger, every);
        const db = services.storage.db;
        const member = (await services.access.members()).find((m) => m.name === 'demo') ?? (await services.access.addMember('demo', 'hub'));
        const filled = await db.selectFrom('stats_day').select('bucket').limit(1).executeTakeFirst();
        let future: Awaited<ReturnType<typeof fillDemo>>['future'] = [];
        if (!filled) {
          process.stderr.write(`filling ${opts.data} with ${fill.days} days of simulated traffic (${fill.subscribers} lines)…\n`);
          const bar = progress('messages', null);
          let shown = 0;
          const r = await fillDemo(services, clock, { ...fill, memberId: member.id }, (n) => {
            bar.tick(n - shown);
            shown = n;
          });
          bar.done();
          future = r.future;
          process.stderr.write(`classified ${r.messages} messages (${r.smishing} smishing), ${r.reports} reports, ${r.confirmed} campaigns confirmed for the gallery\n`);
        } else process.stderr.write(`${opts.data} already holds demo data; serving it (delete the directory to fill it again)\n`);
        clock.release();
        await devices.worker.flush();
        await stats.flush();
        if (opts.fillOnly) {
          await devices.stop();
          await stats.stop();
          await services.close();
          return;
        }
        const { key } = await services.access.createKey(member.id, 'analyst', 'demo console');
        const app = await buildApp(config, services, logger);
        let next = 0;
        const trickle = liveRate > 0 && future.length > 0
          ? setInterval(() => {
            for (let i = 0; i < Math.max(1, Math.round(liveRate / 10)); i++) {
              const m = future[next++ % future.length]!;
              services.sms.classify({ from: m.from, to: m.to, body: m.body, route: m.route }, 'network');
            }
          }, 100)
          : null;
        let closing = false;
        const shutdown = (): void => {
          if (closing) return;
          closing = true;
          if (trickle) clearInterval(trickle);
          void app.close().then(() => devices.stop()).then(() => stats.stop()).then(() => services.close()).finally(() => process.exit(0));
        };
        process.on('SIGINT', shutdown);
        process.on('SIGTERM', shutdown);
        const address = await app.listen({ port: config.server.port, host: config.server.host });
        process.stdout.write(`monitor: ${address}/\nconsole: ${address}/console  (analyst key: ${key})\n`);
      }),
    );
}
