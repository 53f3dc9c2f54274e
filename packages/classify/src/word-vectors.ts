import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { inflateSync } from 'node:zlib';
import { ErrorCode, PipelineError } from '@newsflow/schema';
import { type FeatureOptions, type SparseVector, wordBucket } from './hash-features.js';

/**
 * Pretrained word vectors (int8 per dimension), vocabulary in frequency order. A linear model
 * trained on headlines reads long articles better with them: words it never saw in training
 * still land near words it did (see `scripts/train-default-model.mjs` for the figures).
 */
export interface WordVectors {
  /** Content hash of the file; a model records the version it was trained with. */
  version: string;
  /** File name in `models/` without `.json`. */
  name: string;
  dims: number;
  /** Word → row (its frequency rank). */
  index: Map<string, number>;
  data: Int8Array;
  scales: Float32Array;
}

const FORMAT = 'newsflow-word-vectors/1';
const MODELS_DIR = new URL('../models/', import.meta.url);
const loaded = new Map<string, WordVectors>();

/** Reads a word-vector file written by `scripts/build-word-vectors.mjs`. */
export function parseWordVectors(name: string, json: string): WordVectors {
  let raw: {
    format?: unknown;
    version: string;
    dims: number;
    words: string[];
    scales: number[];
    vectors: string;
  };
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new PipelineError(ErrorCode.INVALID_PAYLOAD, `word vectors ${name} are not JSON: ${String(error)}`);
  }
  if (raw?.format !== FORMAT) {
    throw new PipelineError(ErrorCode.INVALID_PAYLOAD, `word vectors ${name}: format is not ${FORMAT}`);
  }
  const data = new Int8Array(inflateSync(Buffer.from(raw.vectors, 'base64')).buffer.slice(0));
  if (data.length !== raw.words.length * raw.dims || raw.scales.length !== raw.dims) {
    throw new PipelineError(ErrorCode.INVALID_PAYLOAD, `word vectors ${name}: sizes do not match`);
  }
  return {
    version: raw.version,
    name,
    dims: raw.dims,
    index: new Map(raw.words.map((w, i) => [w, i])),
    data,
    scales: Float32Array.from(raw.scales),
  };
}

/**
 * The word vectors shipped as `models/<name>.json`, read once per process (every model and
 * every reload shares them). A model trained with another version of the file reads the file
 * again (it may have been replaced along with the model) and is refused if it still differs:
 * its weights were learned against those vectors.
 */
export function shippedWordVectors(name: string, version?: string): WordVectors {
  if (!/^[a-z0-9][a-z0-9.-]*$/.test(name)) {
    throw new PipelineError(
      ErrorCode.INVALID_PAYLOAD,
      `word vectors name ${JSON.stringify(name)} is not a file name`,
    );
  }
  let vectors = loaded.get(name);
  if (!vectors || (version && vectors.version !== version)) {
    let json: string;
    try {
      json = readFileSync(fileURLToPath(new URL(`${name}.json`, MODELS_DIR)), 'utf8');
    } catch (error) {
      throw new PipelineError(ErrorCode.INVALID_PAYLOAD, `word vectors ${name} not found: ${String(error)}`);
    }
    vectors = parseWordVectors(name, json);
    loaded.set(name, vectors);
  }
  if (version && vectors.version !== version) {
    throw new PipelineError(
      ErrorCode.INVALID_PAYLOAD,
      `model needs word vectors ${name} version ${version}, the shipped file is ${vectors.version}`,
    );
  }
  return vectors;
}

/** Where a vector file's words fall among a model's hashed word buckets. */
export interface WordVectorLookup {
  vectors: WordVectors;
  /** Word bucket → vocabulary row + 1, 0 for none (16 bits when the vocabulary fits: half the cache misses). */
  rows: Uint16Array | Uint32Array;
  /** Per vocabulary row: its SIF weight a / (a + p(w)). */
  weights: Float32Array;
}

const lookups = new Map<string, WordVectorLookup>();

/**
 * The bucket → word-vector table of a model's features, built once per process per vector file
 * and feature layout. A text's word vectors are then read from the hashed counts the model
 * computes anyway: no second tokenization and no string lookups, which cost more than the rest
 * of the topic model together. Two words in one bucket: the more frequent keeps it. As with the
 * hashed features themselves, a bucket stands for every word in it: in the BBC dev articles 1.0 %
 * of the words are outside the vocabulary yet share a bucket with a word in it, and read that
 * word's vector (2^20 buckets); 0.4 % of the known words read another's. A word with
 * 's ("obama's") reads its stem's vector, as GloVe's tokenizer split it.
 * SIF weights (Arora, Liang & Ma 2017): p(w) is estimated from the frequency rank by Zipf's law
 * (0.1 / (rank + 10)), the file being in frequency order: "the" weighs 0.5 at a = 0.01, content
 * words about 1.
 */
export function wordVectorLookup(
  vectors: WordVectors,
  features: FeatureOptions,
  a: number,
): WordVectorLookup {
  const split = features.charMax > 0 && (features.charWeight ?? 0) > 0;
  const key = `${vectors.version}:${features.bits}:${split}:${a}`;
  let lookup = lookups.get(key);
  if (lookup) return lookup;
  const buckets = split ? 1 << (features.bits - 1) : 1 << features.bits;
  const rows = vectors.index.size < 0xffff ? new Uint16Array(buckets) : new Uint32Array(buckets);
  const words = [...vectors.index.keys()];
  for (const suffix of ['', "'s", '’s']) {
    words.forEach((word, row) => {
      const bucket = wordBucket(word + suffix, features);
      if (rows[bucket] === 0) rows[bucket] = row + 1;
    });
  }
  const weights = Float32Array.from(words, (_, row) => a / (a + 0.1 / (row + 10)));
  lookup = { vectors, rows, weights };
  lookups.set(key, lookup);
  return lookup;
}

/**
 * The SIF-weighted mean word vector of a text, from its hashed counts (shared features, salt 0);
 * null when no word is known.
 */
export function embedCounts(lookup: WordVectorLookup, counts: SparseVector): Float64Array | null {
  const { dims, data, scales } = lookup.vectors;
  const sum = new Float64Array(dims);
  let total = 0;
  for (let i = 0; i < counts.index.length; i++) {
    const bucket = counts.index[i] as number;
    if (bucket >= lookup.rows.length) break; // sorted: the character block from here on
    const row = (lookup.rows[bucket] as number) - 1;
    if (row < 0) continue;
    const weight = (counts.value[i] as number) * (lookup.weights[row] as number);
    total += weight;
    const at = row * dims;
    for (let d = 0; d < dims; d++) sum[d] = (sum[d] as number) + weight * (data[at + d] as number);
  }
  if (total === 0) return null;
  for (let d = 0; d < dims; d++) sum[d] = ((sum[d] as number) * (scales[d] as number)) / total;
  return sum;
}

/**
 * A model's word-vector weights folded into each vocabulary row ahead of time: a text's
 * word-vector scores are then the weighted mean of its words' rows, `labels` additions a word
 * instead of `dims × labels`. Equal to scoring {@link embedCounts} × scale with the weights.
 */
export interface WordVectorScorer {
  lookup: WordVectorLookup;
  /** Row-major `[row * labels + label]`: scale × the row's vector · the label's weights. */
  projection: Float32Array;
  labels: number;
}

/** Builds the scorer of word-vector weights (`dims × labels`, row-major) at a feature scale. */
export function wordVectorScorer(
  lookup: WordVectorLookup,
  weights: Float32Array,
  labels: number,
  scale: number,
): WordVectorScorer {
  const { dims, data, scales } = lookup.vectors;
  const rows = data.length / dims;
  const projection = new Float32Array(rows * labels);
  const folded = new Float64Array(dims * labels);
  for (let d = 0; d < dims; d++)
    for (let k = 0; k < labels; k++)
      folded[d * labels + k] = (weights[d * labels + k] as number) * (scales[d] as number) * scale;
  for (let row = 0; row < rows; row++) {
    for (let d = 0; d < dims; d++) {
      const v = data[row * dims + d] as number;
      if (v === 0) continue;
      for (let k = 0; k < labels; k++)
        projection[row * labels + k] =
          (projection[row * labels + k] as number) + v * (folded[d * labels + k] as number);
    }
  }
  return { lookup, projection, labels };
}

/** Adds a text's word-vector scores (from its hashed counts, salt 0) to its linear scores. */
export function addWordVectorScores(
  scorer: WordVectorScorer,
  counts: SparseVector,
  scores: Float64Array,
): void {
  const { rows, weights } = scorer.lookup;
  const { projection, labels } = scorer;
  const sum = new Float64Array(labels);
  let total = 0;
  for (let i = 0; i < counts.index.length; i++) {
    const bucket = counts.index[i] as number;
    if (bucket >= rows.length) break;
    const row = (rows[bucket] as number) - 1;
    if (row < 0) continue;
    const weight = (counts.value[i] as number) * (weights[row] as number);
    total += weight;
    const at = row * labels;
    for (let k = 0; k < labels; k++) sum[k] = (sum[k] as number) + weight * (projection[at + k] as number);
  }
  if (total === 0) return;
  for (let k = 0; k < labels; k++) scores[k] = (scores[k] as number) + (sum[k] as number) / total;
}
