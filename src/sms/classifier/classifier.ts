// The statistical part of the SMS verdict engine: P(unwanted | text) from a logistic regression over hashed
// character n-grams. predict() is on the hot path (every SMS the filter sees), so it allocates nothing per
// call: the featuriser reuses its buffers and the weights live in one Float32Array (1 MB at 2^18 buckets).
// Not safe for concurrent use from worker threads sharing one instance; give each thread its own Classifier.

import { readFileSync } from 'node:fs';
import { AppError } from '../../core/index.js';
import { Featurizer } from './featurize.js';
import { validateModel, type ModelJson } from './model.js';

export interface NgramWeight {
  /** The n-gram of the masked text (" U " link, " T " phone, '0' digit) or a token ("tld:top", "w:telegram"). */
  ngram: string;
  /** Its contribution to the score before calibration (weight × occurrences, over √features). */
  weight: number;
}

export class Classifier {
  readonly model: ModelJson;
  private readonly weights: Float32Array;
  private readonly featurizer: Featurizer;
  private readonly a: number;
  private readonly b: number;
  private readonly bias: number;

  private constructor(model: ModelJson, weights: Float32Array) {
    this.model = model;
    this.weights = weights;
    this.featurizer = new Featurizer({ bucketBits: model.features.bucketBits, maxN: model.features.maxN });
    this.a = model.calibration.a;
    this.b = model.calibration.b;
    this.bias = model.bias;
  }

  /** Read and validate a model file; AppError('MODEL_INVALID') if it is missing or malformed. */
  static load(path: string | URL): Classifier {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (cause) {
      throw new AppError('MODEL_INVALID', `cannot read classifier model ${String(path)}`, { path: String(path) }, { cause });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new AppError('MODEL_INVALID', `classifier model ${String(path)} is not JSON`, { path: String(path) }, { cause });
    }
    return Classifier.fromModel(json);
  }

  /** Build from a parsed model (e.g. trainClassifier's output); validates it the same way as load(). */
  static fromModel(json: unknown): Classifier {
    const { model, weights } = validateModel(json);
    return new Classifier(model, weights);
  }

  /** Raw score before calibration (log-odds under the training class balance). */
  logit(normalizedText: string): number {
    const s = this.featurizer.weightSum(normalizedText, this.weights);
    const n = this.featurizer.lastCount;
    return n === 0 ? this.bias : this.bias + s / Math.sqrt(n);
  }

  /** Calibrated probability in [0, 1] that the message is unwanted (smishing, scam, recruitment or spam). */
  predict(normalizedText: string): number {
    const z = this.a * this.logit(normalizedText) + this.b;
    return 1 / (1 + Math.exp(-z));
  }

  /** The k features that pushed the score most (either way), largest |weight| first. Allocates; not hot path. */
  explain(normalizedText: string, k = 5): NgramWeight[] {
    const feats = this.featurizer.describe(normalizedText);
    const scale = feats.length === 0 ? 0 : 1 / Math.sqrt(feats.length);
    const byName = new Map<string, number>();
    for (const f of feats) {
      const w = this.weights[f.bucket] as number;
      if (w !== 0) byName.set(f.name, (byName.get(f.name) ?? 0) + w * scale);
    }
    return [...byName.entries()]
      .map(([ngram, weight]) => ({ ngram, weight }))
      .sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight) || (x.ngram < y.ngram ? -1 : x.ngram > y.ngram ? 1 : 0))
      .slice(0, Math.max(0, k));
  }
}
