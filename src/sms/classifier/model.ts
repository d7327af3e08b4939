// The model file: logistic-regression weights over hashed features, stored sparse (only non-zero buckets,
// delta-encoded indices, values rounded to 4 significant digits) with everything needed to rebuild the
// featuriser and to say what the model was trained on. No wall-clock time goes in, so retraining on the same
// corpus with the same seed writes a byte-identical file.

import { AppError } from '../../core/index.js';
import type { FeatureConfig } from './featurize.js';

export const MODEL_FORMAT = 'mamoru-sms-classifier';
export const MODEL_VERSION = 1;

export interface ModelJson {
  format: typeof MODEL_FORMAT;
  version: typeof MODEL_VERSION;
  /** Labels scored as the positive class ("unwanted"); everything else (legit) is negative. */
  positive: string[];
  features: FeatureConfig & { hash: string; scaling: string };
  training: {
    seed: number;
    epochs: number;
    learningRate: number;
    l2: number;
    /** A bucket must occur in at least this many training messages to get a weight. */
    minCount: number;
    examples: number;
    positives: number;
    negatives: number;
    /** Messages per source ("real", "synthetic"), when the caller said. */
    sources: Record<string, number>;
    /** Latest date found in the data (not the clock), or null. */
    dataDate: string | null;
    /** FNV-1a of every training text and label, to tell two corpora apart. */
    corpusHash: string;
  };
  /** Platt scaling fitted on out-of-fold scores: p = 1 / (1 + exp(-(a·z + b))). */
  calibration: { a: number; b: number; folds: number };
  bias: number;
  weights: {
    /** Number of non-zero buckets. */
    count: number;
    /** Bucket indices, delta-encoded (first absolute, then differences; all > 0). */
    index: number[];
    value: number[];
  };
}

/** Round to 4 significant digits (keeps the file small; the loss in accuracy is far below noise). */
export function round4(x: number): number {
  return x === 0 ? 0 : Number(x.toPrecision(4));
}

function fail(reason: string): never {
  throw new AppError('MODEL_INVALID', `classifier model is invalid: ${reason}`, { reason });
}

function finite(x: unknown, what: string): number {
  if (typeof x !== 'number' || !Number.isFinite(x)) fail(`${what} is not a finite number`);
  return x;
}

/** Check a parsed model and decode its weights; throws AppError('MODEL_INVALID') with the first problem. */
export function validateModel(json: unknown): { model: ModelJson; weights: Float32Array } {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) fail('not a JSON object');
  const m = json as Partial<ModelJson>;
  if (m.format !== MODEL_FORMAT) fail(`format is ${JSON.stringify(m.format)}, expected ${MODEL_FORMAT}`);
  if (m.version !== MODEL_VERSION) fail(`version ${JSON.stringify(m.version)} is not supported (expected ${MODEL_VERSION})`);
  const f = m.features;
  if (typeof f !== 'object' || f === null) fail('features missing');
  const bits = finite(f.bucketBits, 'features.bucketBits');
  const maxN = finite(f.maxN, 'features.maxN');
  if (!Number.isInteger(bits) || bits < 8 || bits > 24) fail('features.bucketBits must be an integer in 8..24');
  if (!Number.isInteger(maxN) || maxN < 1 || maxN > 6) fail('features.maxN must be an integer in 1..6');
  if (!Array.isArray(m.positive) || m.positive.some((p) => typeof p !== 'string')) fail('positive must be a list of labels');
  if (typeof m.training !== 'object' || m.training === null) fail('training metadata missing');
  const c = m.calibration;
  if (typeof c !== 'object' || c === null) fail('calibration missing');
  finite(c.a, 'calibration.a');
  finite(c.b, 'calibration.b');
  finite(m.bias, 'bias');
  const w = m.weights;
  if (typeof w !== 'object' || w === null || !Array.isArray(w.index) || !Array.isArray(w.value)) fail('weights.index and weights.value must be arrays');
  if (w.index.length !== w.value.length || w.count !== w.index.length) fail('weights.count, weights.index and weights.value disagree in length');
  const size = 1 << bits;
  const weights = new Float32Array(size);
  let at = -1;
  for (let k = 0; k < w.index.length; k++) {
    const d = w.index[k];
    if (typeof d !== 'number' || !Number.isInteger(d) || d < (k === 0 ? 0 : 1)) fail(`weights.index[${k}] is not a valid delta`);
    at = k === 0 ? d : at + d;
    if (at >= size) fail(`weights.index[${k}] points past ${size} buckets`);
    weights[at] = finite(w.value[k], `weights.value[${k}]`);
  }
  return { model: m as ModelJson, weights };
}

/** The model as text: metadata readable one key per line, the two weight arrays compact. */
export function serializeModel(model: ModelJson): string {
  const lines: string[] = [];
  const entries = Object.entries(model);
  entries.forEach(([key, value], i) => {
    const comma = i < entries.length - 1 ? ',' : '';
    if (key === 'weights') {
      const w = value as ModelJson['weights'];
      lines.push(`  "weights": {\n    "count": ${w.count},\n    "index": ${JSON.stringify(w.index)},\n    "value": ${JSON.stringify(w.value)}\n  }${comma}`);
    } else {
      lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)}${comma}`);
    }
  });
  return `{\n${lines.join('\n')}\n}\n`;
}
