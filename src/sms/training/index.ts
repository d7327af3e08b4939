// Training corpus of the SMS verdict engine: the real quoted messages (defanged, split by hash) and the
// deterministic synthetic generator (held-out templates for dev), plus the loader the trainer and evaluators use.

export { generateCorpus, splitTemplates, DEFAULT_SIZES, LABEL_SHARE, type SyntheticExample, type CorpusSizes } from './generate.js';
export { buildRealCorpus, defangLinks, REAL_DEV_SHARE, type RealRecord, type RealExample } from './real-corpus.js';
export { loadCorpus, readRealRecords, writeCorpusFiles, CORPUS_FILES, type CorpusExample, type CorpusSplit } from './corpus-files.js';
export { LABELS, type Label, type Route } from './family.js';
export { mulberry32, fnv1a } from './prng.js';

/** Seed of the committed corpus (7726 is the smishing report number the documents describe). */
export const DEFAULT_CORPUS_SEED = 7726;
