// `npm run bench`: every benchmark in turn, each in its own process (so one's heap and JIT state do not colour
// the next), then a summary table. Results are written as JSON under bench/results/.
//   npm run bench                 all
//   npm run bench -- engine http  a selection (devices-scale needs local NATS JetStream and PostgreSQL)
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { resolve } from 'node:path';

const HERE = import.meta.dirname;
const RESULTS = resolve(HERE, 'results');
const BENCHES: Record<string, { file: string; args: string[]; summary: (r: Record<string, unknown>) => string }> = {
  indicators: {
    file: 'indicators.ts', args: [],
    summary: (r) => {
      const m = r.retainedMB as Record<string, number>;
      const hit = (r.lookups as Array<{ name: string; nsPerOp: number }>)[0];
      return `1M indicators: load ${String(r.loadMs)} ms, ${m.total} MB retained, lookup ${hit ? Math.round(hit.nsPerOp) : '?'} ns (targets < 10 s, < 250 MB, < 2 µs)`;
    },
  },
  classifier: {
    file: 'classifier-predict.ts', args: ['--json', resolve(RESULTS, 'classifier-predict.json')],
    summary: (r) => `predict ${String((r.message100 as { nsPerOp: number }).nsPerOp)} ns for a 100-character message (target < 5 µs)`,
  },
  text: {
    file: 'text.ts', args: ['--json', resolve(RESULTS, 'text.json')],
    summary: () => 'normalise / extract timings in bench/results/text.json',
  },
  engine: {
    file: 'engine.ts', args: ['--json', resolve(RESULTS, 'engine.json')],
    summary: (r) => {
      const l = r.latencyUs as Record<string, number>;
      return `${String(r.messagesPerSecond)} msg/s on one core, p50 ${l.p50} µs, p99 ${l.p99} µs, with ${String(r.indicators)} indicators (targets ≥ 50,000 msg/s, p99 ≤ 200 µs)`;
    },
  },
  reports: {
    file: 'reports.ts', args: ['--json', resolve(RESULTS, 'reports.json')],
    summary: (r) => `${String(r.reportsPerSecond)} reports/s stored on SQLite with classification, de-duplication, indicator evidence and campaign clustering (target ≥ 2,000)`,
  },
  'campaign-search': {
    file: 'campaign-search.ts', args: ['--json', resolve(RESULTS, 'campaign-search.json')],
    summary: (r) => {
      const l = r.latencyMs as Record<string, { p95: number }>;
      return `over ${String(r.reports)} reports: p95 ${Object.entries(l).map(([k, v]) => `${k} ${v.p95} ms`).join(', ')} (target < 100 ms)`;
    },
  },
  detector: {
    file: 'detector.ts', args: ['--json', resolve(RESULTS, 'detector.json')],
    summary: (r) => `${String(r.eventsPerSecond)} events/s on one core, ${String(r.bytesPerActiveLine)} bytes per active line over ${String(r.activeLines)} lines (targets ≥ 20,000 events/s, ≤ 300 bytes)`,
  },
  'devices-scale': {
    file: 'devices-scale.ts', args: ['--json', resolve(RESULTS, 'devices-scale.json')],
    summary: (r) => {
      const one = r.one as { eventsPerSecond: number };
      const two = r.two as { eventsPerSecond: number };
      return `NATS + PostgreSQL: 1 worker ${one.eventsPerSecond} events/s, 2 workers ${two.eventsPerSecond} events/s = ${String(r.speedup)}× (target ≥ 1.7×)`;
    },
  },
  stats: {
    file: 'stats.ts', args: ['--json', resolve(RESULTS, 'stats.json')],
    summary: (r) => `${String(r.events)} verdicts rolled up, ${String(r.reports)} reports: worst p95 of the stats endpoints ${String(r.worstP95)} ms (target < 50 ms)`,
  },
  http: {
    file: 'http.ts', args: ['--json', resolve(RESULTS, 'http.json')],
    summary: (r) => `${String(r.messagesPerSecond)} msg/s through POST /v1/sms/verdicts (batches of ${String(r.batch)}, ${String(r.concurrency)} in flight; target ≥ 20,000 msg/s)`,
  },
  firewall: {
    file: 'firewall.ts', args: ['--json', resolve(RESULTS, 'firewall.json')],
    summary: (r) => {
      const paced = r.paced as { rate: number; addedUs: { p99: number }; worstAddedP99Us?: number; inProxyPercentWithin: Record<string, number> };
      const saturated = r.saturated as { proxy: { perSecond: number } };
      return `${saturated.proxy.perSecond} submit_sm/s at most through the SMPP proxy; at ${paced.rate}/s added p99 ${paced.addedUs.p99} µs end to end (median run; worst ${String(paced.worstAddedP99Us ?? paced.addedUs.p99)} µs), ${String(paced.inProxyPercentWithin['le 5 ms'])} % within 5 ms in the proxy (targets ≥ 5,000/s, p99 ≤ 5 ms)`;
    },
  },
};

const chosen = process.argv.slice(2).filter((a) => a in BENCHES);
const names = chosen.length > 0 ? chosen : Object.keys(BENCHES);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, node ${process.version}\n`);
const lines: string[] = [];
for (const name of names) {
  const b = BENCHES[name]!;
  console.log(`── ${name} ──`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', resolve(HERE, b.file), ...b.args], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    lines.push(`${name.padEnd(11)} FAILED (exit ${String(r.status)})`);
    continue;
  }
  const file = name === 'classifier' ? 'classifier-predict.json' : `${name}.json`;
  try {
    lines.push(`${name.padEnd(11)} ${b.summary(JSON.parse(readFileSync(resolve(RESULTS, file), 'utf8')) as Record<string, unknown>)}`);
  } catch {
    lines.push(`${name.padEnd(11)} done (no JSON result found)`);
  }
}
console.log(`\nsummary\n${lines.join('\n')}`);
