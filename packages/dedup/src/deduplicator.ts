import { urlIdentity } from './canonical-url.js';
import { contentHash } from './content-hash.js';
import type { DedupIndex, HostChrome } from './dedup-index.js';
import { bandKeys, minhashSignature, PERMUTATIONS } from './minhash.js';
import {
  compareSketches,
  DEFAULT_VERIFY,
  decodeSketch,
  encodeSketch,
  isNearDuplicate,
  sketchOf,
  type VerifyOptions,
} from './sketch.js';
import { paragraphKey, splitParagraphs, textFeatures } from './text-features.js';

/** One article as dedup sees it. */
export interface DedupInput {
  /** The article's id (the pipeline's article key). */
  id: string;
  title?: string | null;
  text: string;
  /** Normalized URLs the article is known by; the first one's host is its outlet. */
  urls?: string[];
  /** A canonical URL on another site the page declares, normalized: a `duplicateOf` hint. */
  canonicalHint?: string | null;
  /**
   * The article went through dedup before (`newsflow reprocess`): its paragraphs are not
   * counted again towards its host's chrome.
   */
  seenBefore?: boolean;
}

/** Which layer found the earlier copy. */
export type MatchedBy = 'url' | 'canonical' | 'content' | 'near';

/** What dedup decided for one article. */
export interface DedupDecision {
  contentHash: string;
  /** The earlier article this one copies, or null when it is the first seen. */
  duplicateOf: string | null;
  /** Similarity to `duplicateOf` (1 for the same URL or body), or null. */
  similarity: number | null;
  /** The story cluster: the first-seen article's id (its own id for an original). */
  clusterId: string;
  matchedBy: MatchedBy | null;
  /** Earlier articles verified (bounded by the index's candidate cap). */
  candidates: number;
}

/** Settings of a {@link Deduplicator}. */
export interface DeduplicatorOptions {
  /** LSH bands × rows must equal the signature length (128). Default 32 × 4. */
  bands: number;
  rows: number;
  /** Earlier articles of the same host that must have carried a paragraph for it to be chrome. Default 3. */
  chromeMinCount: number;
  verify: VerifyOptions;
  /** How long to wait for a pending earlier article's cluster. Default 2000 ms. */
  pendingWaitMs: number;
}

const DEFAULTS: DeduplicatorOptions = {
  bands: 32,
  rows: 4,
  chromeMinCount: 3,
  verify: DEFAULT_VERIFY,
  pendingWaitMs: 2_000,
};

/**
 * The three dedup layers over a shared index: URL, exact body hash, and near-duplicates
 * (MinHash LSH over word shingles of the content, host chrome and dateline removed, verified
 * by Jaccard and containment). The index decides who came first; this class verifies.
 */
export class Deduplicator {
  private readonly options: DeduplicatorOptions;

  constructor(
    private readonly index: DedupIndex,
    private readonly chrome: HostChrome | null,
    options: Partial<DeduplicatorOptions> = {},
  ) {
    this.options = { ...DEFAULTS, ...options };
    if (this.options.bands * this.options.rows !== PERMUTATIONS)
      throw new RangeError(`bands × rows must be ${PERMUTATIONS}`);
  }

  async dedup(input: DedupInput): Promise<DedupDecision> {
    const hash = contentHash(input.text);
    const urls = input.urls ?? [];
    const isChrome = await this.chromeOf(hostOf(urls[0]), input.text, !input.seenBefore);
    const features = textFeatures(input.text, input.title ?? null, isChrome);
    const signature = minhashSignature(features.shingles);
    const buckets: string[] = [];
    if (features.shingles.length > 0) {
      bandKeys(signature, this.options.bands, this.options.rows).forEach((key, band) => {
        buckets.push(`${band}:${key.toString(36)}`);
      });
      if (features.leadHash !== 0) buckets.push(`lead:${features.leadHash.toString(36)}`);
    }
    const sketch = sketchOf(features, signature);
    const outcome = await this.index.claim({
      articleId: input.id,
      urls: urls.map(urlIdentity).filter((u): u is string => u !== null),
      canonicalHint: input.canonicalHint ? urlIdentity(input.canonicalHint) : null,
      contentHash: hash,
      buckets,
      sketch: encodeSketch(sketch),
    });
    if (outcome.kind !== 'candidates') {
      const clusterId = await this.settled(outcome.owner, outcome.ownerCluster);
      if (clusterId === input.id) return this.original(input.id, hash, 0);
      await this.index.setCluster(input.id, clusterId);
      return {
        contentHash: hash,
        duplicateOf: outcome.owner,
        similarity: outcome.kind === 'canonical' ? null : 1,
        clusterId,
        matchedBy: outcome.kind,
        candidates: 0,
      };
    }
    let best: { id: string; clusterId: string; similarity: number } | null = null;
    for (const candidate of outcome.candidates) {
      const similarity = isNearDuplicate(
        compareSketches(sketch, decodeSketch(candidate.sketch)),
        this.options.verify,
      );
      if (similarity !== null && (best === null || similarity > best.similarity))
        best = { id: candidate.id, clusterId: candidate.clusterId, similarity };
    }
    const candidates = outcome.candidates.length;
    if (!best) return this.original(input.id, hash, candidates);
    const clusterId = await this.settled(best.id, best.clusterId);
    if (clusterId === input.id) return this.original(input.id, hash, candidates);
    await this.index.setCluster(input.id, clusterId);
    return {
      contentHash: hash,
      duplicateOf: best.id,
      similarity: Math.round(best.similarity * 1000) / 1000,
      clusterId,
      matchedBy: 'near',
      candidates,
    };
  }

  /**
   * The article is the first-seen copy of its story. Also when the match found is a member
   * of its own cluster: that is one of its later copies, found again when the article is
   * reprocessed (after its own index entries expired), and a copy cannot be the original.
   */
  private async original(id: string, hash: string, candidates: number): Promise<DedupDecision> {
    if (candidates > 0) await this.index.setCluster(id, id);
    return {
      contentHash: hash,
      duplicateOf: null,
      similarity: null,
      clusterId: id,
      matchedBy: null,
      candidates,
    };
  }

  /**
   * The cluster of an earlier article that another worker is still verifying: waits (briefly)
   * until it is set, so copies claimed at the same moment all join the first-seen article's
   * cluster. A worker that died mid-article leaves it pending: after the wait, the article
   * itself is the cluster.
   */
  private async settled(id: string, clusterId: string): Promise<string> {
    let cluster = clusterId;
    for (let waited = 0; cluster === '' && waited < this.options.pendingWaitMs; waited += 5) {
      await new Promise((resolve) => setTimeout(resolve, 5));
      cluster = await this.index.getCluster(id);
    }
    return cluster === '' ? id : cluster;
  }

  /** Which paragraphs are the host's chrome: carried by enough earlier pages of the same host. */
  private async chromeOf(host: string | null, text: string, count: boolean): Promise<(i: number) => boolean> {
    if (!this.chrome || !host) return () => false;
    const counts = await this.chrome.observe(host, splitParagraphs(text).map(paragraphKey), count);
    return (i) => (counts[i] ?? 0) >= this.options.chromeMinCount;
  }
}

/** The outlet of a URL: its host without `www.`, or null. */
export function hostOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}
