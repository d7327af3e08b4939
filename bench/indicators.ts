// Indicator index benchmark: fills a temporary SQLite store with synthetic indicators (phones, URLs, hosts,
// domains, fingerprints), then measures what a process pays at start and per lookup:
//   load  — IntelService.start(): keyset scan of the store into the in-memory index;
//   heap  — memory the loaded index retains (V8 heap + typed-array backing stores), after full GCs;
//   lookup — IndicatorIndex.lookup ns/op over random hits and misses (and IntelService.lookup, which
//            normalises the raw value first, for comparison).
// Targets (issue): 1,000,000 indicators load in < 10 s, retain < 250 MB, lookup < 2 µs.
// Usage: node --import tsx bench/indicators.ts [--count 1000000]  (re-runs itself with --expose-gc)
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InProcessBus, newId, openStorage, systemClock } from '../src/core/index.js';
import { IndicatorIndex, IndicatorsRepository, IntelService, type Indicator, type IndicatorKind } from '../src/intel/index.js';

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  const r = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(r.status ?? 1);
}
const fullGc = (): void => {
  for (let i = 0; i < 3; i++) gc?.();
};

const argCount = process.argv.indexOf('--count');
const COUNT = argCount > 0 ? Number(process.argv[argCount + 1]) : 1_000_000;
const LOOKUPS = 1_000_000;
const BLOCK = 1000;

// Deterministic data: xorshift32 with a fixed seed, so runs are comparable.
let seed = 0x9e3779b9;
function rnd(): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
const hex = (n: number): string => Array.from({ length: n }, () => Math.floor(rnd() * 16).toString(16)).join('');

const WORDS = ['amazon', 'sagawa', 'yamato', 'jppost', 'smbc', 'mufg', 'docomo', 'au', 'rakuten', 'aeon', 'mizuho', 'paypay', 'apple', 'nta', 'jcb'];
const TLDS = ['com', 'net', 'top', 'xyz', 'cn', 'co', 'info', 'shop', 'jp'];
const PATHS = ['login', 'verify', 'account/update', 'mypage', 'track', 'redelivery', 'sso/auth', 'card/confirm'];
const SOURCES = ['report-hub', 'operator', 'police', 'partner:a', 'partner:b', 'honeypot', 'feed:x'];
const FAMILIES = [null, null, 'fakeshop', 'roaming-mantis', 'moqhao', 'credential-phish', 'parcel-redelivery'];

function synthetic(i: number, now: number): Indicator {
  const r = rnd();
  const tag = i.toString(36);
  let kind: IndicatorKind;
  let value: string;
  if (r < 0.3) {
    kind = 'phone';
    // Every 50th a 0005 common number (unique while i < 10^6), the rest mobile numbers.
    value = i % 50 === 0 && i < 1_000_000 ? `0005${String(i).padStart(6, '0')}` : `+81${pick(['90', '80', '70'])}${String(i).padStart(8, '0')}`;
  } else if (r < 0.55) {
    kind = 'url';
    value = `${pick(WORDS)}-${tag}.${pick(TLDS)}/${pick(PATHS)}/${hex(6)}`;
  } else if (r < 0.7) {
    kind = 'host';
    value = `${pick(['www', 'secure', 'login', 'm'])}.${pick(WORDS)}-${tag}.${pick(TLDS)}`;
  } else if (r < 0.85) {
    kind = 'domain';
    value = `${pick(WORDS)}${tag}.${pick(TLDS)}`;
  } else {
    kind = 'fingerprint';
    value = `tf1:${hex(8)}${i.toString(16).padStart(8, '0')}`;
  }
  const bad = rnd() < 0.95;
  return {
    // As IntelService does: the id carries the wall-clock time of the write, so ids follow insertion order.
    id: newId(Date.now()),
    kind,
    value,
    verdict: bad ? 'bad' : 'good',
    source: pick(SOURCES),
    confidence: Math.round(rnd() * 100) / 100,
    firstSeen: now - Math.floor(rnd() * 90 * 86_400_000),
    lastSeen: now,
    // A tenth expire in the past, so lookups exercise the expiry check.
    expiresAt: rnd() < 0.1 ? now - 1 : rnd() < 0.5 ? now + 30 * 86_400_000 : null,
    brand: bad ? pick([null, ...WORDS]) : null,
    family: pick(FAMILIES),
    note: null,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

interface Queries {
  kinds: IndicatorKind[];
  values: string[];
}

function queries(n: number, make: (i: number) => [IndicatorKind, string]): Queries {
  const q: Queries = { kinds: new Array<IndicatorKind>(n), values: new Array<string>(n) };
  for (let i = 0; i < n; i++) [q.kinds[i], q.values[i]] = make(i);
  return q;
}

// Timed in blocks of 1,000 calls: one clock read per call would cost as much as the lookup itself.
function measureLookups(name: string, q: Queries, fn: (k: IndicatorKind, v: string) => unknown, n = q.kinds.length) {
  const { kinds, values } = q;
  for (let i = 0; i < Math.min(n, 50_000); i++) fn(kinds[i]!, values[i]!); // warm-up (JIT)
  const blocks: number[] = [];
  let hits = 0;
  const t0 = process.hrtime.bigint();
  for (let b = 0; b < n; b += BLOCK) {
    const s = process.hrtime.bigint();
    const end = Math.min(b + BLOCK, n);
    for (let i = b; i < end; i++) if (fn(kinds[i]!, values[i]!) !== undefined) hits++;
    blocks.push(Number(process.hrtime.bigint() - s) / (end - b));
  }
  const total = Number(process.hrtime.bigint() - t0);
  blocks.sort((x, y) => x - y);
  return { name, ops: n, nsPerOp: total / n, p50: percentile(blocks, 50), p99: percentile(blocks, 99), max: blocks.at(-1)!, hits };
}

const MB = 1024 * 1024;
const dir = await mkdtemp(join(tmpdir(), 'mamoru-bench-'));
try {
  const storage = await openStorage({ dataDir: dir });
  const repo = new IndicatorsRepository(storage.db, systemClock);
  const now = Date.now();

  // 1. Fill the store; keep every value for the lookup phase.
  const all: Array<[IndicatorKind, string]> = [];
  const tInsert = performance.now();
  for (let start = 0; start < COUNT; start += 50_000) {
    const batch: Indicator[] = [];
    for (let i = start; i < Math.min(start + 50_000, COUNT); i++) {
      const ind = synthetic(i, now);
      batch.push(ind);
      all.push([ind.kind, ind.value]);
    }
    await repo.upsertMany(batch);
  }
  const insertMs = performance.now() - tInsert;
  const stored = await repo.count();

  // Query strings are fresh flat copies (as decoded from an SMS), never the index's own key objects, and not
  // cons/sliced strings, which V8 would flatten inside the timed lookup.
  const flat = (v: string): string => Buffer.from(v, 'utf8').toString('utf8');
  const hitQueries = queries(LOOKUPS, () => {
    const [kind, value] = all[Math.floor(rnd() * all.length)]!;
    return [kind, flat(value)];
  });
  const missQueries = queries(LOOKUPS, (i) => {
    const [kind, value] = all[Math.floor(rnd() * all.length)]!;
    return [kind, flat(kind === 'fingerprint' ? `tf1:ffff${hex(12)}` : `${value}x${i}`)];
  });

  // 2. Load into a fresh index through the real start-up path, measuring retained memory.
  fullGc();
  const m0 = process.memoryUsage();
  const index = new IndicatorIndex();
  const bus = new InProcessBus();
  const service = new IntelService({ repository: repo, index, bus, clock: systemClock });
  const tLoad = performance.now();
  await service.start();
  const loadMs = performance.now() - tLoad;
  fullGc();
  const m1 = process.memoryUsage();
  const heapMB = (m1.heapUsed - m0.heapUsed) / MB;
  const arrayBuffersMB = (m1.arrayBuffers - m0.arrayBuffers) / MB;

  // 3. Lookups.
  const t = now + 1;
  const results = [
    measureLookups('index.lookup hits', hitQueries, (k, v) => index.lookup(k, v, t)),
    measureLookups('index.lookup misses', missQueries, (k, v) => index.lookup(k, v, t)),
    measureLookups('service.lookup hits (normalises)', hitQueries, (k, v) => service.lookup(k, v), 200_000),
  ];

  const out = {
    benchmark: 'indicators',
    command: 'node --import tsx bench/indicators.ts',
    at: new Date().toISOString(),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    indicators: stored,
    indexed: index.size,
    byKind: index.countByKind(),
    insertMs: Math.round(insertMs),
    loadMs: Math.round(loadMs),
    retainedMB: { heap: +heapMB.toFixed(1), arrayBuffers: +arrayBuffersMB.toFixed(1), total: +(heapMB + arrayBuffersMB).toFixed(1), bytesPerIndicator: Math.round(((heapMB + arrayBuffersMB) * MB) / index.size) },
    lookups: results.map((r) => ({ ...r, nsPerOp: +r.nsPerOp.toFixed(1), p50: +r.p50.toFixed(1), p99: +r.p99.toFixed(1), max: +r.max.toFixed(1) })),
    targets: { loadMs: 10_000, retainedMB: 250, lookupNs: 2000 },
  };
  const pass = out.loadMs < 10_000 && out.retainedMB.total < 250 && results.every((r) => r.name.startsWith('service') || r.nsPerOp < 2000);

  console.log(`\nindicators: ${stored.toLocaleString()} stored, ${index.size.toLocaleString()} indexed  (${JSON.stringify(out.byKind)})`);
  console.log(`insert into SQLite: ${(insertMs / 1000).toFixed(1)} s`);
  console.log(`load into index:    ${(loadMs / 1000).toFixed(2)} s          (target < 10 s)`);
  console.log(`retained memory:    ${out.retainedMB.total} MB  = heap ${out.retainedMB.heap} + typed arrays ${out.retainedMB.arrayBuffers}  (${out.retainedMB.bytesPerIndicator} B/indicator; target < 250 MB)`);
  console.log('\n| lookup | ops | ns/op | p50 (1k-op blocks) | p99 | max | hits |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of out.lookups) console.log(`| ${r.name} | ${r.ops.toLocaleString()} | ${r.nsPerOp} | ${r.p50} | ${r.p99} | ${r.max} | ${r.hits.toLocaleString()} |`);
  console.log(`\n${pass ? 'PASS' : 'FAIL'}: targets load < 10 s, memory < 250 MB, index lookup < 2 µs`);

  await mkdir(join(import.meta.dirname, 'results'), { recursive: true });
  await writeFile(join(import.meta.dirname, 'results', 'indicators.json'), JSON.stringify(out, null, 2) + '\n');
  await service.stop();
  await bus.close();
  await storage.close();
  if (!pass) process.exitCode = 1;
} finally {
  await rm(dir, { recursive: true, force: true });
}
