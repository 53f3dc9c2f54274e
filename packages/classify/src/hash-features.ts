/** How a text becomes hashed features; stored in the model so prediction matches training. */
export interface FeatureOptions {
  /** log2 of the number of hash buckets. */
  bits: number;
  /** Word n-grams up to this length (1 = unigrams only). */
  wordNgrams: number;
  /** Character n-grams inside each word (padded with boundary marks), from min to max; 0 = none. */
  charMin: number;
  charMax: number;
  /** Only the first this many characters are read: the lead of a long article says what it is about. */
  maxChars: number;
  /**
   * When set, words (and word bigrams) hash into the lower half of the buckets and character
   * n-grams into the upper half, and each half is scaled to unit length on its own before the
   * two are mixed in the ratio 1 : charWeight. Without it the far more numerous character
   * n-grams drown the words. Absent in models trained before it existed. 0.5 was chosen by
   * 5-fold cross-validation on BBC and AG DEV (with l2 0.003: 0.9768 / 0.8877 against 0.9746 /
   * 0.8867 for 1).
   */
  charWeight?: number;
  /** When set, the text's mean word vector is a block of its own next to the hashed features. */
  embedding?: EmbeddingOptions;
}

/** Pretrained word vectors as features (see `word-vectors.ts`). */
export interface EmbeddingOptions {
  /** The word-vector file in `models/`, without `.json`. */
  vectors: string;
  /** Its version (content hash), filled in by training; a model is read only with that file. */
  version?: string;
  /** Weight of the unit-length mean word vector beside the unit-length hashed features. */
  scale: number;
  /** SIF smoothing `a` of the word weights a / (a + p(w)). */
  sif: number;
}

/**
 * The shipped word vectors as the shipped model reads them (chosen on half A of the BBC dev
 * articles, see `scripts/train-default-model.mjs`); `train-classifier --word-vectors` uses them too.
 */
export const SHIPPED_EMBEDDING: EmbeddingOptions = { vectors: 'glove-6b-100d-50k', scale: 1, sif: 0.01 };

export const DEFAULT_FEATURES: FeatureOptions = {
  bits: 18,
  wordNgrams: 1,
  charMin: 2,
  charMax: 4,
  maxChars: 3_000,
  charWeight: 0.5,
};

/** A sparse vector: sorted unique bucket indices and their values. */
export interface SparseVector {
  index: Uint32Array;
  value: Float32Array;
}

const TOKEN = /[\p{L}\p{N}][\p{L}\p{N}\p{M}'’]*/gu;
const WORD_SEED = 0x811c9dc5;
const BIGRAM_SEED = 0x01000193;
const CHAR_SEED = 0x9e3779b1;

/** Scripts written without spaces: their runs are cut into single characters as words. */
const NO_SPACES = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}]/u;

let buffer = new Uint32Array(1 << 14);

function push(at: number, bucket: number): number {
  if (at >= buffer.length) {
    const bigger = new Uint32Array(buffer.length * 2);
    bigger.set(buffer);
    buffer = bigger;
  }
  buffer[at] = bucket;
  return at + 1;
}

/** Whether words and character n-grams live in separate halves of the buckets. */
function splitsBlocks(options: Pick<FeatureOptions, 'charMax' | 'charWeight'>): boolean {
  return options.charMax > 0 && (options.charWeight ?? 0) > 0;
}

/** The bucket of a (lower-case) word in the shared features: where {@link hashFeatures} counts it. */
export function wordBucket(word: string, options: FeatureOptions): number {
  const mask = splitsBlocks(options) ? (1 << (options.bits - 1)) - 1 : (1 << options.bits) - 1;
  return hashString(WORD_SEED, word) & mask;
}

/** 32-bit FNV-1a of a string's UTF-16 code units. */
export function hashString(seed: number, s: string): number {
  let h = seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The hash salt of a language's own features (0, the shared space, for none). */
export function languageSalt(language: string | null | undefined): number {
  return language ? hashString(0x6c62272e, language) : 0;
}

/**
 * Counts the hashed word n-grams and in-word character n-grams of a text. Returns term
 * counts (not yet weighted) as a sparse vector with sorted indices. A non-zero `salt` (see
 * {@link languageSalt}) hashes every feature elsewhere: a language trained from its own rows
 * then has its own weights and leaves the other languages' weights alone (up to collisions).
 */
export function hashFeatures(text: string, options: FeatureOptions, salt = 0): SparseVector {
  const blocks = splitsBlocks(options);
  const mask = blocks ? (1 << (options.bits - 1)) - 1 : (1 << options.bits) - 1;
  const charBlock = blocks ? 1 << (options.bits - 1) : 0;
  const sample = (text.length > options.maxChars ? text.slice(0, options.maxChars) : text).toLowerCase();
  let n = 0;
  let prev = 0;
  let hasPrev = false;
  const spaced = !NO_SPACES.test(sample);
  for (const match of sample.matchAll(TOKEN)) {
    const words = spaced || !NO_SPACES.test(match[0]) ? [match[0]] : [...match[0]];
    for (const word of words) {
      const h = hashString(WORD_SEED ^ salt, word);
      n = push(n, h & mask);
      if (options.wordNgrams > 1 && hasPrev)
        n = push(n, (Math.imul(prev ^ BIGRAM_SEED, 0x5bd1e995) ^ h) & mask);
      prev = h;
      hasPrev = true;
      n = charGrams(`<${word}>`, options, mask, charBlock, salt, n);
    }
    if (words.length > 1) n = charGrams(match[0], options, mask, charBlock, salt, n);
  }
  return countBuckets(n);
}

function charGrams(
  padded: string,
  options: FeatureOptions,
  mask: number,
  block: number,
  salt: number,
  start: number,
): number {
  let n = start;
  if (options.charMax <= 0) return n;
  const len = padded.length;
  for (let i = 0; i < len; i++) {
    let h = CHAR_SEED ^ salt;
    const end = Math.min(len, i + options.charMax);
    for (let j = i; j < end; j++) {
      h = Math.imul(h ^ padded.charCodeAt(j), 0x01000193);
      if (j - i + 1 >= options.charMin) n = push(n, ((h >>> 0) & mask) | block);
    }
  }
  return n;
}

function countBuckets(n: number): SparseVector {
  const sorted = buffer.subarray(0, n).sort();
  let unique = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) unique++;
  const index = new Uint32Array(unique);
  const value = new Float32Array(unique);
  let k = -1;
  for (let i = 0; i < n; i++) {
    if (i === 0 || sorted[i] !== sorted[i - 1]) {
      k++;
      index[k] = sorted[i] as number;
    }
    value[k] = (value[k] as number) + 1;
  }
  return { index, value };
}

/**
 * Sublinear TF times IDF, scaled to unit length: long articles and headlines land on one scale.
 * With `charWeight` the word and character halves are scaled separately (see {@link FeatureOptions}).
 */
export function weightFeatures(
  counts: SparseVector,
  idf: Float32Array,
  features?: Pick<FeatureOptions, 'bits' | 'charMax' | 'charWeight'>,
): SparseVector {
  const value = new Float32Array(counts.value.length);
  const split = features && splitsBlocks(features) ? 1 << (features.bits - 1) : idf.length;
  let wordNorm = 0;
  let charNorm = 0;
  for (let i = 0; i < value.length; i++) {
    const at = counts.index[i] as number;
    const w = (1 + Math.log(counts.value[i] as number)) * (idf[at] as number);
    value[i] = w;
    if (at < split) wordNorm += w * w;
    else charNorm += w * w;
  }
  const cw = split < idf.length ? (features?.charWeight as number) : 0;
  const mix = 1 / Math.sqrt(1 + (charNorm > 0 ? cw * cw : 0));
  const wordScale = wordNorm > 0 ? (split < idf.length ? mix : 1) / Math.sqrt(wordNorm) : 0;
  const charScale = charNorm > 0 ? (cw * mix) / Math.sqrt(charNorm) : 0;
  for (let i = 0; i < value.length; i++)
    value[i] = (value[i] as number) * ((counts.index[i] as number) < split ? wordScale : charScale);
  return { index: counts.index, value };
}

/**
 * Appends a dense block (scaled) after the hashed buckets, at indices `base` and up: the linear
 * model then has one weight row per dimension there. A null block (no known word) adds nothing.
 */
export function appendDense(
  x: SparseVector,
  dense: Float64Array | null,
  base: number,
  scale: number,
): SparseVector {
  if (!dense) return x;
  const k = x.index.length;
  const index = new Uint32Array(k + dense.length);
  const value = new Float32Array(k + dense.length);
  index.set(x.index);
  value.set(x.value);
  for (let d = 0; d < dense.length; d++) {
    index[k + d] = base + d;
    value[k + d] = (dense[d] as number) * scale;
  }
  return { index, value };
}
