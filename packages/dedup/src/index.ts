export { type CanonicalChoice, chooseCanonicalUrl, urlIdentity } from './canonical-url.js';
export { contentHash, normalizeBody } from './content-hash.js';
export {
  type Candidate,
  type ClaimOutcome,
  type ClaimRequest,
  DEFAULT_LIMITS,
  type DedupIndex,
  type HostChrome,
  type IndexLimits,
} from './dedup-index.js';
export {
  type DedupDecision,
  type DedupInput,
  Deduplicator,
  type DeduplicatorOptions,
  hostOf,
  type MatchedBy,
} from './deduplicator.js';
export { MemoryDedupIndex, MemoryHostChrome } from './memory-dedup-index.js';
export { bandKeys, estimateJaccard, minhashSignature, PERMUTATIONS } from './minhash.js';
export { RedisDedupIndex } from './redis-dedup-index.js';
export { RedisHostChrome } from './redis-host-chrome.js';
export {
  compareSketches,
  DEFAULT_VERIFY,
  decodeSketch,
  encodeSketch,
  isNearDuplicate,
  type Similarity,
  type Sketch,
  sketchOf,
  type VerifyOptions,
} from './sketch.js';
export { stripDateline, type TextFeatures, textFeatures, tokenize } from './text-features.js';
