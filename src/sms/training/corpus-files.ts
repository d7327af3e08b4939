// The corpus on disk (data/training/): real.jsonl (quoted real messages, defanged, with a split field) and
// synthetic-train.jsonl / synthetic-dev.jsonl. One JSON object per line, keys in a fixed order so regenerating
// gives byte-identical files and small diffs.

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../core/index.js';
import { LABELS, type Label } from './family.js';
import type { SyntheticExample } from './generate.js';
import type { RealExample, RealRecord } from './real-corpus.js';

export const CORPUS_FILES = { real: 'real.jsonl', train: 'synthetic-train.jsonl', dev: 'synthetic-dev.jsonl' } as const;

export type CorpusSplit = 'train' | 'dev' | 'all';

/** One message as the trainer and the evaluators see it, whatever file it came from. */
export interface CorpusExample {
  text: string;
  label: Label;
  brand: string | null;
  synthetic: boolean;
  split: 'train' | 'dev';
  /** Synthetic only: family and template ids. */
  family?: string;
  template?: string;
  /** Synthetic only: the sender and how it arrived ('domestic-mobile' | 'domestic-a2p' | 'international'). */
  from?: string;
  route?: string;
  /** Real only: when the page says it was seen (YYYY, YYYY-MM or YYYY-MM-DD). */
  seen?: string | null;
}

function readJsonl(path: string): unknown[] {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AppError('FILE_UNREADABLE', `cannot read corpus file ${path}`, { file: path }, { cause });
  }
  const out: unknown[] = [];
  raw.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    try {
      out.push(JSON.parse(line));
    } catch (cause) {
      throw new AppError('FILE_UNREADABLE', `line ${i + 1} of ${path} is not JSON`, { file: path, line: i + 1 }, { cause });
    }
  });
  return out;
}

function asLabel(v: unknown, where: string): Label {
  if (typeof v === 'string' && (LABELS as readonly string[]).includes(v)) return v as Label;
  throw new AppError('FILE_UNREADABLE', `bad label ${JSON.stringify(v)} in ${where}`, { where });
}

function asText(v: unknown, where: string): string {
  if (typeof v === 'string' && v.length > 0) return v;
  throw new AppError('FILE_UNREADABLE', `missing text in ${where}`, { where });
}

/** Real records in the shared-data shape (text, label, brand, source_url, seen). */
export function readRealRecords(path: string): RealRecord[] {
  return readJsonl(path).map((o, i) => {
    const r = o as Record<string, unknown>;
    const where = `${path}:${i + 1}`;
    return {
      text: asText(r.text, where),
      label: asLabel(r.label, where),
      brand: typeof r.brand === 'string' ? r.brand : null,
      source_url: typeof r.source_url === 'string' ? r.source_url : '',
      seen: typeof r.seen === 'string' ? r.seen : null,
    };
  });
}

/**
 * Load one split of the corpus in `dir`: real messages of that split first (file order), then synthetic ones.
 * 'all' returns both splits. Throws AppError('FILE_UNREADABLE') when a file is missing or malformed.
 */
export function loadCorpus(dir: string, split: CorpusSplit): CorpusExample[] {
  const out: CorpusExample[] = [];
  const realPath = join(dir, CORPUS_FILES.real);
  readJsonl(realPath).forEach((o, i) => {
    const r = o as Record<string, unknown>;
    const where = `${realPath}:${i + 1}`;
    const s = r.split === 'dev' ? 'dev' : r.split === 'train' ? 'train' : null;
    if (s === null) throw new AppError('FILE_UNREADABLE', `bad split in ${where}`, { where });
    if (split !== 'all' && s !== split) return;
    out.push({ text: asText(r.text, where), label: asLabel(r.label, where), brand: typeof r.brand === 'string' ? r.brand : null, synthetic: false, split: s, seen: typeof r.seen === 'string' ? r.seen : null });
  });
  for (const s of split === 'all' ? (['train', 'dev'] as const) : [split]) {
    const path = join(dir, CORPUS_FILES[s]);
    readJsonl(path).forEach((o, i) => {
      const r = o as Record<string, unknown>;
      const where = `${path}:${i + 1}`;
      out.push({
        text: asText(r.text, where),
        label: asLabel(r.label, where),
        brand: typeof r.brand === 'string' ? r.brand : null,
        synthetic: true,
        split: s,
        family: typeof r.family === 'string' ? r.family : undefined,
        template: typeof r.template === 'string' ? r.template : undefined,
        from: typeof r.from === 'string' ? r.from : undefined,
        route: typeof r.route === 'string' ? r.route : undefined,
      });
    });
  }
  return out;
}

function toJsonl(rows: readonly object[]): string {
  return rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

/** Write the three corpus files; objects are re-keyed so the field order is fixed. */
export function writeCorpusFiles(dir: string, corpus: { real: readonly RealExample[]; train: readonly SyntheticExample[]; dev: readonly SyntheticExample[] }): void {
  mkdirSync(dir, { recursive: true });
  const real = corpus.real.map((r) => ({ text: r.text, label: r.label, brand: r.brand, source_url: r.source_url, seen: r.seen, synthetic: false, split: r.split }));
  const synth = (rows: readonly SyntheticExample[]) =>
    rows.map((r) => ({ text: r.text, label: r.label, brand: r.brand, family: r.family, from: r.from, route: r.route, synthetic: true, template: r.template }));
  writeFileSync(join(dir, CORPUS_FILES.real), toJsonl(real));
  writeFileSync(join(dir, CORPUS_FILES.train), toJsonl(synth(corpus.train)));
  writeFileSync(join(dir, CORPUS_FILES.dev), toJsonl(synth(corpus.dev)));
}
