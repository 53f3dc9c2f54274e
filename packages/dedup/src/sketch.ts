import { estimateJaccard, minhashSignature, PERMUTATIONS } from './minhash.js';
import type { TextFeatures } from './text-features.js';

/** Most title words a sketch keeps (short items compare titles). */
const MAX_TITLE_WORDS = 24;

/**
 * What the index keeps of one article to verify later candidates against: the MinHash
 * signature cut to 16 bits a value (chance agreement 1/65536, negligible), the shingle count
 * (for containment), the lead hash and the title's word hashes. ~330 bytes.
 */
export interface Sketch {
  signature: Uint16Array;
  shingles: number;
  leadHash: number;
  titleWords: Uint32Array;
}

/** The sketch of an article's features; `signature` is its full 32-bit MinHash signature when already computed. */
export function sketchOf(features: TextFeatures, signature = minhashSignature(features.shingles)): Sketch {
  return {
    signature: Uint16Array.from(signature, (v) => v & 0xffff),
    shingles: features.shingles.length,
    leadHash: features.leadHash,
    titleWords: features.titleWords.slice(0, MAX_TITLE_WORDS),
  };
}

/** Binary form: u32 shingles, u32 lead hash, u16 title word count, signature, title words (little-endian). */
export function encodeSketch(sketch: Sketch): Buffer {
  const buf = Buffer.alloc(10 + PERMUTATIONS * 2 + sketch.titleWords.length * 4);
  buf.writeUInt32LE(sketch.shingles, 0);
  buf.writeUInt32LE(sketch.leadHash >>> 0, 4);
  buf.writeUInt16LE(sketch.titleWords.length, 8);
  let at = 10;
  for (let i = 0; i < PERMUTATIONS; i++, at += 2) buf.writeUInt16LE(sketch.signature[i] ?? 0, at);
  for (const word of sketch.titleWords) {
    buf.writeUInt32LE(word >>> 0, at);
    at += 4;
  }
  return buf;
}

/** Reads {@link encodeSketch}'s form; throws a RangeError on a truncated buffer. */
export function decodeSketch(buf: Buffer): Sketch {
  const titles = buf.readUInt16LE(8);
  if (buf.length !== 10 + PERMUTATIONS * 2 + titles * 4) throw new RangeError('sketch has the wrong length');
  const signature = new Uint16Array(PERMUTATIONS);
  let at = 10;
  for (let i = 0; i < PERMUTATIONS; i++, at += 2) signature[i] = buf.readUInt16LE(at);
  const titleWords = new Uint32Array(titles);
  for (let i = 0; i < titles; i++, at += 4) titleWords[i] = buf.readUInt32LE(at);
  return { signature, shingles: buf.readUInt32LE(0), leadHash: buf.readUInt32LE(4), titleWords };
}

/** How alike two sketches are. */
export interface Similarity {
  /** Estimated Jaccard similarity of the shingle sets. */
  jaccard: number;
  /** Estimated share of the smaller set inside the larger one. */
  containment: number;
  /** Shingles of the smaller article. */
  smaller: number;
  /** Both start with the same lead words. */
  sameLead: boolean;
  /** Share of the shorter title's words found in the other title. */
  title: number;
}

/** Compares two sketches (symmetric). */
export function compareSketches(a: Sketch, b: Sketch): Similarity {
  const jaccard = estimateJaccard(a.signature, b.signature);
  const smaller = Math.min(a.shingles, b.shingles);
  // |A∩B| = J·(|A|+|B|)/(1+J), from the definition of J.
  const shared = (jaccard * (a.shingles + b.shingles)) / (1 + jaccard);
  const containment = smaller === 0 ? 0 : Math.min(1, shared / smaller);
  let common = 0;
  const other = new Set(b.titleWords);
  for (const word of a.titleWords) if (other.has(word)) common++;
  const shorter = Math.min(a.titleWords.length, b.titleWords.length);
  return {
    jaccard,
    containment,
    smaller,
    sameLead: a.leadHash !== 0 && a.leadHash === b.leadHash,
    title: shorter === 0 ? 0 : common / shorter,
  };
}

/** Thresholds of {@link isNearDuplicate}. */
export interface VerifyOptions {
  /** Jaccard at or above which two articles are copies. Default 0.5. */
  minJaccard: number;
  /** Containment at or above which the smaller is a (lead-only or trimmed) copy. Default 0.8. */
  minContainment: number;
  /** Fewest shingles for containment alone to count. Default 8. */
  minContainedShingles: number;
  /** Below this many shingles an item is short and needs the same lead or a similar title too. Default 30. */
  shortShingles: number;
  /** Title word overlap that confirms a short item. Default 0.5. */
  minTitle: number;
}

export const DEFAULT_VERIFY: VerifyOptions = {
  minJaccard: 0.5,
  minContainment: 0.8,
  minContainedShingles: 8,
  shortShingles: 30,
  minTitle: 0.5,
};

/**
 * The verification rule: Jaccard, or containment (a lead-only copy inside its full original);
 * a short item also needs its exact lead or a similar title. Returns the similarity to report
 * (the larger of Jaccard and containment), or null when the pair is not a copy.
 */
export function isNearDuplicate(s: Similarity, options: VerifyOptions = DEFAULT_VERIFY): number | null {
  const ok =
    s.jaccard >= options.minJaccard ||
    (s.containment >= options.minContainment && s.smaller >= options.minContainedShingles);
  if (!ok) return null;
  if (s.smaller < options.shortShingles && !s.sameLead && s.title < options.minTitle) return null;
  return Math.max(s.jaccard, s.containment);
}
