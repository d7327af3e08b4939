// The SMPP firewall on loopback with real sessions, the proxy in its own process: this process runs an upstream
// SMSC (answers every submit_sm) and the ESMEs; the proxy is the real `mamoru firewall` command (the real decider:
// verdict engine, filter settings, quarantine and decision log on SQLite in a temporary data directory), started
// with a temporary config file whose upstream is our SMSC. An ESME bound as a transceiver keeps a window of
// submits outstanding (mostly legitimate texts, some smishing). Measures submit_sm/s through the proxy and the
// latency it adds: round trips through the proxy minus round trips straight to the same SMSC, at the same window,
// and unloaded (window 1). Bounded in count and time; the proxy is stopped with SIGTERM (killed if it lingers).
//   node --import tsx bench/firewall.ts [--count 20000] [--window 100] [--json out.json] [--proxy-node-args "--cpu-prof"]
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import smpp, { type Session } from 'smpp';

const arg = (name: string, d: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : d;
};
const COUNT = Number(arg('count', '20000'));
const WINDOW = Number(arg('window', '100'));
const UNLOADED = 1000;
const TIME_LIMIT_MS = 60_000;
const START_LIMIT_MS = 60_000;
const STOP_LIMIT_MS = 10_000;
const JSON_OUT = process.argv.includes('--json') ? arg('json', '') : null;
/** Extra node flags for the proxy process, e.g. "--cpu-prof --cpu-prof-dir=prof" to profile it. */
const PROXY_NODE_ARGS = arg('proxy-node-args', '').split(' ').filter((s) => s !== '');
const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));

const TEXTS = [
  '明日の会議は10時からです。資料は共有フォルダに置きました。',
  '【○○銀行】お振込みを受け付けました。詳しくはアプリでご確認ください。',
  '今日は遅くなります。夕飯は先に食べていてください。',
  '認証コード: 482913 このコードを他人に教えないでください。',
  '【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。下記よりご確認ください。 http://sagawa-ex.top/s',
];

async function startSmsc(): Promise<{ port: number; binds: string[]; close(): void }> {
  let n = 0;
  const binds: string[] = [];
  const server = smpp.createServer((s) => {
    s.on('error', () => undefined);
    s.on('bind_transceiver', (p) => {
      binds.push(String(p.system_id));
      s.send(p.response({ system_id: 'bench-smsc' }));
    });
    s.on('enquire_link', (p) => s.send(p.response()));
    s.on('unbind', (p) => s.send(p.response()));
    s.on('submit_sm', (p) => s.send(p.response({ message_id: `m${++n}` })));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: (server.address() as AddressInfo).port, binds, close: () => server.close() };
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
async function startProxy(smsc: { port: number; binds: string[] }, dir: string): Promise<{ child: ChildProcess; port: number; stderr: () => string }> {
  const port = await freePort();
  const configFile = join(dir, 'config.json');
  writeFileSync(configFile, JSON.stringify({
    log: { level: 'warn' },
    firewall: {
      listen: { host: '127.0.0.1', port }, peers: [{ systemId: 'bench', password: 'bench' }], perSessionPerSecond: 1_000_000,
      upstream: { host: '127.0.0.1', port: smsc.port, systemId: 'mamoru', password: 'pw' },
    },
  }));
  // Only what the config file says: no MAMORU_ variables from this shell.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('MAMORU_')));
  const child = spawn(process.execPath, [...PROXY_NODE_ARGS, join(ROOT, 'bin', 'mamoru.js'), 'firewall', '--config', configFile, '--data', join(dir, 'data')], {
    cwd: dir, env, stdio: ['ignore', 'ignore', 'pipe'],
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
  return { child, port, stderr: () => err };
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

async function bindEsme(port: number, systemId: string, password: string): Promise<Session> {
  const s = smpp.connect({ host: '127.0.0.1', port });
  s.on('error', () => undefined);
  s.on('deliver_sm', (p) => s.send(p.response()));
  await once(s, 'connect');
  s.socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => s.bind_transceiver({ system_id: systemId, password }, (r) => (r.command_status === 0 ? resolve() : reject(new Error(`bind ${r.command_status}`)))));
  return s;
}

/** Submits `count` messages keeping `window` outstanding; round-trip times in µs and the rate. */
async function run(s: Session, count: number, window: number): Promise<{ perSecond: number; rttUs: number[]; statuses: Map<number, number> }> {
  const rtt: number[] = [];
  const statuses = new Map<number, number>();
  let sent = 0;
  let done = 0;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const one = () => {
      if (sent >= count || performance.now() - started > TIME_LIMIT_MS) {
        if (done === sent) resolve();
        return;
      }
      const i = sent++;
      const t = performance.now();
      s.submit_sm({ source_addr: `0901234${String(i % 10_000).padStart(4, '0')}`, destination_addr: '09087654321', short_message: TEXTS[i % TEXTS.length]! }, (r) => {
        rtt.push((performance.now() - t) * 1000);
        statuses.set(r.command_status, (statuses.get(r.command_status) ?? 0) + 1);
        done++;
        one();
      });
    };
    for (let k = 0; k < window; k++) one();
  });
  return { perSecond: Math.round((done * 1000) / (performance.now() - started)), rttUs: rtt, statuses };
}

/** CPU time a process has used, ms (Linux /proc; null elsewhere). */
function cpuMsOf(pid: number | undefined): number | null {
  try {
    const stat = readFileSync(`/proc/${String(pid)}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(f[11]) + Number(f[12])) * 1000) / 100;
  } catch {
    return null;
  }
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round(s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? 0);
};

const dir = mkdtempSync(join(tmpdir(), 'mamoru-bench-fw-'));
const smsc = await startSmsc();
const proxy = await startProxy(smsc, dir);
let exitStatus: number | string | null = null;
try {
  const direct = await bindEsme(smsc.port, 'direct', 'x');
  const viaProxy = await bindEsme(proxy.port, 'bench', 'bench');
  // Warm-up (JIT, caches) on both paths.
  await run(direct, 2000, WINDOW);
  await run(viaProxy, 2000, WINDOW);

  const directUnloaded = await run(direct, UNLOADED, 1);
  const proxyUnloaded = await run(viaProxy, UNLOADED, 1);
  const directLoaded = await run(direct, COUNT, WINDOW);
  const cpuBefore = { proxy: cpuMsOf(proxy.child.pid), bench: process.cpuUsage() };
  const proxyLoaded = await run(viaProxy, COUNT, WINDOW);
  const cpuAfter = cpuMsOf(proxy.child.pid);
  const benchCpu = process.cpuUsage(cpuBefore.bench);
  const done = [...proxyLoaded.statuses.values()].reduce((a, b) => a + b, 0);
  direct.destroy();
  viaProxy.destroy();

  const result = {
    count: COUNT, window: WINDOW,
    proxy: 'separate process: mamoru firewall (SQLite in a temporary data directory)',
    submitsPerSecond: proxyLoaded.perSecond,
    directSubmitsPerSecond: directLoaded.perSecond,
    statuses: Object.fromEntries(proxyLoaded.statuses),
    unloadedRttUs: {
      direct: { p50: pct(directUnloaded.rttUs, 50), p99: pct(directUnloaded.rttUs, 99) },
      proxy: { p50: pct(proxyUnloaded.rttUs, 50), p99: pct(proxyUnloaded.rttUs, 99) },
    },
    loadedRttUs: {
      direct: { p50: pct(directLoaded.rttUs, 50), p99: pct(directLoaded.rttUs, 99) },
      proxy: { p50: pct(proxyLoaded.rttUs, 50), p99: pct(proxyLoaded.rttUs, 99) },
    },
    /** CPU per submit_sm in the loaded run (10 ms resolution for the proxy): what the figures cost, whatever else
     * the machine was doing. */
    cpuUsPerSubmit: {
      proxy: cpuBefore.proxy === null || cpuAfter === null ? null : Math.round(((cpuAfter - cpuBefore.proxy) * 1000) / done),
      bench: Math.round((benchCpu.user + benchCpu.system) / done),
    },
    addedLatencyUs: {
      unloaded: { p50: pct(proxyUnloaded.rttUs, 50) - pct(directUnloaded.rttUs, 50), p99: pct(proxyUnloaded.rttUs, 99) - pct(directUnloaded.rttUs, 99) },
      loaded: { p50: pct(proxyLoaded.rttUs, 50) - pct(directLoaded.rttUs, 50), p99: pct(proxyLoaded.rttUs, 99) - pct(directLoaded.rttUs, 99) },
    },
  };
  console.log(JSON.stringify(result, null, 2));
  console.log(`${result.submitsPerSecond} submit_sm/s through the proxy (window ${WINDOW}; direct ${result.directSubmitsPerSecond}/s); added latency unloaded p50 ${result.addedLatencyUs.unloaded.p50} µs, p99 ${result.addedLatencyUs.unloaded.p99} µs; under load p50 ${result.addedLatencyUs.loaded.p50} µs, p99 ${result.addedLatencyUs.loaded.p99} µs; proxy CPU ${String(result.cpuUsPerSubmit.proxy)} µs/submit, bench ${result.cpuUsPerSubmit.bench} µs/submit (targets ≥ 5,000/s, p99 ≤ 5 ms)`);
  if (JSON_OUT) writeFileSync(JSON_OUT, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  exitStatus = await stopProxy(proxy.child);
  smsc.close();
  rmSync(dir, { recursive: true, force: true });
}
if (exitStatus !== 0) console.error(`mamoru firewall exited with ${String(exitStatus)}: ${proxy.stderr().slice(-2000)}`);
