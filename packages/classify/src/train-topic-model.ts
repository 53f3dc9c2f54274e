import {
  DEFAULT_FEATURES,
  type FeatureOptions,
  hashFeatures,
  type SparseVector,
  weightFeatures,
} from './hash-features.js';
import { scoreVector, softmax, type TopicModel } from './topic-model.js';

/** One labelled training example: the text to learn from (title and body joined) and its label. */
export interface LabeledText {
  text: string;
  label: string;
  /** How much the row counts in training (default 1): down-weights a source unlike the target domain. */
  weight?: number;
}

/** How {@link trainTopicModel} learns; every field has a default. */
export interface TrainOptions {
  features: FeatureOptions;
  /** Passes over the data. */
  epochs: number;
  /** AdaGrad base step. */
  learningRate: number;
  /** L2 penalty on the weights a step touches. */
  l2: number;
  /** 'balanced' weighs each class by n / (classes × its count), so rare topics are not drowned. */
  classWeights: 'balanced' | 'none';
  seed: number;
  /** Weight of the multinomial Naive Bayes log-probabilities added to the regression (0 = none). */
  naiveBayes: number;
  /** Additive smoothing of the Naive Bayes counts. */
  nbAlpha: number;
}

export const DEFAULT_TRAIN: TrainOptions = {
  features: DEFAULT_FEATURES,
  epochs: 6,
  learningRate: 0.1,
  l2: 1e-6,
  classWeights: 'balanced',
  seed: 1,
  naiveBayes: 0.1,
  nbAlpha: 0.01,
};

/** Pre-hashed term counts, so cross-validation hashes each text once. */
export interface HashedRows {
  counts: SparseVector[];
  labels: string[];
  features: FeatureOptions;
  weights: number[];
  meanChars: number;
}

/** Hashes the rows' texts with the given feature options. */
export function hashRows(
  rows: readonly LabeledText[],
  features: FeatureOptions = DEFAULT_FEATURES,
): HashedRows {
  return {
    counts: rows.map((r) => hashFeatures(r.text, features)),
    labels: rows.map((r) => r.label),
    weights: rows.map((r) => r.weight ?? 1),
    meanChars: rows.reduce((sum, r) => sum + r.text.length, 0) / Math.max(1, rows.length),
    features,
  };
}

/** Smoothed IDF over the rows' buckets: ln((1 + n) / (1 + df)) + 1. */
export function inverseDocumentFrequency(counts: readonly SparseVector[], bits: number): Float32Array {
  const df = new Uint32Array(1 << bits);
  for (const c of counts) for (const i of c.index) df[i] = (df[i] as number) + 1;
  const n = counts.length;
  return Float32Array.from(df, (d) => Math.log((1 + n) / (1 + d)) + 1);
}

/**
 * Trains a multinomial logistic regression with AdaGrad on TF-IDF weighted hashed features.
 * Learns any label set: the labels are whatever the rows carry.
 */
export function trainTopicModel(
  rows: readonly LabeledText[] | HashedRows,
  options: Partial<TrainOptions> = {},
  meta: Record<string, unknown> = {},
): Omit<TopicModel, 'version'> {
  const opts = { ...DEFAULT_TRAIN, ...options };
  const hashed = 'counts' in rows ? rows : hashRows(rows, opts.features);
  const features = hashed.features;
  const labels = [...new Set(hashed.labels)].sort();
  const c = labels.length;
  const y = hashed.labels.map((l) => labels.indexOf(l));
  const idf = inverseDocumentFrequency(hashed.counts, features.bits);
  const xs = hashed.counts.map((x) => weightFeatures(x, idf));
  const perClass = labels.map(() => 0);
  y.forEach((k, n) => {
    perClass[k] = (perClass[k] as number) + (hashed.weights[n] as number);
  });
  const total = perClass.reduce((a, b) => a + b, 0);
  const classWeight = perClass.map((m) =>
    opts.classWeights === 'balanced' ? total / (c * Math.max(1e-9, m)) : 1,
  );
  const weights = new Float32Array((1 << features.bits) * c);
  const g2 = new Float32Array(weights.length);
  const bias = new Float32Array(c);
  const biasG2 = new Float32Array(c);
  const order = xs.map((_, i) => i);
  let seed = opts.seed;
  const random = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 2 ** 32;
  };
  const model = { labels, weights, bias };
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const n of order) {
      const x = xs[n] as SparseVector;
      const target = y[n] as number;
      const p = softmax(scoreVector(model, x));
      const cw = (classWeight[target] as number) * (hashed.weights[n] as number);
      for (let k = 0; k < c; k++) {
        const grad = ((p[k] as number) - (k === target ? 1 : 0)) * cw;
        p[k] = grad;
        biasG2[k] = (biasG2[k] as number) + grad * grad;
        bias[k] = (bias[k] as number) - (opts.learningRate * grad) / Math.sqrt((biasG2[k] as number) + 1e-8);
      }
      for (let i = 0; i < x.index.length; i++) {
        const v = x.value[i] as number;
        const row = (x.index[i] as number) * c;
        for (let k = 0; k < c; k++) {
          const at = row + k;
          const w = weights[at] as number;
          const g = (p[k] as number) * v + opts.l2 * w;
          if (g === 0) continue;
          g2[at] = (g2[at] as number) + g * g;
          weights[at] = w - (opts.learningRate * g) / Math.sqrt(g2[at] as number);
        }
      }
    }
  }
  if (opts.naiveBayes > 0) addNaiveBayes(weights, xs, y, c, opts.naiveBayes, opts.nbAlpha);
  return {
    labels,
    features,
    idf,
    weights,
    bias,
    meta: { meanTrainChars: Math.round(hashed.meanChars), ...meta },
  };
}

/**
 * Adds multinomial Naive Bayes (over the TF-IDF weights, uniform prior) to the linear weights:
 * NB is strong where data is scarce, the regression where it is not; their sum is still one
 * linear model. Log-probabilities are centred per bucket, which leaves the ranking unchanged.
 */
function addNaiveBayes(
  weights: Float32Array,
  xs: readonly SparseVector[],
  y: readonly number[],
  c: number,
  strength: number,
  alpha: number,
): void {
  const mass = new Float64Array(weights.length);
  const totals = new Float64Array(c);
  const active = new Uint8Array(weights.length / c);
  xs.forEach((x, n) => {
    const k = y[n] as number;
    for (let i = 0; i < x.index.length; i++) {
      const b = x.index[i] as number;
      mass[b * c + k] = (mass[b * c + k] as number) + (x.value[i] as number);
      totals[k] = (totals[k] as number) + (x.value[i] as number);
      active[b] = 1;
    }
  });
  let vocabulary = 0;
  for (const a of active) vocabulary += a;
  const denominators = Array.from(totals, (t) => Math.log(t + alpha * vocabulary));
  const logs = new Float64Array(c);
  for (let b = 0; b < active.length; b++) {
    if (!active[b]) continue;
    let mean = 0;
    for (let k = 0; k < c; k++) {
      logs[k] = Math.log((mass[b * c + k] as number) + alpha) - (denominators[k] as number);
      mean += logs[k] as number;
    }
    mean /= c;
    for (let k = 0; k < c; k++)
      weights[b * c + k] = (weights[b * c + k] as number) + strength * ((logs[k] as number) - mean);
  }
}
