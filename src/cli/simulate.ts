// `mamoru simulate`: write a synthetic SMS stream (sms.jsonl), its ground truth (truth.jsonl), a summary
// (meta.json) and optionally the operator's subscriber directory (subscribers.csv). See docs/simulator.md.
import type { Command } from 'commander';
import { AppError } from '../core/index.js';
import { SIM_DEFAULTS, writeSimulation, type SimOptions } from '../sim/index.js';
import { progress, type Progress } from './progress.js';

interface SimulateOpts {
  seed: string;
  subscribers: string;
  days: string;
  out: string;
  start?: string;
  directory?: boolean;
  infections?: string;
  spread?: string;
}

/** Strict number parsing: "", "12abc" and "0x10" are not numbers here (Number() would accept some of them). */
function num(name: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(v.trim())) throw new AppError('VALIDATION_FAILED', `--${name} must be a number (got "${v}")`);
  return Number(v);
}

export async function runSimulate(opts: SimulateOpts): Promise<void> {
  const options: SimOptions = {
    seed: num('seed', opts.seed)!,
    subscribers: num('subscribers', opts.subscribers)!,
    days: num('days', opts.days)!,
    start: opts.start,
    seedInfectionsPer100kDay: num('infections', opts.infections),
    spreadProbability: num('spread', opts.spread),
  };
  const t0 = performance.now();
  let bar: Progress | undefined;
  const meta = await writeSimulation(options, opts.out, {
    directory: opts.directory,
    onBatch: (done, total) => {
      bar ??= progress('simulate (10-minute slices)', total);
      bar.tick();
      if (done === total) bar.done();
    },
  });
  const c = meta.counts;
  const secs = ((performance.now() - t0) / 1000).toFixed(1);
  process.stdout.write(
    `simulated ${c.messages} messages (handset ${c.byRoute.handset}, aggregator ${c.byRoute.aggregator}, international ${c.byRoute.international}; smishing ${c.smishingMessages.total}), ` +
      `${c.subscriberLines} lines, ${c.infectedLines} infected (seed ${c.infectedBySource.seed}, spread ${c.infectedBySource.spread}), ${c.heavyLegitLines} heavy legit, ` +
      `${meta.startAt} to ${meta.end}, in ${secs} s → ${opts.out}\n`,
  );
}

export function simulateCommand(program: Command, run: (fn: () => Promise<void>) => Promise<void>): void {
  program
    .command('simulate')
    .description('write a deterministic synthetic SMS stream with infected handsets and its ground truth (sms.jsonl, truth.jsonl, meta.json)')
    .requiredOption('--seed <n>', 'random seed (0 … 4294967295); the same seed and options give identical files')
    .requiredOption('--subscribers <n>', 'subscriber lines across all carriers (1 … 10,000,000)')
    .requiredOption('--days <n>', 'days to simulate (1 … 366)')
    .requiredOption('--out <dir>', 'output directory (created if missing)')
    .option('--start <date>', 'first day, YYYY-MM-DD (JST; the run starts at 00:00 JST)', SIM_DEFAULTS.start)
    .option('--directory', 'also write subscribers.csv for the operator\'s lines (the first carrier)')
    .option('--infections <n>', `new infections per 100,000 lines per day (default ${SIM_DEFAULTS.seedInfectionsPer100kDay})`)
    .option('--spread <p>', `chance that one smishing SMS infects an Android subscriber (default ${SIM_DEFAULTS.spreadProbability})`)
    .action((opts: SimulateOpts) => run(() => runSimulate(opts)));
}
