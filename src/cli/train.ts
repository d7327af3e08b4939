// `mamoru train` / `npm run train`: rebuild the classifier from data/training, deterministically from the seed.
import { writeFileSync } from 'node:fs';
import { DEFAULT_MODEL_PATH } from '../core/index.js';
import { CORPUS_FILES, DEFAULT_CORPUS_SEED, buildRealCorpus, generateCorpus, readRealRecords, serializeModel, trainFromCorpus, writeCorpusFiles } from '../sms/index.js';
import { CORPUS_DIR } from './eval.js';
import { join } from 'node:path';

export async function runTrain(opts: { seed: number; out?: string; regenerate?: boolean }): Promise<void> {
  if (opts.regenerate) {
    const real = buildRealCorpus(readRealRecords(join(CORPUS_DIR, CORPUS_FILES.real)));
    const { train, dev } = generateCorpus(DEFAULT_CORPUS_SEED);
    writeCorpusFiles(CORPUS_DIR, { real, train, dev });
    process.stderr.write(`corpus regenerated in ${CORPUS_DIR} (seed ${DEFAULT_CORPUS_SEED})\n`);
  }
  const t0 = performance.now();
  const model = trainFromCorpus(CORPUS_DIR, { seed: opts.seed });
  const out = opts.out ?? DEFAULT_MODEL_PATH;
  writeFileSync(out, serializeModel(model));
  process.stdout.write(`model written to ${out}: ${model.weights.count} weights, seed ${opts.seed}, ${Math.round(performance.now() - t0)} ms\n`);
}
