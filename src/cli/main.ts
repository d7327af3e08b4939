// The `mamoru` command. Each subcommand loads the config once, composes only what it needs, and maps errors to
// a readable message and a non-zero exit status.
import { Command, Option } from 'commander';
import { AppError, createLogger, describeConfig, DEVELOPMENT_PSEUDONYM_KEY, loadConfig, type Config, type ConfigOverrides } from '../core/index.js';
import { buildApp, compose, startDevicesRole, startStatsRole } from '../server/index.js';
import { accessCommands } from './access.js';
import { intelCommands } from './intel.js';
import { reportsCommands } from './reports.js';
import { subscribersCommands } from './subscribers.js';
import { sendersCommands } from './senders.js';
import { devicesCommands } from './devices.js';
import { workerCommand } from './worker.js';
import { simulateCommand } from './simulate.js';
import { demoCommand } from './demo.js';
import { firewallCommand } from './firewall.js';
import { classifyOne, classifyStream, openInput, parsePolicy } from './classify.js';
import { runEval } from './eval.js';
import { runTrain } from './train.js';

interface CommonOpts { config?: string; data?: string }

function load(opts: CommonOpts, extra: ConfigOverrides = {}) {
  return loadConfig({ file: opts.config, overrides: { ...extra, storage: { ...(opts.data ? { dataDir: opts.data } : {}) } } });
}

async function run(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    if (e instanceof AppError) {
      process.stderr.write(`mamoru: ${e.code}: ${e.message}\n`);
      process.exitCode = e.status >= 500 ? 2 : 1;
    } else {
      const err = e as NodeJS.ErrnoException;
      if (err && (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR')) {
        process.stderr.write(`mamoru: FILE_UNREADABLE: ${err.message}\n`);
        process.exitCode = 1;
      } else {
        process.stderr.write(`mamoru: INTERNAL: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = 2;
      }
    }
  }
}

const program = new Command('mamoru')
  .description('mamoru (守る): SMS verdicts and anti-fraud services for telecom operators')
  .version('0.1.0')
  .showHelpAfterError();

program
  .command('serve')
  .description('start the HTTP API (embedded SQLite store under --data unless MAMORU_DATABASE_URL is set)')
  .option('-p, --port <n>', 'port to listen on (default 8080)', (v) => Number(v))
  .option('--host <host>', 'address to bind (default 0.0.0.0)')
  .option('-d, --data <dir>', 'data directory (default ./data)')
  .option('-c, --config <file>', 'JSON config file')
  .addOption(new Option('--role <role>', 'all: the API, the infected-handset detector and the statistics on every partition (default with the in-process bus); api: the API only, workers run apart (default when bus.url is set)').choices(['all', 'api']))
  .action((opts: CommonOpts & { port?: number; host?: string; role?: 'all' | 'api' }) =>
    run(async () => {
      const config = load(opts, { server: { ...(opts.port !== undefined ? { port: opts.port } : {}), ...(opts.host ? { host: opts.host } : {}) } });
      const logger = createLogger(config.log.level);
      if (config.secrets.pseudonymKey === DEVELOPMENT_PSEUDONYM_KEY) {
        logger.warn('MAMORU_PSEUDONYM_KEY is not set: sender pseudonyms use the public development key and can be reversed; set a secret key in production');
      }
      const services = await compose(config, logger);
      const app = await buildApp(config, services, logger);
      // With a shared bus the partitions belong to the workers (two readers of one partition would split its lines'
      // state), so the detector runs here only when asked for.
      const role = opts.role ?? (config.bus.url ? 'api' : 'all');
      const every = Array.from({ length: config.bus.partitions }, (_, i) => i);
      const devices = role === 'all' ? await startDevicesRole(config, services, logger, every) : null;
      const stats = role === 'all' ? await startStatsRole(config, services, logger, every) : null;
      let closing = false;
      const shutdown = (signal: string): void => {
        if (closing) return;
        closing = true;
        logger.info({ signal }, 'shutting down');
        void app.close().then(() => devices?.stop()).then(() => stats?.stop()).then(() => services.close()).finally(() => process.exit(0));
      };
      process.on('SIGINT', () => shutdown('SIGINT'));
      process.on('SIGTERM', () => shutdown('SIGTERM'));
      await app.listen({ port: config.server.port, host: config.server.host });
    }),
  );

program
  .command('classify')
  .description('classify one message ("本文") or a JSONL stream (--file, or stdin) — one JSON verdict per line')
  .argument('[text]', 'the SMS body; omit to read JSONL from --file or stdin')
  .option('-f, --from <sender>', 'sender: +8190…, 090…, 0005…, or an alphanumeric id')
  .addOption(new Option('-r, --route <route>', 'how the message arrived').choices(['handset', 'aggregator', 'international']))
  .option('--policy <policy>', 'network (block only when nearly certain) or client (warn earlier)', 'network')
  .option('--file <path>', 'JSONL input, lines {"id","from","body","route"}; "-" for stdin')
  .option('--json', 'print the single verdict as JSON')
  .option('-d, --data <dir>', 'data directory (default ./data)')
  .option('-c, --config <file>', 'JSON config file')
  .action((text: string | undefined, opts: CommonOpts & { from?: string; route?: string; policy?: string; file?: string; json?: boolean }) =>
    run(async () => {
      const policy = parsePolicy(opts.policy);
      const config = load(opts);
      const logger = createLogger(config.log.level === 'info' ? 'warn' : config.log.level, { stderr: true });
      const services = await compose(config, logger);
      try {
        if (text !== undefined && !opts.file) classifyOne(services.sms, text, { ...opts, policy }, process.stdout);
        else {
          if (!opts.file && process.stdin.isTTY) throw new AppError('VALIDATION_FAILED', 'give a message text, --file <path>, or pipe JSONL on stdin');
          const { failed } = await classifyStream(services.sms, policy, openInput(opts.file), process.stdout);
          if (failed > 0) process.stderr.write(`${failed} line(s) could not be classified (see their "error")\n`);
        }
      } finally {
        await services.close();
      }
    }),
  );

program
  .command('train')
  .description('train the classifier from data/training (deterministic from --seed) and write the model file')
  .option('--seed <n>', 'random seed (default 7726, the committed model)', (v) => Number(v), 7726)
  .option('--out <file>', 'model file to write (default: the committed model)')
  .option('--regenerate', 'regenerate the synthetic corpus (seed 7726) before training')
  .action((opts: { seed: number; out?: string; regenerate?: boolean }) => run(() => runTrain(opts)));

program
  .command('eval')
  .description('measure precision, recall, F1 and false-positive rate on the dev split, per policy, category and brand')
  .option('--split <split>', 'dev (default) or train', 'dev')
  .option('--json <file>', 'also write the figures as JSON')
  .action((opts: { split: string; json?: string }) => run(() => runEval(opts)));

program
  .command('config')
  .description('print the effective configuration with secrets masked')
  .option('-c, --config <file>', 'JSON config file')
  .option('-d, --data <dir>', 'data directory')
  .action((opts: CommonOpts) =>
    run(async () => {
      process.stdout.write(`${JSON.stringify(describeConfig(load(opts)), null, 2)}\n`);
    }),
  );

accessCommands(program, load, run);
const cliLogger = (config: Readonly<Config>) => createLogger(config.log.level === 'info' ? 'warn' : config.log.level, { stderr: true });
reportsCommands(program, load, run, cliLogger);
intelCommands(program, load, run, cliLogger);
subscribersCommands(program, load, run, cliLogger);
sendersCommands(program, load, run, cliLogger);
devicesCommands(program, load, run, cliLogger);
workerCommand(program, load, run);
simulateCommand(program, run);
demoCommand(program, run);
firewallCommand(program, load, run);

await program.parseAsync(process.argv);
