// `mamoru devices eval`: runs a simulated SMS stream through the verdict engine and the detector exactly as in
// production (the engine publishes verdict events on the bus, the detector consumes them), then scores the cases
// against the simulator's ground truth. The truth never reaches the engine or the detector.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AppError, type InProcessBus, type ManualClock, type Pseudonymizer } from '../core/index.js';
import type { DeviceCase } from './case.js';
import { InfectionDetector } from './detector/detector.js';

export interface EvalMessage {
  id?: string;
  ts: string;
  from?: string | null;
  to?: string | null;
  body: string;
  route?: 'handset' | 'aggregator' | 'international';
}

interface TruthInfected {
  kind: 'infected';
  line: string;
  family: string;
  infectedAt: string;
  cleanedAt: string | null;
  /** Send times of the malware's messages (ms); absent in older truth files (then every message of the line
   * while infected counts). */
  smishingAt?: number[];
}

interface TruthRecord {
  kind: string;
  line: string;
  family?: string;
  profile?: string;
}

export interface EvalDeps {
  classify(input: { id?: string; from?: string | null; to?: string | null; body: string; route?: EvalMessage['route']; receivedAt: number }): { action: string };
  bus: InProcessBus;
  clock: ManualClock;
  pseudonymize: Pseudonymizer;
  onProgress?(done: number): void;
}

export interface FamilyFigures {
  targetLines: number;
  detected: number;
  recall: number;
  cases: number;
  precision: number;
  delaySeconds: { p50: number | null; p90: number | null; p99: number | null; max: number | null };
}

export interface DevicesEvalResult {
  messages: number;
  /** Records of sms.jsonl without a valid time or a text body: counted and left out. */
  skippedRecords: number;
  days: number;
  subscriberLines: number;
  infectedLines: number;
  legitLines: number;
  /** Infected lines that sent ≥ 20 smishing messages within an hour: the target set. */
  targetLines: number;
  recall: number;
  /** Share of all infected lines (however slowly they sent) that got a case. */
  recallAllInfected: number;
  cases: number;
  truePositiveCases: number;
  falseCases: number;
  falseCasesOnHeavyLegit: number;
  precision: number;
  falseCasesPer100kLinesPerDay: number;
  medianDelaySeconds: number | null;
  p90DelaySeconds: number | null;
  p99DelaySeconds: number | null;
  /** From the first message of that run of 20 to the case (how soon, not only "by the 20th"). */
  medianDelayFromFirstSeconds: number | null;
  /** How the verdict engine itself did on the stream: share of smishing from infected lines it blocked or warned on,
   * and share of other messages it blocked or warned on. */
  engineFlaggedSmishing: number;
  engineFlaggedOther: number;
  perFamily: Record<string, FamilyFigures>;
  detector: Record<string, number>;
}

const HOUR = 3_600_000;
const TARGET = 20;

function percentile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
}

const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

async function* readJsonl<T>(path: string): AsyncGenerator<T> {
  const rl = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  let n = 0;
  for await (const line of rl) {
    n++;
    if (line.trim() === '') continue;
    try {
      yield JSON.parse(line) as T;
    } catch {
      throw new AppError('VALIDATION_FAILED', `${path}: line ${n} is not JSON`);
    }
  }
}

/** The first run of 20 messages within an hour: the times of its first and its 20th message, or null. */
function twentiethWithinHour(times: number[]): { first: number; twentieth: number } | null {
  for (let j = TARGET - 1; j < times.length; j++) if (times[j]! - times[j - TARGET + 1]! <= HOUR) return { first: times[j - TARGET + 1]!, twentieth: times[j]! };
  return null;
}

/** Where the evaluated stream comes from: the files `mamoru simulate` wrote, or a simulation run in memory. */
export interface EvalSource {
  /** The messages in time order; `smishing` marks the malware's own messages (ground truth, never classified). */
  messages(): AsyncIterable<EvalMessage & { smishing?: boolean }>;
  /** The ground truth and the run's size, available once the messages are consumed. */
  truth(): Promise<{ days: number | undefined; subscribers: number | undefined; records: TruthRecord[] }>;
}

type InfectedEntry = TruthInfected & { start: number; end: number; times: Set<number> | null };

function infectedEntry(r: TruthInfected): InfectedEntry {
  return { ...r, start: Date.parse(r.infectedAt), end: r.cleanedAt ? Date.parse(r.cleanedAt) : Infinity, times: r.smishingAt ? new Set(r.smishingAt) : null };
}

/** The directory `mamoru simulate --out DIR` wrote: meta.json, truth.jsonl (read first, for the malware's send
 * times), sms.jsonl. */
export async function fileSource(dir: string): Promise<EvalSource> {
  let meta: { days?: number; subscribers?: number };
  try {
    meta = JSON.parse(await readFile(join(dir, 'meta.json'), 'utf8')) as typeof meta;
  } catch {
    throw new AppError('FILE_UNREADABLE', `${dir} holds no readable meta.json: run "mamoru simulate … --out ${dir}" first`);
  }
  const records: TruthRecord[] = [];
  const infected = new Map<string, InfectedEntry>();
  for await (const t of readJsonl<TruthRecord>(join(dir, 'truth.jsonl'))) {
    records.push(t);
    if (t.kind === 'infected') infected.set(t.line, infectedEntry(t as TruthInfected));
  }
  return {
    async *messages() {
      for await (const m of readJsonl<EvalMessage>(join(dir, 'sms.jsonl'))) {
        const at = typeof m?.ts === 'string' ? Date.parse(m.ts) : NaN;
        const inf = typeof m?.from === 'string' ? infected.get(m.from) : undefined;
        yield { ...m, smishing: inf !== undefined && (inf.times ? inf.times.has(at) : at >= inf.start && at < inf.end) };
      }
    },
    truth: () => Promise.resolve({ days: meta.days, subscribers: meta.subscribers, records }),
  };
}

export async function evaluateDevices(source: EvalSource, deps: EvalDeps): Promise<DevicesEvalResult> {
  const detector = new InfectionDetector({ clock: deps.clock });
  const cases: DeviceCase[] = [];
  await deps.bus.subscribe('sms.verdict.v1', (env) => {
    const ch = detector.observe(env.payload, env.id);
    if (ch?.type === 'opened') cases.push(ch.case);
  }, { group: 'devices' });

  const smishTimes = new Map<string, number[]>();
  let messages = 0;
  let first = Infinity;
  let last = -Infinity;
  let smish = 0;
  let smishFlagged = 0;
  let other = 0;
  let otherFlagged = 0;
  let lastSweep = 0;
  let skipped = 0;
  for await (const m of source.messages()) {
    const at = typeof m?.ts === 'string' ? Date.parse(m.ts) : NaN;
    if (!Number.isFinite(at) || typeof m.body !== 'string') {
      skipped++;
      continue;
    }
    deps.clock.set(at);
    first = Math.min(first, at);
    last = Math.max(last, at);
    let v: { action: string } | null = null;
    try {
      v = deps.classify({ id: m.id, from: m.from, to: m.to, body: m.body, route: m.route, receivedAt: at });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
    }
    messages++;
    if (m.smishing === true && typeof m.from === 'string') {
      smish++;
      if (v && v.action !== 'allow') smishFlagged++;
      const list = smishTimes.get(m.from) ?? [];
      list.push(at);
      smishTimes.set(m.from, list);
    } else {
      other++;
      if (v && v.action !== 'allow') otherFlagged++;
    }
    if (messages % 2000 === 0) {
      await deps.bus.drain();
      if (at - lastSweep >= 60_000) {
        detector.sweep(at);
        lastSweep = at;
      }
      deps.onProgress?.(messages);
    }
  }
  await deps.bus.drain();
  deps.onProgress?.(messages);

  const truth = await source.truth();
  const meta = { days: truth.days, subscribers: truth.subscribers };
  const infected = new Map<string, InfectedEntry>();
  const heavy = new Set<string>();
  for (const t of truth.records) {
    if (t.kind === 'infected') infected.set(t.line, infectedEntry(t as TruthInfected));
    else if (t.kind === 'heavy_legit') heavy.add(deps.pseudonymize(t.line));
  }
  const keyToLine = new Map<string, string>();
  for (const line of infected.keys()) keyToLine.set(deps.pseudonymize(line), line);

  const days = typeof meta.days === 'number' && meta.days >= 1 ? meta.days : Math.max(1, Math.ceil((last - first) / 86_400_000));
  const subscriberLines = meta.subscribers ?? 0;
  const legitLines = Math.max(0, subscriberLines - infected.size);
  const firstCase = new Map<string, DeviceCase>();
  let tp = 0;
  let falseCases = 0;
  let falseHeavy = 0;
  const casesByFamily = new Map<string, { n: number; tp: number }>();
  for (const c of cases) {
    const line = keyToLine.get(c.lineKey);
    const inf = line ? infected.get(line) : undefined;
    const ok = inf !== undefined && c.openedAt >= inf.start;
    const fam = c.family ?? 'unknown';
    const fc = casesByFamily.get(fam) ?? { n: 0, tp: 0 };
    fc.n++;
    if (ok) {
      tp++;
      fc.tp++;
      if (!firstCase.has(line!)) firstCase.set(line!, c);
    } else {
      falseCases++;
      if (heavy.has(c.lineKey)) falseHeavy++;
    }
    casesByFamily.set(fam, fc);
  }

  const delays: number[] = [];
  const fromFirst: number[] = [];
  const fam = new Map<string, { target: number; detected: number; delays: number[] }>();
  let target = 0;
  let detected = 0;
  for (const [line, inf] of infected) {
    const run = twentiethWithinHour(smishTimes.get(line) ?? []);
    if (run === null) continue;
    const t20 = run.twentieth;
    target++;
    const f = fam.get(inf.family) ?? { target: 0, detected: 0, delays: [] };
    f.target++;
    const c = firstCase.get(line);
    if (c) {
      detected++;
      f.detected++;
      const d = Math.max(0, c.openedAt - t20) / 1000;
      delays.push(d);
      fromFirst.push(Math.max(0, c.openedAt - run.first) / 1000);
      f.delays.push(d);
    }
    fam.set(inf.family, f);
  }
  delays.sort((a, b) => a - b);
  fromFirst.sort((a, b) => a - b);
  const perFamily: Record<string, FamilyFigures> = {};
  for (const [name, f] of fam) {
    f.delays.sort((a, b) => a - b);
    const fc = casesByFamily.get(name) ?? { n: 0, tp: 0 };
    perFamily[name] = {
      targetLines: f.target, detected: f.detected, recall: f.target ? round(f.detected / f.target) : 0, cases: fc.n, precision: fc.n ? round(fc.tp / fc.n) : 0,
      delaySeconds: { p50: percentile(f.delays, 0.5), p90: percentile(f.delays, 0.9), p99: percentile(f.delays, 0.99), max: f.delays.at(-1) ?? null },
    };
  }
  const stats = detector.stats();
  return {
    messages, skippedRecords: skipped, days, subscriberLines, infectedLines: infected.size, legitLines, targetLines: target,
    recall: target ? round(detected / target) : 0,
    recallAllInfected: infected.size ? round(firstCase.size / infected.size) : 0,
    cases: cases.length, truePositiveCases: tp, falseCases, falseCasesOnHeavyLegit: falseHeavy,
    precision: cases.length ? round(tp / cases.length) : 0,
    falseCasesPer100kLinesPerDay: legitLines ? round(falseCases / (legitLines / 100_000) / days) : 0,
    medianDelaySeconds: percentile(delays, 0.5), p90DelaySeconds: percentile(delays, 0.9), p99DelaySeconds: percentile(delays, 0.99),
    medianDelayFromFirstSeconds: percentile(fromFirst, 0.5),
    engineFlaggedSmishing: smish ? round(smishFlagged / smish) : 0, engineFlaggedOther: other ? round(otherFlagged / other, 6) : 0,
    perFamily, detector: { ...stats },
  };
}
