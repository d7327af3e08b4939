// `mamoru devices …`: the infected-handset detector's offline tools. `devices eval` runs a simulated stream
// (from `mamoru simulate`) through the verdict engine and the detector as production does, and prints the
// quality figures; its last line is one JSON object.
import { Option, type Command } from 'commander';
import { AppError, createPseudonymizer, InProcessBus, ManualClock, type Config, type Logger } from '../core/index.js';
import { evaluateDevices, fileSource, type DevicesEvalResult, type EvalSource } from '../devices/index.js';
import { resolveOptions, simulate } from '../sim/index.js';
import { compose } from '../server/index.js';
import { progress } from './progress.js';

function summary(r: DevicesEvalResult): string {
  const pct = (x: number) => `${(x * 100).toFixed(2)} %`;
  const lines = [
    `messages ${r.messages} over ${r.days} days; ${r.subscriberLines} subscriber lines, ${r.infectedLines} infected (${r.targetLines} sent ≥ 20 smishing within an hour)`,
    `engine: flagged ${pct(r.engineFlaggedSmishing)} of smishing from infected lines, ${pct(r.engineFlaggedOther)} of other messages`,
    `recall (target lines) ${pct(r.recall)}; recall (all infected) ${pct(r.recallAllInfected)}; precision ${pct(r.precision)} (${r.truePositiveCases}/${r.cases} cases)`,
    `false cases ${r.falseCases} (${r.falseCasesOnHeavyLegit} on heavy legitimate senders) = ${r.falseCasesPer100kLinesPerDay} per 100,000 legitimate lines per day`,
    `delay from the 20th message to the case: p50 ${r.medianDelaySeconds ?? '-'} s, p90 ${r.p90DelaySeconds ?? '-'} s, p99 ${r.p99DelaySeconds ?? '-'} s (from the first of those 20: p50 ${r.medianDelayFromFirstSeconds ?? '-'} s)`,
    ...Object.entries(r.perFamily).map(([f, x]) =>
      `  ${f}: recall ${pct(x.recall)} (${x.detected}/${x.targetLines}), precision ${pct(x.precision)} (${x.cases} cases), delay p50 ${x.delaySeconds.p50 ?? '-'} s p90 ${x.delaySeconds.p90 ?? '-'} s p99 ${x.delaySeconds.p99 ?? '-'} s`),
  ];
  return lines.join('\n');
}

/** A simulation run in memory, its messages fed straight to the engine (no files). */
function simulationSource(opts: { seed: string; subscribers: string; days: string }): EvalSource {
  const num = (v: string) => (/^\d+$/.test(v) ? Number(v) : NaN);
  const options = { seed: num(opts.seed), subscribers: num(opts.subscribers), days: num(opts.days) };
  resolveOptions(options); // every bad option at once, before anything runs
  const sim = simulate(options);
  return {
    async *messages() {
      for await (const m of sim.messages()) yield { ...m, smishing: m.label === 'moqhao' || m.label === 'keepspy' };
    },
    truth: () => Promise.resolve({ days: sim.meta().days, subscribers: sim.meta().subscribers, records: sim.truth() }),
  };
}

export function devicesCommands(program: Command, load: (opts: { config?: string; data?: string }) => Readonly<Config>, run: (fn: () => Promise<void>) => Promise<void>, logger: (config: Readonly<Config>) => Logger): void {
  const devices = program.command('devices').description('infected-handset detection');
  devices
    .command('eval')
    .description('run a simulated stream (mamoru simulate --out DIR) through the verdict engine and the detector; print recall, precision, false cases and delays (last line: JSON)')
    .option('--in <dir>', 'directory written by mamoru simulate (sms.jsonl, truth.jsonl, meta.json)')
    .option('--simulate', 'instead of --in: simulate in memory, straight into the engine (with --seed, --subscribers, --days)')
    .option('--seed <n>', 'simulation seed (with --simulate)', '1')
    .option('--subscribers <n>', 'simulated subscriber lines (with --simulate)', '100000')
    .option('--days <n>', 'simulated days (with --simulate)', '2')
    .addOption(new Option('--policy <policy>', 'the filter policy whose verdicts the detector sees').choices(['network', 'client']).default('network'))
    .option('-c, --config <file>', 'JSON config file')
    .action((opts: { in?: string; simulate?: boolean; seed: string; subscribers: string; days: string; policy: 'network' | 'client'; config?: string }) =>
      run(async () => {
        if ((opts.in === undefined) === (opts.simulate !== true)) {
          throw new AppError('VALIDATION_FAILED', 'give either --in DIR (files from mamoru simulate) or --simulate (in memory), not both or neither');
        }
        const config = load(opts);
        const source = opts.in !== undefined ? await fileSource(opts.in) : simulationSource(opts);
        const clock = new ManualClock(0);
        // Nothing is stored: an in-memory store and the in-process bus, on the simulated clock.
        const services = await compose(config, logger(config), { memory: true, clock, defaultMetrics: false, inProcessBus: true });
        try {
          const bus = services.bus;
          if (!(bus instanceof InProcessBus)) throw new AppError('INTERNAL', 'devices eval needs the in-process bus');
          const bar = progress('messages', null);
          let shown = 0;
          const r = await evaluateDevices(source, {
            classify: (input) => services.sms.classify(input, opts.policy), bus, clock, pseudonymize: createPseudonymizer(config.secrets.pseudonymKey),
            onProgress: (n) => {
              bar.tick(n - shown);
              shown = n;
            },
          });
          bar.done();
          process.stdout.write(`${summary(r)}\n${JSON.stringify(r)}\n`);
        } finally {
          await services.close();
        }
      }),
    );
}
