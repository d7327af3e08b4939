// HTTP batch benchmark: `mamoru serve` in a child process on loopback, a client in this process posting batches
// of 1,000 messages from the corpus mix with a few requests in flight, for a fixed time.
// Target (issue): the batch endpoint sustains >= 20,000 messages/s on this 2-core machine.
// Usage: node --import tsx bench/http.ts [--seconds 15] [--concurrency 4] [--batch 1000] [--json file]
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadCorpus } from '../src/sms/index.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '15' }, concurrency: { type: 'string', default: '4' }, batch: { type: 'string', default: '1000' },
    // As in bench/engine.ts: live traffic is mostly legitimate; 10 % unwanted by default.
    'unwanted-share': { type: 'string', default: '0.1' }, json: { type: 'string' },
  },
});
const UNWANTED_SHARE = Number(values['unwanted-share']);
const SECONDS = Number(values.seconds);
const CONCURRENCY = Number(values.concurrency);
const BATCH = Number(values.batch);

async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

const ROUTES: Record<string, string> = { 'domestic-mobile': 'handset', 'domestic-a2p': 'aggregator', overseas: 'international' };
const all = loadCorpus(resolve(import.meta.dirname, '../data/training'), 'all');
const legit = all.filter((e) => e.label === 'legit');
const unwanted = all.filter((e) => e.label !== 'legit');
const nUnwanted = Math.round((legit.length * UNWANTED_SHARE) / (1 - UNWANTED_SHARE));
// Interleave so every batch carries the same mix.
const corpus = [...legit];
for (let i = 0; i < nUnwanted; i++) corpus.splice(Math.floor((i * corpus.length) / nUnwanted), 0, unwanted[i % unwanted.length]!);
const batches: string[] = [];
for (let b = 0; b < 8; b++) {
  const messages = Array.from({ length: BATCH }, (_, i) => {
    const e = corpus[(b * BATCH + i) % corpus.length]!;
    return { id: `b${b}-${i}`, body: e.text, ...(e.from ? { from: e.from } : {}), ...(e.route && ROUTES[e.route] ? { route: ROUTES[e.route] } : {}) };
  });
  batches.push(JSON.stringify({ messages }));
}

const port = await freePort();
const dataDir = mkdtempSync(join(tmpdir(), 'mamoru-bench-http-'));
const server = spawn(process.execPath, [resolve(import.meta.dirname, '../bin/mamoru.js'), 'serve', '--port', String(port), '--host', '127.0.0.1', '--data', dataDir], {
  env: { ...process.env, MAMORU_LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const base = `http://127.0.0.1:${port}`;
try {
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (i > 300) throw new Error('server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const post = async (body: string): Promise<number> => {
    const r = await fetch(`${base}/v1/sms/verdicts`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const text = await r.text();
    if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${text.slice(0, 200)}`);
    return text.length;
  };
  for (let i = 0; i < 5; i++) await post(batches[i % batches.length]!); // warm-up
  const latencies: number[] = [];
  let messages = 0;
  let bytes = 0;
  const deadline = performance.now() + SECONDS * 1000;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, async (_, w) => {
    for (let i = w; performance.now() < deadline; i += CONCURRENCY) {
      const s = performance.now();
      const n = await post(batches[i % batches.length]!);
      bytes += n;
      latencies.push(performance.now() - s);
      messages += BATCH;
    }
  }));
  const elapsed = (performance.now() - t0) / 1000;
  latencies.sort((a, b) => a - b);
  const p = (q: number): number => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((latencies.length * q) / 100))]!);
  const result = {
    bench: 'http-batch', unwantedShare: UNWANTED_SHARE, batch: BATCH, concurrency: CONCURRENCY, seconds: Math.round(elapsed * 10) / 10, requests: latencies.length,
    messages, messagesPerSecond: Math.round(messages / elapsed), responseMBps: Math.round(bytes / elapsed / 1e5) / 10,
    requestLatencyMs: { p50: p(50), p90: p(90), p99: p(99), max: Math.round(latencies.at(-1) ?? 0) },
    target: { messagesPerSecond: 20_000 },
  };
  console.log(JSON.stringify(result, null, 2));
  if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  rmSync(dataDir, { recursive: true, force: true });
}
