import { createHash } from 'node:crypto';
import { deflateSync, inflateSync } from 'node:zlib';
import { ErrorCode, PipelineError } from '@newsflow/schema';
import {
  type FeatureOptions,
  hashFeatures,
  languageSalt,
  type SparseVector,
  weightFeatures,
} from './hash-features.js';
import {
  addWordVectorScores,
  shippedWordVectors,
  type WordVectorScorer,
  wordVectorLookup,
  wordVectorScorer,
} from './word-vectors.js';

/** A trained linear topic model in memory: one weight per (hash bucket, label). */
export interface TopicModel {
  /** Content hash of the model file: what articles record as `classification.modelVersion`. */
  version: string;
  labels: string[];
  features: FeatureOptions;
  idf: Float32Array;
  /**
   * Row-major `[bucket * labels.length + label]`: the hashed buckets, then (with word vectors)
   * one row per vector dimension.
   */
  weights: Float32Array;
  /** With `features.embedding`: its word vectors, folded into the labels' weights. */
  wordVectors?: WordVectorScorer;
  bias: Float32Array;
  /** Languages trained on their own features (read for texts in them); others use the shared ones. */
  languages: string[];
  /** The bias of each of those languages (their rows' label priors). */
  languageBias: Record<string, Float32Array>;
  /** Free-form provenance (training data, date, measured accuracy). */
  meta: Record<string, unknown>;
}

/** One label and its probability. */
export interface TopicScore {
  label: string;
  score: number;
}

const FORMAT = 'newsflow-topic-model/1';

/** A text this many times longer than the mean training text is read sentence by sentence. */
const SEGMENT_RATIO = 4;
const MAX_SEGMENTS = 40;
const MIN_SEGMENT_CHARS = 20;
/**
 * A sentence counts in proportion to its length up to this many characters: fragments (datelines,
 * short quotes, score lines) say little about the article. Chosen on half of the BBC dev articles
 * with the shipped model: 60–100 all gained 0.4–0.9 points on both halves and for three models.
 */
const FULL_SEGMENT_CHARS = 80;
/** A cheap sentence cut (no look-behind: it is on the hot path); the cut punctuation carries no topic. */
const SENTENCE_END = /[.!?…。！？]\s+|\n+/;

/**
 * Probabilities of every label for a text, highest first (softmax over the linear scores).
 * A model trained on headlines and sentences scores a long article as the mean of its
 * sentences' probabilities (weighted by length up to a full sentence): each sentence then looks
 * like what the model learned from.
 * `language` (ISO 639-1, as detected) picks that language's own features and bias when the
 * model was trained with rows in it; any other language reads the shared ones.
 */
export function predictTopics(model: TopicModel, text: string, language?: string | null): TopicScore[] {
  const own = language && model.languages.includes(language) ? language : null;
  const salt = own ? languageSalt(own) : 0;
  const scorer = own ? { ...model, bias: model.languageBias[own] ?? model.bias } : model;
  const meanChars = Number(model.meta.meanTrainChars ?? 0);
  if (meanChars > 0 && text.length > SEGMENT_RATIO * meanChars) {
    const segments = text
      .slice(0, model.features.maxChars)
      .split(SENTENCE_END)
      .filter((segment) => segment.length >= MIN_SEGMENT_CHARS)
      .slice(0, MAX_SEGMENTS);
    if (segments.length > 1) {
      const mean = new Float64Array(model.labels.length);
      let total = 0;
      for (const segment of segments) {
        const p = softmax(linearScores(scorer, segment, salt));
        const weight = Math.min(1, segment.length / FULL_SEGMENT_CHARS);
        total += weight;
        for (let k = 0; k < mean.length; k++) mean[k] = (mean[k] as number) + weight * (p[k] as number);
      }
      for (let k = 0; k < mean.length; k++) mean[k] = (mean[k] as number) / total;
      return toTopics(model, mean);
    }
  }
  return toTopics(model, softmax(linearScores(scorer, text, salt)));
}

/**
 * The linear scores of a text: its TF-IDF hashed features, plus its mean word vector when the
 * model has one. Texts read with a language's own (salted) features get no word vectors: those
 * are English, and the language's rows were trained without them.
 */
function linearScores(
  model: Pick<TopicModel, 'labels' | 'weights' | 'bias' | 'features' | 'idf' | 'wordVectors'>,
  text: string,
  salt: number,
): Float64Array {
  const counts = hashFeatures(text, model.features, salt);
  const scores = scoreVector(model, weightFeatures(counts, model.idf, model.features));
  if (model.wordVectors && salt === 0) addWordVectorScores(model.wordVectors, counts, scores);
  return scores;
}

/** The raw linear scores of a weighted feature vector. */
export function scoreVector(
  model: Pick<TopicModel, 'labels' | 'weights' | 'bias'>,
  x: SparseVector,
): Float64Array {
  const c = model.labels.length;
  const scores = Float64Array.from(model.bias);
  const { weights } = model;
  for (let i = 0; i < x.index.length; i++) {
    const v = x.value[i] as number;
    const row = (x.index[i] as number) * c;
    for (let k = 0; k < c; k++) scores[k] = (scores[k] as number) + v * (weights[row + k] as number);
  }
  return scores;
}

/** Softmax of the scores, in place, as probabilities. */
export function softmax(scores: Float64Array): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (const s of scores) max = Math.max(max, s);
  let sum = 0;
  for (let k = 0; k < scores.length; k++) {
    scores[k] = Math.exp((scores[k] as number) - max);
    sum += scores[k] as number;
  }
  for (let k = 0; k < scores.length; k++) scores[k] = (scores[k] as number) / sum;
  return scores;
}

function toTopics(model: TopicModel, p: Float64Array): TopicScore[] {
  return model.labels
    .map((label, k) => ({ label, score: Math.round((p[k] as number) * 1e4) / 1e4 }))
    .sort((a, b) => b.score - a.score);
}

/**
 * Serializes a model as compact JSON: weights quantized to int8 per label (scale kept), IDF to
 * uint8 steps of 1/16, both deflated and base64-encoded. The version is the hash of that content.
 */
export function serializeTopicModel(model: Omit<TopicModel, 'version'>): string {
  const c = model.labels.length;
  // The word-vector rows (after the hashed buckets) are few and on another scale: kept as floats.
  const hashed = model.weights.subarray(0, model.idf.length * c);
  const dense = model.weights.subarray(model.idf.length * c);
  const scales = model.labels.map((_, k) => {
    let max = 0;
    for (let i = k; i < hashed.length; i += c) max = Math.max(max, Math.abs(hashed[i] as number));
    return max > 0 ? max / 127 : 1;
  });
  const q = new Int8Array(hashed.length);
  for (let i = 0; i < q.length; i++) q[i] = Math.round((hashed[i] as number) / (scales[i % c] as number));
  const idf = new Uint8Array(model.idf.length);
  for (let i = 0; i < idf.length; i++) idf[i] = Math.min(255, Math.round((model.idf[i] as number) * 16));
  const body = {
    format: FORMAT,
    labels: model.labels,
    features: model.features,
    bias: Array.from(model.bias, (b) => Math.round(b * 1e5) / 1e5),
    ...(model.languages.length
      ? {
          languages: model.languages,
          languageBias: Object.fromEntries(
            model.languages.map((l) => [
              l,
              Array.from(model.languageBias[l] ?? model.bias, (b) => Math.round(b * 1e5) / 1e5),
            ]),
          ),
        }
      : {}),
    scales,
    idf: deflateSync(idf, { level: 9 }).toString('base64'),
    weights: deflateSync(q, { level: 9 }).toString('base64'),
    ...(dense.length ? { denseWeights: Array.from(dense, (w) => Math.round(w * 1e5) / 1e5) } : {}),
    meta: model.meta,
  };
  const version = createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 12);
  return `${JSON.stringify({ version, ...body })}\n`;
}

/** Reads a model written by {@link serializeTopicModel}; a wrong file is an INVALID_PAYLOAD error. */
export function parseTopicModel(json: string): TopicModel {
  let raw: {
    format?: unknown;
    version: string;
    labels: string[];
    features: FeatureOptions;
    bias: number[];
    languages?: string[];
    languageBias?: Record<string, number[]>;
    scales: number[];
    idf: string;
    weights: string;
    denseWeights?: number[];
    meta?: Record<string, unknown>;
  };
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new PipelineError(ErrorCode.INVALID_PAYLOAD, `topic model is not JSON: ${String(error)}`);
  }
  if (raw?.format !== FORMAT) {
    throw new PipelineError(ErrorCode.INVALID_PAYLOAD, `topic model format is not ${FORMAT}`);
  }
  const c = raw.labels.length;
  const q = new Int8Array(inflateSync(Buffer.from(raw.weights, 'base64')).buffer.slice(0));
  const dense = raw.denseWeights ?? [];
  const weights = new Float32Array(q.length + dense.length);
  for (let i = 0; i < q.length; i++) weights[i] = (q[i] as number) * (raw.scales[i % c] as number);
  weights.set(dense, q.length);
  const idfBytes = inflateSync(Buffer.from(raw.idf, 'base64'));
  const idf = Float32Array.from(idfBytes, (b) => b / 16);
  const embedding = raw.features.embedding;
  const vectors = embedding ? shippedWordVectors(embedding.vectors, embedding.version) : undefined;
  if (q.length !== idf.length * c || dense.length !== (vectors?.dims ?? 0) * c) {
    throw new PipelineError(ErrorCode.INVALID_PAYLOAD, 'topic model weights do not match its labels');
  }
  const wordVectors =
    embedding && vectors
      ? wordVectorScorer(
          wordVectorLookup(vectors, raw.features, embedding.sif),
          weights.subarray(q.length),
          c,
          embedding.scale,
        )
      : undefined;
  return {
    version: raw.version,
    labels: raw.labels,
    features: raw.features,
    idf,
    weights,
    ...(wordVectors ? { wordVectors } : {}),
    bias: Float32Array.from(raw.bias),
    languages: Array.isArray(raw.languages) ? raw.languages : [],
    languageBias: Object.fromEntries(
      Object.entries(raw.languageBias ?? {}).map(([l, b]) => [l, Float32Array.from(b)]),
    ),
    meta: raw.meta ?? {},
  };
}
