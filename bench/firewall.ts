// The SMPP firewall on loopback with real sessions, the proxy in its own process: this process runs an upstream
// SMSC and the ESMEs (bench/smpp-load.ts: plain sockets, hand-built PDUs, so the load generator stays small next to
// the proxy); the proxy is the real `mamoru firewall` command (the real decider: verdict engine, filter settings,
// quarantine and decision log on SQLite in a temporary data directory), started with a temporary config file whose
// upstream is our SMSC. Both sides are bound as transceivers and traffic flows both ways: the ESME submits, the SMSC
// answers and sends a delivery receipt for every submit that asks for one, which the proxy relays back.
//
// Traffic: the corpus's legitimate messages and 10 % unwanted ones (as the engine benchmark), in UCS-2, from the
// corpus's senders (else personal numbers), each to a different recipient; a quarter ask for a receipt.
//
// Three measurements, each through the proxy and straight to the SMSC (same generator, same traffic):
//   unloaded   one submit at a time: the latency the proxy adds to a lone message
//   paced      an open loop at --rate submits/s for --seconds (the target load): round trips timed from when each
//              submit was due, so added latency = proxy − direct at each percentile, queueing at that load included;
//              through the proxy --paced-runs times (fresh traffic each), the median run by p99 is the headline
//   saturated  a closed loop with --window outstanding: the most the proxy carries
// Bounded in count and time; the proxy is stopped with SIGTERM (killed if it lingers).
//   node --import tsx bench/firewall.ts [--rate 5000] [--seconds 10] [--paced-runs 3] [--count 40000] [--window 100] [--json out.json]
//                                       [--proxy-node-args="--cpu-prof --cpu-prof-dir=prof"]
// BENCH_PROXY_STDOUT=1 shows the proxy's standard output (e.g. with --proxy-node-args=--trace-gc).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { missingNodeFlags } from '../bin/node-flags.js';
import { loadCorpus } from '../src/sms/index.js';
import { LeanEsme, startLeanSmsc, submitSm, type LeanSmsc, type RunResult } from './smpp-load.js';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '10' },
    'paced-runs': { type: 'string', default: '3' },
    count: { type: 'string', default: '40000' },
    window: { type: 'string', default: '100' },
    'unwanted-share': { type: 'string', default: '0.1' },
    'receipt-share': { type: 'string', default: '0.25' },
    'decider-threads': { type: 'string', default: '0' },
    json: { type: 'string' },
    'proxy-node-args': { type: 'string', default: '' },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const PACED_RUNS = Math.max(1, Number(values['paced-runs']));
const COUNT = Number(values.count);
const WINDOW = Number(values.window);
const UNWANTED_SHARE = Number(values['unwanted-share']);
const RECEIPT_SHARE = Number(values['receipt-share']);
const DECIDER_THREADS = Number(values['decider-threads']);
const UNLOADED = 2000;
const RUN_LIMIT_MS = 120_000;
const START_LIMIT_MS = 60_000;
const STOP_LIMIT_MS = 10_000;
const PROXY_NODE_ARGS = values['proxy-node-args'].split(' ').filter((s) => s !== '');
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

/** Distinct submits: the traffic mix, each to its own recipient (recipients rarely repeat in live traffic). */
function traffic(n: number): Buffer[] {
  const corpus = loadCorpus(join(ROOT, 'data/training'), 'all');
  const legit = corpus.filter((e) => e.label === 'legit');
  const unwanted = corpus.filter((e) => e.label !== 'legit');
  const out: Buffer[] = [];
  let seed = 0x2545f491;
  const rnd = (): number => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 2 ** 32;
  };
  for (let i = 0; i < n; i++) {
    const pool = rnd() < UNWANTED_SHARE ? unwanted : legit;
    const e = pool[Math.floor(rnd() * pool.length)]!;
    const from = e.from && e.from.length <= 20 ? e.from.replace(/^\+81/, '0') : `090${String(Math.floor(rnd() * 1e8)).padStart(8, '0')}`;
    const to = `080${String(10_000_000 + i).padStart(8, '0')}`;
    out.push(submitSm(from, to, e.text, rnd() < RECEIPT_SHARE ? 1 : 0));
  }
  return out;
}

/** A port nobody listens on right now (there is a small window before the proxy takes it). */
async function freePort(): Promise<number> {
  const s = createServer();
  s.listen(0, '127.0.0.1');
  await once(s, 'listening');
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function canConnect(port: number): Promise<boolean> {
  return new Promise((res) => {
    const c = connect({ host: '127.0.0.1', port });
    c.once('connect', () => {
      c.destroy();
      res(true);
    });
    c.once('error', () => res(false));
  });
}

/** Starts `mamoru firewall` and waits until it listens and is bound to our SMSC. */
async function startProxy(smsc: LeanSmsc, dir: string): Promise<{ child: ChildProcess; port: number; metricsPort: number; stderr: () => string }> {
  const port = await freePort();
  const metricsPort = await freePort();
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({
    log: { level: 'warn' },
    firewall: {
      listen: { host: '127.0.0.1', port }, peers: [{ systemId: 'bench', password: 'bench' }], perSessionPerSecond: 1_000_000,
      upstream: { host: '127.0.0.1', port: smsc.port, systemId: 'mamoru', password: 'pw' }, deciderThreads: DECIDER_THREADS,
      metricsListen: { host: '127.0.0.1', port: metricsPort },
    },
  }));
  // Only what the config file says: no MAMORU_ variables from this shell.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MAMORU_')));
  // The flags `mamoru firewall` would restart itself with, given here so the measured process is the proxy itself.
  const flags = [...missingNodeFlags('firewall', PROXY_NODE_ARGS, ''), ...PROXY_NODE_ARGS];
  const child = spawn(process.execPath, [...flags, join(ROOT, 'bin', 'mamoru.js'), 'firewall', '--config', configFile, '--data', join(dir, 'data')], {
    cwd: dir, env, stdio: ['ignore', process.env.BENCH_PROXY_STDOUT ? 'inherit' : 'ignore', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (c: Buffer) => {
    if (err.length < 20_000) err += c.toString();
  });
  const started = performance.now();
  const exited = () => child.exitCode !== null || child.signalCode !== null;
  while (!(await canConnect(port)) || smsc.binds.length === 0) {
    if (exited()) throw new Error(`mamoru firewall exited (${String(child.exitCode ?? child.signalCode)}): ${err}`);
    if (performance.now() - started > START_LIMIT_MS) {
      child.kill('SIGKILL');
      throw new Error(`mamoru firewall did not listen and bind upstream within ${START_LIMIT_MS} ms: ${err}`);
    }
    await sleep(50);
  }
  return { child, port, metricsPort, stderr: () => err };
}

/** The proxy's own added-latency histogram (cumulative bucket counts by upper bound in seconds). */
async function addedLatencyBuckets(metricsPort: number): Promise<Map<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
  const out = new Map<string, number>();
  for (const m of text.matchAll(/^mamoru_firewall_added_latency_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)) out.set(m[1]!, Number(m[2]));
  return out;
}

/** Share of the PDUs forwarded between two readings whose time in the proxy was within each bucket's bound. */
function bucketShares(a: Map<string, number>, b: Map<string, number>): Record<string, number> {
  const total = (b.get('+Inf') ?? 0) - (a.get('+Inf') ?? 0);
  const out: Record<string, number> = {};
  for (const [le, n] of b) if (le !== '+Inf') out[`le ${Number(le) * 1000} ms`] = total === 0 ? 0 : Math.round((10_000 * (n - (a.get(le) ?? 0))) / total) / 100;
  return out;
}

/** SIGTERM, then SIGKILL if it is still running after STOP_LIMIT_MS. */
async function stopProxy(child: ChildProcess): Promise<number | string | null> {
  if (child.exitCode !== null || child.signalCode !== null) return child.exitCode ?? child.signalCode;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const t = setTimeout(() => child.kill('SIGKILL'), STOP_LIMIT_MS);
  await exited;
  clearTimeout(t);
  return child.exitCode ?? child.signalCode;
}

/** CPU time a process has used, ms, in all and on its main thread (Linux /proc; null elsewhere). */
function cpuMsOf(pid: number | undefined): { all: number; main: number } | null {
  const ms = (stat: string) => {
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  };
  try {
    return { all: ms(readFileSync(`/proc/${String(pid)}/stat`, 'utf8')), main: ms(readFileSync(`/proc/${String(pid)}/task/${String(pid)}/stat`, 'utf8')) };
  } catch {
    return null;
  }
}

/** Proxy CPU per answered submit between two readings, µs: in all (every thread) and on the main thread. */
function cpuPerSubmit(a: ReturnType<typeof cpuMsOf>, b: ReturnType<typeof cpuMsOf>, n: number): { all: number; mainThread: number } | null {
  if (!a || !b || n === 0) return null;
  return { all: Math.round(((b.all - a.all) * 1000) / n), mainThread: Math.round(((b.main - a.main) * 1000) / n) };
}

const PERCENTILES = [50, 90, 99, 99.9] as const;
type Pcts = Record<'p50' | 'p90' | 'p99' | 'p999' | 'max', number>;
function percentiles(us: Float64Array): Pcts {
  const s = Float64Array.from(us).sort();
  const at = (p: number) => Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0);
  const [p50, p90, p99, p999] = PERCENTILES.map(at) as [number, number, number, number];
  return { p50, p90, p99, p999, max: Math.round(s[s.length - 1] ?? 0) };
}
const minus = (a: Pcts, b: Pcts): Pcts => ({ p50: a.p50 - b.p50, p90: a.p90 - b.p90, p99: a.p99 - b.p99, p999: a.p999 - b.p999, max: a.max - b.max });

function summary(r: RunResult) {
  return { sent: r.sent, answered: r.answered, unanswered: r.unanswered, perSecond: r.perSecond, receipts: r.receipts, statuses: Object.fromEntries(r.statuses), rttUs: percentiles(r.rttUs) };
}

const templates = traffic(Math.max(COUNT, Math.ceil(RATE * SECONDS) * PACED_RUNS) + 10_000);
const dir = mkdtempSync(join(tmpdir(), 'mamoru-bench-fw-'));
const smsc = await startLeanSmsc();
const proxy = await startProxy(smsc, dir);
let exitStatus: number | string | null = null;
try {
  const direct = await LeanEsme.bind(smsc.port, 'direct', 'x');
  const viaProxy = await LeanEsme.bind(proxy.port, 'bench', 'bench');
  // Warm-up (JIT, caches) on both paths, with traffic the measured runs do not repeat.
  const warm = templates.slice(-10_000);
  await direct.saturate(warm, 10_000, WINDOW, RUN_LIMIT_MS);
  await viaProxy.saturate(warm, 10_000, WINDOW, RUN_LIMIT_MS);

  const measured = templates.slice(0, -10_000);
  const unloaded = { direct: await direct.saturate(measured, UNLOADED, 1, RUN_LIMIT_MS), proxy: await viaProxy.saturate(measured, UNLOADED, 1, RUN_LIMIT_MS) };
  const paceCount = Math.ceil(RATE * SECONDS);
  // The VM's speed wanders: several runs, each straight to the SMSC and then through the proxy on traffic not sent
  // before (new recipients); a run's added latency is against its own direct run, made just before it.
  const pacedRuns = [];
  for (let i = 0; i < PACED_RUNS; i++) {
    const pacedDirect = summary(await direct.paced(measured.slice(i * paceCount), paceCount, RATE, RUN_LIMIT_MS));
    const cpu0 = cpuMsOf(proxy.child.pid);
    const buckets0 = await addedLatencyBuckets(proxy.metricsPort);
    const run = await viaProxy.paced(measured.slice(i * paceCount), paceCount, RATE, RUN_LIMIT_MS);
    const cpu1 = cpuMsOf(proxy.child.pid);
    const proxySummary = summary(run);
    pacedRuns.push({
      direct: pacedDirect, proxy: proxySummary, addedUs: minus(proxySummary.rttUs, pacedDirect.rttUs), proxyCpuUsPerSubmit: cpuPerSubmit(cpu0, cpu1, run.answered),
      /** The proxy's own measure (mamoru_firewall_added_latency_seconds): % of forwarded PDUs within each bound. */
      inProxyPercentWithin: bucketShares(buckets0, await addedLatencyBuckets(proxy.metricsPort)),
    });
  }
  const byP99 = [...pacedRuns].sort((a, b) => a.addedUs.p99 - b.addedUs.p99);
  const median = byP99[Math.floor((byP99.length - 1) / 2)]!;
  const saturatedDirect = await direct.saturate(measured, COUNT, WINDOW, RUN_LIMIT_MS);
  const cpu0 = cpuMsOf(proxy.child.pid);
  const saturatedProxy = await viaProxy.saturate(measured, COUNT, WINDOW, RUN_LIMIT_MS);
  const cpu1 = cpuMsOf(proxy.child.pid);
  const saturatedCpu = cpuPerSubmit(cpu0, cpu1, saturatedProxy.answered);
  direct.close();
  viaProxy.close();

  const u = { direct: summary(unloaded.direct), proxy: summary(unloaded.proxy) };
  const p = { direct: median.direct, proxy: median.proxy };
  const inProxy = median.inProxyPercentWithin;
  const pacedCpu = median.proxyCpuUsPerSubmit;
  const s = { direct: summary(saturatedDirect), proxy: summary(saturatedProxy) };
  const result = {
    machine: { cpus: cpus().length, model: cpus()[0]?.model ?? '?', node: process.version, loadAverage: loadavg().map((x) => Math.round(x * 100) / 100) },
    proxy: 'separate process: mamoru firewall (SQLite in a temporary data directory)',
    deciderThreads: DECIDER_THREADS,
    traffic: { unwantedShare: UNWANTED_SHARE, receiptShare: RECEIPT_SHARE, distinctRecipients: true, coding: 'UCS-2' },
    unloaded: { ...u, addedUs: minus(u.proxy.rttUs, u.direct.rttUs) },
    /** The median run (by added p99) at the top level; every run in `runs`, in the order they ran. */
    paced: { rate: RATE, seconds: SECONDS, ...p, addedUs: median.addedUs, proxyCpuUsPerSubmit: pacedCpu, inProxyPercentWithin: inProxy,
      worstAddedP99Us: byP99[byP99.length - 1]!.addedUs.p99, runs: pacedRuns },
    saturated: { window: WINDOW, ...s, proxyCpuUsPerSubmit: saturatedCpu },
    smsc: { submits: smsc.submits, receiptsSent: smsc.receiptsSent, receiptsAnswered: smsc.receiptsAnswered },
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(
    `paced ${RATE}/s for ${SECONDS} s (median of ${PACED_RUNS}): ${p.proxy.perSecond} submit_sm/s answered through the proxy (${p.proxy.unanswered} unanswered), added latency p50 ${result.paced.addedUs.p50} µs, ` +
    `p99 ${result.paced.addedUs.p99} µs (runs: ${pacedRuns.map((r) => r.addedUs.p99).join(', ')} µs), in the proxy ≤ 5 ms: ${String(inProxy['le 5 ms'])} % (proxy CPU ${String(pacedCpu?.all)} µs/submit, main thread ${String(pacedCpu?.mainThread)}); unloaded added p50 ${result.unloaded.addedUs.p50} µs, p99 ${result.unloaded.addedUs.p99} µs; ` +
    `saturated (window ${WINDOW}) ${s.proxy.perSecond} submit_sm/s (direct ${s.direct.perSecond}/s, proxy CPU ${String(saturatedCpu?.all)} µs/submit, main thread ${String(saturatedCpu?.mainThread)}) — targets ≥ 5,000/s, p99 added ≤ 5 ms`,
  );
  if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  exitStatus = await stopProxy(proxy.child);
  await smsc.close();
  rmSync(dir, { recursive: true, force: true });
}
if (exitStatus !== 0) console.error(`mamoru firewall exited with ${String(exitStatus)}: ${proxy.stderr().slice(-2000)}`);
