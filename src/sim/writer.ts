// Files of a run: sms.jsonl (what the network sees), truth.jsonl, meta.json and, on request, subscribers.csv
// (the operator's directory). Writes go through streams that wait for 'drain', in chunks of about 1 MB, so a
// ten-million-line file never sits in memory.

import { once } from 'node:events';
import { createReadStream, createWriteStream, mkdirSync, readFileSync, statSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { AppError } from '../core/index.js';
import { person } from './names.js';
import { CARRIERS, type Population } from './population.js';
import { hash } from './prng.js';
import { Simulation } from './simulation.js';
import { resolveOptions, type SimOptions } from './options.js';
import type { SimMessage, SimMeta, SmsRecord, TruthRecord } from './types.js';

export const SIM_FILES = { sms: 'sms.jsonl', truth: 'truth.jsonl', meta: 'meta.json', directory: 'subscribers.csv' } as const;
const CHUNK = 1 << 20;

/** One line of sms.jsonl (no label). Only the body needs JSON escaping; the other fields are plain ASCII or known. */
export function smsLine(m: SimMessage): string {
  return `{"id":"${m.id}","ts":"${m.ts}","from":${jsonString(m.from)},"to":"${m.to}","body":${jsonString(m.body)},"route":"${m.route}","carrier":"${m.carrier}","toCarrier":${m.toCarrier === null ? 'null' : `"${m.toCarrier}"`}}\n`;
}

/** JSON.stringify for a string, skipped when nothing needs escaping (most bodies); the output is identical. */
function jsonString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Control characters, quote, backslash and surrogates (emoji) take JSON.stringify's path.
    if (c < 0x20 || c === 0x22 || c === 0x5c || (c >= 0xd800 && c <= 0xdfff)) return JSON.stringify(s);
  }
  return `"${s}"`;
}

class ChunkedWriter {
  private buf = '';
  private readonly stream: WriteStream;

  constructor(path: string) {
    this.stream = createWriteStream(path, { encoding: 'utf8' });
  }

  async write(s: string): Promise<void> {
    this.buf += s;
    if (this.buf.length >= CHUNK) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.buf === '') return;
    const ok = this.stream.write(this.buf);
    this.buf = '';
    if (!ok) await once(this.stream, 'drain');
  }

  async close(): Promise<void> {
    await this.flush();
    this.stream.end();
    await once(this.stream, 'finish');
  }
}

/** Creates the output directory; refuses a path that exists and is not a directory. */
export function prepareOutDir(dir: string): void {
  let st;
  try {
    st = statSync(dir);
  } catch {
    mkdirSync(dir, { recursive: true });
    return;
  }
  if (!st.isDirectory()) throw new AppError('VALIDATION_FAILED', `--out ${dir} exists and is not a directory`);
}

export interface WriteOptions {
  /** Also write subscribers.csv for the operator's (first carrier's) lines. */
  directory?: boolean;
  /** Called after each batch (10 simulated minutes) with (batches done, total batches). */
  onBatch?: (done: number, total: number) => void;
}

/** Runs a simulation and writes its files into `dir`; returns the meta written to meta.json. */
export async function writeSimulation(options: SimOptions, dir: string, w: WriteOptions = {}): Promise<SimMeta> {
  // Check the options and the directory before the population (seconds for millions of lines) is built.
  const resolved = resolveOptions(options);
  prepareOutDir(dir);
  const sim = new Simulation(resolved);
  const sms = new ChunkedWriter(join(dir, SIM_FILES.sms));
  let done = 0;
  for (const batch of sim.batches()) {
    // One join per batch gives a flat string; appending line by line would build a long rope to flatten later.
    const lines: string[] = new Array<string>(batch.length);
    for (let i = 0; i < batch.length; i++) lines[i] = smsLine(batch[i]!);
    await sms.write(lines.join(''));
    w.onBatch?.(++done, sim.batchCount);
  }
  await sms.close();
  const truth = new ChunkedWriter(join(dir, SIM_FILES.truth));
  for (const t of sim.truth()) await truth.write(`${JSON.stringify(t)}\n`);
  await truth.close();
  const meta = sim.meta();
  const metaOut = new ChunkedWriter(join(dir, SIM_FILES.meta));
  await metaOut.write(`${JSON.stringify(meta, null, 2)}\n`);
  await metaOut.close();
  if (w.directory) await writeDirectory(sim.population, sim.options.seed, join(dir, SIM_FILES.directory));
  return meta;
}

const csvCell = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * subscribers.csv for the operator's lines: contract id, synthetic name, e-mail (example.jp / example.com only),
 * postal code, address, and the channel the subscriber chose for warnings (mostly e-mail, some SMS, a few letters).
 */
export async function writeDirectory(pop: Population, seed: number, path: string): Promise<number> {
  const out = new ChunkedWriter(path);
  await out.write('line,contract_id,name,email,postal_code,address,channel\n');
  const operator = CARRIERS[0];
  let rows = 0;
  for (let i = 0; i < pop.size; i++) {
    if (pop.carrier(i) !== operator) continue;
    const p = person(seed, i);
    // Multiplying by an odd constant modulo 2^32 is a bijection, so contract ids are unique.
    const contract = `C${String(Math.imul(i + 1, 0x9e3779b1) >>> 0).padStart(10, '0')}`;
    const c = hash(seed, i, 0x63686e) % 100;
    const channel = c < 80 ? 'email' : c < 95 ? 'sms' : 'letter';
    await out.write(`${pop.number(i)},${contract},${csvCell(p.name)},${csvCell(p.email)},${p.postalCode},${csvCell(p.address)},${channel}\n`);
    rows++;
  }
  await out.close();
  return rows;
}

export function readMeta(dir: string): SimMeta {
  return JSON.parse(readFileSync(join(dir, SIM_FILES.meta), 'utf8')) as SimMeta;
}

export function readTruth(dir: string): TruthRecord[] {
  return readFileSync(join(dir, SIM_FILES.truth), 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as TruthRecord);
}

/** Streams sms.jsonl back, one record at a time. */
export async function* readMessages(dir: string): AsyncGenerator<SmsRecord, void, undefined> {
  const rl = createInterface({ input: createReadStream(join(dir, SIM_FILES.sms), { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const line of rl) if (line !== '') yield JSON.parse(line) as SmsRecord;
}
