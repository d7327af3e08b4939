// Regenerates the training corpus in data/training/.
//   node --import tsx scripts/gen-corpus.ts [--seed 7726] [--out data/training] [--real-from DIR] [--train 6000] [--dev 2000]
// --real-from reads the shared real-message files (*.jsonl with text, label, brand, source_url, seen) and
// rebuilds real.jsonl from them; without it the committed real.jsonl is re-defanged and re-split in place,
// which is a no-op when nothing changed.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  buildRealCorpus, CORPUS_FILES, DEFAULT_CORPUS_SEED, DEFAULT_SIZES, generateCorpus, readRealRecords, writeCorpusFiles,
} from '../src/sms/training/index.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: String(DEFAULT_CORPUS_SEED) },
    out: { type: 'string', default: 'data/training' },
    'real-from': { type: 'string' },
    train: { type: 'string', default: String(DEFAULT_SIZES.train) },
    dev: { type: 'string', default: String(DEFAULT_SIZES.dev) },
  },
});

const out = values.out;
const realFiles = values['real-from']
  ? readdirSync(values['real-from']).filter((f) => f.endsWith('.jsonl')).sort().map((f) => join(values['real-from'] as string, f))
  : [join(out, CORPUS_FILES.real)];
const real = buildRealCorpus(realFiles.flatMap((f) => readRealRecords(f)));
const { train, dev } = generateCorpus(Number(values.seed), { train: Number(values.train), dev: Number(values.dev) });
writeCorpusFiles(out, { real, train, dev });

const count = (rows: readonly { label: string }[]) => rows.reduce<Record<string, number>>((m, r) => ({ ...m, [r.label]: (m[r.label] ?? 0) + 1 }), {});
console.log(JSON.stringify({
  out,
  seed: Number(values.seed),
  real: { train: count(real.filter((r) => r.split === 'train')), dev: count(real.filter((r) => r.split === 'dev')) },
  synthetic: { train: count(train), dev: count(dev) },
}, null, 2));
