// Verdict-engine benchmark: the in-process engine on one core with 1,000,000 indicators in the index,
// classifying the corpus mix (real and synthetic messages, with senders and routes as generated).
// Target (issue): >= 50,000 messages/s with p99 <= 200 µs.
// Usage: node --import tsx bench/engine.ts [--indicators 1000000] [--messages 300000] [--json file]
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_PATH, systemClock } from '../src/core/index.js';
import { IndicatorIndex, type IndexEntry } from '../src/intel/index.js';
import { extractUrls } from '../src/text/index.js';
import {
  BrandMatcher, builtinBrands, builtinSenders, Classifier, loadCorpus, SenderRegistry, VerdictEngine, type SmsInput,
} from '../src/sms/index.js';

const { values } = parseArgs({
  options: {
    indicators: { type: 'string', default: '1000000' },
    messages: { type: 'string', default: '300000' },
    // Share of unwanted messages in the mix. The corpus is about half unwanted; live SMS traffic is mostly
    // one-time codes, notices and personal messages, so the default traffic mix keeps 10 % unwanted.
    'unwanted-share': { type: 'string', default: '0.1' },
    json: { type: 'string' },
  },
});
const UNWANTED_SHARE = Number(values['unwanted-share']);
const N_IND = Number(values.indicators);
const N_MSG = Number(values.messages);

let seed = 0x2545f491;
const rnd = (): number => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 0x1_0000_0000;
};

// 1. The index: a million synthetic indicators, plus the corpus's own smishing domains as bad ones so that a
//    realistic share of messages hits.
const corpus = loadCorpus(resolve(import.meta.dirname, '../data/training'), 'all');
const index = new IndicatorIndex();
const t0 = performance.now();
const kinds = ['phone', 'url', 'host', 'domain', 'fingerprint'] as const;
function* entries(): Generator<IndexEntry> {
  for (let i = 0; i < N_IND; i++) {
    const kind = kinds[i % kinds.length]!;
    const tag = i.toString(36);
    const value = kind === 'phone' ? `+8190${String(i).padStart(8, '0')}` : kind === 'url' ? `bad-${tag}.top/login` : kind === 'host' ? `www.bad-${tag}.xyz` : kind === 'domain' ? `bad${tag}.shop` : `tf1:${i.toString(16).padStart(16, '0')}`;
    yield { id: `ind${i}`, kind, value, verdict: 'bad', confidence: 0.9, source: 'bench', expiresAt: null, brand: null, family: null };
  }
  let extra = 0;
  for (const e of corpus) {
    if (e.label === 'legit' || rnd() < 0.5) continue;
    for (const u of extractUrls(e.text)) {
      if (!u.registrableDomain) continue;
      extra++;
      yield { id: `corpus${extra}`, kind: 'domain', value: u.registrableDomain, verdict: 'bad', confidence: 0.8, source: 'bench-corpus', expiresAt: null, brand: null, family: null };
    }
  }
}
index.load(entries());
const loadMs = performance.now() - t0;

// 2. The engine with the built-in reference data and the committed model.
const brands = new BrandMatcher(builtinBrands());
const senders = new SenderRegistry();
senders.load(builtinSenders(0, builtinBrands()));
const engine = new VerdictEngine({
  brands, senders, classifier: Classifier.load(DEFAULT_MODEL_PATH),
  indicators: { lookup: (kind, value) => index.lookup(kind, value, Date.now()) },
  policies: { network: { warnAt: 0.7, blockAt: 0.95 }, client: { warnAt: 0.5, blockAt: 1.01 } },
  maxBodyChars: 10_000, clock: systemClock,
});
const ROUTES: Record<string, SmsInput['route']> = { 'domestic-mobile': 'handset', 'domestic-a2p': 'aggregator', overseas: 'international' };
const toInput = (e: (typeof corpus)[number], i: number): SmsInput => ({ id: `m${i}`, body: e.text, ...(e.from ? { from: e.from } : {}), ...(e.route ? { route: ROUTES[e.route] } : {}) });
const legit = corpus.filter((e) => e.label === 'legit');
const unwanted = corpus.filter((e) => e.label !== 'legit');
// Build the mix from every legit message plus as many unwanted ones as the share asks for (cycling if needed).
const nUnwanted = Math.round((legit.length * UNWANTED_SHARE) / (1 - UNWANTED_SHARE));
const inputs: SmsInput[] = [...legit, ...Array.from({ length: nUnwanted }, (_, i) => unwanted[i % unwanted.length]!)].map(toInput);
// Shuffle so consecutive messages differ as in live traffic.
for (let i = inputs.length - 1; i > 0; i--) {
  const j = Math.floor(rnd() * (i + 1));
  [inputs[i], inputs[j]] = [inputs[j]!, inputs[i]!];
}

// 3. Warm up, then time every call, in three rounds; throughput is the median round (a GC pause or a
//    neighbour on the machine moves a single round by ±10 %), latency percentiles are over all calls.
for (let i = 0; i < 30_000; i++) engine.classify(inputs[i % inputs.length]!, 'network');
const ROUNDS = 3;
const perRound = Math.ceil(N_MSG / ROUNDS);
const lat = new Float64Array(perRound * ROUNDS);
const actions = { allow: 0, warn: 0, block: 0 };
let hits = 0;
const rounds: Array<{ wall: number; cpu: number }> = [];
let k = 0;
for (let r = 0; r < ROUNDS; r++) {
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  for (let i = 0; i < perRound; i++, k++) {
    const s = process.hrtime.bigint();
    const v = engine.classify(inputs[k % inputs.length]!, 'network');
    lat[k] = Number(process.hrtime.bigint() - s) / 1000;
    actions[v.action]++;
    if (v.indicators.some((x) => x.match?.verdict === 'bad')) hits++;
  }
  const cpu = process.cpuUsage(cpu0);
  // CPU seconds of this process: on a shared machine, wall time also counts time spent descheduled.
  rounds.push({ wall: perRound / (Number(process.hrtime.bigint() - start) / 1e9), cpu: perRound / ((cpu.user + cpu.system) / 1e6) });
}
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
lat.sort();
const pct = (p: number): number => Math.round(lat[Math.min(lat.length - 1, Math.floor((lat.length * p) / 100))]! * 10) / 10;
const result = {
  bench: 'engine',
  indicators: index.size,
  indexLoadMs: Math.round(loadMs),
  heapUsedMB: Math.round(process.memoryUsage().heapUsed / 1e6),
  mix: { messages: inputs.length, unwantedShare: UNWANTED_SHARE },
  messages: perRound * ROUNDS,
  messagesPerSecond: Math.round(median(rounds.map((r) => r.wall))),
  messagesPerCpuSecond: Math.round(median(rounds.map((r) => r.cpu))),
  rounds: rounds.map((r) => Math.round(r.wall)),
  loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 100) / 100),
  latencyUs: { p50: pct(50), p90: pct(90), p99: pct(99), p999: pct(99.9), max: Math.round(lat[lat.length - 1]!) },
  actions,
  badIndicatorHitShare: Math.round((hits / (perRound * ROUNDS)) * 1000) / 1000,
  targets: { messagesPerSecond: 50_000, p99Us: 200 },
};
console.log(JSON.stringify(result, null, 2));
if (values.json) writeFileSync(values.json, `${JSON.stringify(result, null, 2)}\n`);
