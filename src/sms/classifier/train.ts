// Trains the classifier: binary logistic regression (unwanted vs legit) with AdaGrad SGD, L2 regularisation and
// class balancing, over the hashed features of featurize.ts. Everything is driven by one seed and plain loops in
// a fixed order, so the same examples and options give the same weights bit for bit. Calibration is Platt
// scaling on out-of-fold scores: folds are grouped (synthetic messages by template), so the fitted slope reflects
// how sure the model is on wordings it has not seen, not on the ones it memorised.

import { Featurizer, DEFAULT_FEATURES, type FeatureConfig } from './featurize.js';
import { MODEL_FORMAT, MODEL_VERSION, round4, type ModelJson } from './model.js';
import { mulberry32 } from '../training/prng.js';

export interface TrainingExample {
  /** Text normalised the way the engine normalises before predict(). */
  text: string;
  /** 'legit' is the negative class; any other label is unwanted. */
  label: string;
  /** Relative weight (default 1), e.g. to let the few real messages count more than synthetic ones. */
  weight?: number;
  /** Examples sharing a group (a template) land in the same calibration fold. Default: the text. */
  group?: string;
  /** Free-form source counted in the metadata ("real", "synthetic"). */
  source?: string;
  /** A date the example was seen (YYYY[-MM[-DD]]); the latest becomes training.dataDate. */
  seen?: string | null;
}

export interface TrainOptions {
  seed: number;
  /** Passes over the data (default 8). */
  epochs?: number;
  /** AdaGrad base step (default 0.3). */
  learningRate?: number;
  /** L2 penalty per update (default 1e-4). */
  l2?: number;
  /** Minimum number of training messages a bucket must occur in to be learned (default 2). */
  minCount?: number;
  /** Folds for calibration (default 5; 0 or 1 skips calibration: a = 1, b = 0). */
  calibrationFolds?: number;
  /** Weights with |w| below this are dropped from the file (default 1e-3). */
  pruneBelow?: number;
  features?: Partial<FeatureConfig>;
}

export const POSITIVE_LABELS = ['smishing', 'scam', 'recruitment', 'spam'];

/** Featurised examples packed in flat arrays: sorted unique buckets and their scaled counts. */
interface Packed {
  offsets: Int32Array;
  buckets: Int32Array;
  values: Float32Array;
  y: Uint8Array;
  w: Float64Array;
}

function pack(examples: readonly TrainingExample[], featurizer: Featurizer): Packed {
  const offsets = new Int32Array(examples.length + 1);
  const buckets: number[] = [];
  const values: number[] = [];
  const y = new Uint8Array(examples.length);
  const w = new Float64Array(examples.length);
  examples.forEach((ex, i) => {
    const n = featurizer.extract(ex.text);
    const sorted = featurizer.idx.slice(0, n).sort();
    // Same scaling as Classifier.logit: each occurrence counts 1/√n.
    const scale = n === 0 ? 0 : 1 / Math.sqrt(n);
    for (let j = 0; j < n; ) {
      const b = sorted[j] as number;
      let c = 0;
      while (j < n && sorted[j] === b) {
        c++;
        j++;
      }
      buckets.push(b);
      values.push(c * scale);
    }
    offsets[i + 1] = buckets.length;
    y[i] = POSITIVE_LABELS.includes(ex.label) ? 1 : 0;
    w[i] = ex.weight ?? 1;
  });
  return { offsets, buckets: Int32Array.from(buckets), values: Float32Array.from(values), y, w };
}


function sigmoid(z: number): number {
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

interface Hyper {
  seed: number;
  epochs: number;
  learningRate: number;
  l2: number;
  minCount: number;
}

/** AdaGrad over the rows in `rows`; returns weights (Float64Array of all buckets) and the bias. */
function fit(data: Packed, rows: Int32Array, size: number, h: Hyper): { weights: Float64Array; bias: number } {
  const df = new Int32Array(size);
  for (const r of rows) for (let k = data.offsets[r] as number; k < (data.offsets[r + 1] as number); k++) df[data.buckets[k] as number]!++;
  let pos = 0;
  let neg = 0;
  for (const r of rows) if (data.y[r] === 1) pos += data.w[r] as number;
  else neg += data.w[r] as number;
  // Class balance: each class carries half of the total weight.
  const total = pos + neg;
  const cw = [neg > 0 ? total / (2 * neg) : 1, pos > 0 ? total / (2 * pos) : 1];
  const weights = new Float64Array(size);
  const g2 = new Float64Array(size);
  let bias = 0;
  let gb2 = 0;
  const order = Int32Array.from(rows);
  const rng = mulberry32(h.seed);
  const eps = 1e-8;
  for (let epoch = 0; epoch < h.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rng() * (i + 1));
      const t = order[i] as number;
      order[i] = order[j] as number;
      order[j] = t;
    }
    for (const r of order) {
      const a = data.offsets[r] as number;
      const e = data.offsets[r + 1] as number;
      let z = bias;
      for (let k = a; k < e; k++) z += (weights[data.buckets[k] as number] as number) * (data.values[k] as number);
      const y = data.y[r] as number;
      const g = (sigmoid(z) - y) * (data.w[r] as number) * (cw[y] as number);
      for (let k = a; k < e; k++) {
        const b = data.buckets[k] as number;
        if ((df[b] as number) < h.minCount) continue;
        const wb = weights[b] as number;
        const grad = g * (data.values[k] as number) + h.l2 * wb;
        const acc = (g2[b] as number) + grad * grad;
        g2[b] = acc;
        weights[b] = wb - (h.learningRate * grad) / (Math.sqrt(acc) + eps);
      }
      gb2 += g * g;
      bias -= (h.learningRate * g) / (Math.sqrt(gb2) + eps);
    }
  }
  return { weights, bias };
}

function score(data: Packed, r: number, weights: Float64Array, bias: number): number {
  let z = bias;
  for (let k = data.offsets[r] as number; k < (data.offsets[r + 1] as number); k++) z += (weights[data.buckets[k] as number] as number) * (data.values[k] as number);
  return z;
}

/** Platt scaling by Newton's method on class-balanced log loss; returns a, b with p = σ(a·z + b). */
export function fitPlatt(z: Float64Array, y: Uint8Array): { a: number; b: number } {
  let pos = 0;
  for (const v of y) pos += v;
  const neg = y.length - pos;
  if (pos === 0 || neg === 0) return { a: 1, b: 0 };
  const cw = [y.length / (2 * neg), y.length / (2 * pos)];
  let a = 1;
  let b = 0;
  for (let it = 0; it < 100; it++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (let i = 0; i < z.length; i++) {
      const zi = z[i] as number;
      const w = cw[y[i] as number] as number;
      const p = sigmoid(a * zi + b);
      const d = (p - (y[i] as number)) * w;
      const s = p * (1 - p) * w;
      ga += d * zi;
      gb += d;
      haa += s * zi * zi;
      hab += s * zi;
      hbb += s;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    const da = (hbb * ga - hab * gb) / det;
    const db = (haa * gb - hab * ga) / det;
    a -= da;
    b -= db;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}

function fnv(s: string, h: number): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Train on `examples` and return the model file's content. Deterministic for a given input and seed. */
export function trainClassifier(examples: readonly TrainingExample[], opts: TrainOptions): ModelJson {
  if (examples.length === 0) throw new RangeError('no training examples');
  for (const [name, v] of [['epochs', opts.epochs], ['minCount', opts.minCount], ['calibrationFolds', opts.calibrationFolds]] as const) {
    if (v !== undefined && (!Number.isInteger(v) || v < 0)) throw new RangeError(`${name} must be a non-negative integer`);
  }
  for (const [name, v] of [['learningRate', opts.learningRate], ['l2', opts.l2], ['pruneBelow', opts.pruneBelow]] as const) {
    if (v !== undefined && (!Number.isFinite(v) || v < 0)) throw new RangeError(`${name} must be a finite number ≥ 0`);
  }
  const features: FeatureConfig = { ...DEFAULT_FEATURES, ...opts.features };
  const h: Hyper = { seed: opts.seed >>> 0, epochs: opts.epochs ?? 8, learningRate: opts.learningRate ?? 0.3, l2: opts.l2 ?? 1e-4, minCount: opts.minCount ?? 2 };
  const folds = opts.calibrationFolds ?? 5;
  const pruneBelow = opts.pruneBelow ?? 1e-3;
  const featurizer = new Featurizer(features);
  const size = 1 << features.bucketBits;
  const data = pack(examples, featurizer);
  const all = Int32Array.from(examples.keys());

  let calibration = { a: 1, b: 0, folds: 0 };
  if (folds >= 2) {
    const fold = examples.map((ex) => fnv(ex.group ?? ex.text, 0x811c9dc5 ^ h.seed) % folds);
    const oof = new Float64Array(examples.length);
    for (let f = 0; f < folds; f++) {
      const trainRows = all.filter((r) => fold[r] !== f);
      const m = fit(data, trainRows, size, h);
      for (const r of all) if (fold[r] === f) oof[r] = score(data, r, m.weights, m.bias);
    }
    const { a, b } = fitPlatt(oof, data.y);
    calibration = { a: round4(a), b: round4(b), folds };
  }

  const final = fit(data, all, size, h);
  const index: number[] = [];
  const value: number[] = [];
  let last = 0;
  for (let b = 0; b < size; b++) {
    const v = round4(final.weights[b] as number);
    if (Math.abs(v) < pruneBelow) continue;
    index.push(index.length === 0 ? b : b - last);
    value.push(v);
    last = b;
  }

  let positives = 0;
  const sources: Record<string, number> = {};
  let corpusHash = 0x811c9dc5;
  let dataDate: string | null = null;
  for (const ex of examples) {
    if (POSITIVE_LABELS.includes(ex.label)) positives++;
    if (ex.source) sources[ex.source] = (sources[ex.source] ?? 0) + 1;
    corpusHash = fnv(`${ex.label}\u0000${ex.text}\u0001`, corpusHash);
    if (ex.seen && (dataDate === null || ex.seen > dataDate)) dataDate = ex.seen;
  }
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    positive: [...POSITIVE_LABELS],
    features: { ...features, hash: 'fnv1a32 over UTF-16 units, bucket = top bits of h*0x9e3779b1, unsigned', scaling: 'count/sqrt(total features)' },
    training: {
      seed: h.seed,
      epochs: h.epochs,
      learningRate: h.learningRate,
      l2: h.l2,
      minCount: h.minCount,
      examples: examples.length,
      positives,
      negatives: examples.length - positives,
      sources,
      dataDate,
      corpusHash: corpusHash.toString(16).padStart(8, '0'),
    },
    calibration,
    bias: round4(final.bias),
    weights: { count: index.length, index, value },
  };
}
