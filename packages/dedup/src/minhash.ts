import { fmix32 } from './hash32.js';

/** Permutations in a signature (bands × rows). */
export const PERMUTATIONS = 128;

/** Deterministic odd multipliers and offsets of the permutation family (seeded, so every worker agrees). */
function permutationParams(n: number): { a: Uint32Array; b: Uint32Array } {
  const a = new Uint32Array(n);
  const b = new Uint32Array(n);
  let state = 0x2545f491;
  for (let i = 0; i < n; i++) {
    state = fmix32((state + 0x9e3779b9) >>> 0);
    a[i] = (state | 1) >>> 0;
    state = fmix32((state + 0x9e3779b9) >>> 0);
    b[i] = state;
  }
  return { a, b };
}

const { a: A, b: B } = permutationParams(PERMUTATIONS);
const A32 = new Int32Array(A.buffer);
const B32 = new Int32Array(B.buffer);
const SIGN = -0x80000000;

/**
 * The MinHash signature of a set of (well-mixed) 32-bit shingle hashes: for each of the
 * {@link PERMUTATIONS} permutations `x -> a·x + b mod 2^32`, the least image over the set.
 * Two sets agree at each position with probability equal to their Jaccard similarity.
 * An empty set gets all 0xffffffff.
 */
export function minhashSignature(shingles: Uint32Array): Uint32Array {
  // Work in int32 with the sign bit flipped: signed order of (v ^ 0x80000000) is the unsigned
  // order of v, and V8 keeps int32 values unboxed, several times faster than uint32 doubles.
  const n = shingles.length;
  const xs = new Int32Array(shingles.buffer, shingles.byteOffset, n);
  const mins = new Int32Array(PERMUTATIONS);
  for (let p = 0; p < PERMUTATIONS; p++) {
    const a = A32[p] as number;
    const b = B32[p] as number;
    let min = 0x7fffffff;
    for (let i = 0; i < n; i++) {
      const v = ((Math.imul(a, xs[i] as number) + b) | 0) ^ SIGN;
      if (v < min) min = v;
    }
    mins[p] = min;
  }
  const sig = new Uint32Array(PERMUTATIONS);
  for (let p = 0; p < PERMUTATIONS; p++) sig[p] = ((mins[p] as number) ^ SIGN) >>> 0;
  return sig;
}

/** Share of positions where two signatures agree: an unbiased estimate of the sets' Jaccard similarity. */
export function estimateJaccard(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = Math.min(x.length, y.length);
  if (n === 0) return 0;
  let same = 0;
  for (let i = 0; i < n; i++) if (x[i] === y[i]) same++;
  return same / n;
}

/**
 * One 32-bit key per LSH band (`bands` × `rows` = signature length): two signatures share
 * a band key when they agree on all of that band's rows.
 */
export function bandKeys(sig: Uint32Array, bands: number, rows: number): Uint32Array {
  const keys = new Uint32Array(bands);
  for (let band = 0; band < bands; band++) {
    let h = fmix32((band + 1) >>> 0);
    for (let r = 0; r < rows; r++)
      h = fmix32((Math.imul(h, 0x9e3779b1) ^ (sig[band * rows + r] as number)) >>> 0);
    keys[band] = h;
  }
  return keys;
}
