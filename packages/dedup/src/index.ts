export { type CanonicalChoice, chooseCanonicalUrl } from './canonical-url.js';
export { contentHash, normalizeBody } from './content-hash.js';
export { type ClaimInput, type ClaimResult, SeenSet } from './seen-set.js';
