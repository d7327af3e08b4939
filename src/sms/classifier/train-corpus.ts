// From corpus files to a model: the one pipeline `mamoru train`, scripts/train-classifier.ts and the
// reproducibility test share, so the committed model.json is exactly what the committed corpus gives.

import { normalizeText } from '../../text/index.js';
import { loadCorpus, type CorpusExample } from '../training/index.js';
import { trainClassifier, type TrainingExample, type TrainOptions } from './train.js';
import type { ModelJson } from './model.js';

export interface CorpusTrainOptions extends TrainOptions {
  /** Must be the normalisation the engine applies before predict(). Default: src/text normalizeText. */
  normalize?: (text: string) => string;
  /** Weight of each real message relative to a synthetic one (default 3: they are few and the truest). */
  realWeight?: number;
}

export const DEFAULT_TRAIN_SEED = 7726;

/** What the verdict engine does to a body before predict(); training and evaluation must do the same. */
export const defaultNormalize = normalizeText;

export function toTrainingExample(e: CorpusExample, normalize: (text: string) => string = defaultNormalize, realWeight = 3): TrainingExample {
  return {
    text: normalize(e.text),
    label: e.label,
    weight: e.synthetic ? 1 : realWeight,
    // Calibration folds by template, so out-of-fold scores are on wordings the fold model never saw.
    group: e.synthetic ? `t:${e.template ?? e.text}` : `r:${e.text}`,
    source: e.synthetic ? 'synthetic' : 'real',
    seen: e.seen ?? null,
  };
}

/** Train on the train split (real and synthetic) of the corpus in `dir`. */
export function trainFromCorpus(dir: string, opts: Partial<CorpusTrainOptions> = {}): ModelJson {
  const normalize = opts.normalize ?? defaultNormalize;
  const realWeight = opts.realWeight ?? 3;
  const examples = loadCorpus(dir, 'train').map((e) => toTrainingExample(e, normalize, realWeight));
  const train: TrainOptions = {
    seed: opts.seed ?? DEFAULT_TRAIN_SEED,
    epochs: opts.epochs,
    learningRate: opts.learningRate,
    l2: opts.l2,
    minCount: opts.minCount,
    calibrationFolds: opts.calibrationFolds,
    pruneBelow: opts.pruneBelow,
    features: opts.features,
  };
  return trainClassifier(examples, train);
}
