/** What one article asks of the shared index. */
export interface ClaimRequest {
  articleId: string;
  /** Normalized URLs the article is known by (its own, its final URL, a same-site canonical). */
  urls: string[];
  /** A canonical URL on another site that the page declares (a syndication hint), normalized. */
  canonicalHint: string | null;
  /** Hash of the normalized body (the exact layer). */
  contentHash: string;
  /** LSH bucket keys: one per band, then the lead anchor when there is one. */
  buckets: string[];
  /** The encoded sketch later articles verify against. */
  sketch: Buffer;
}

/** An earlier article that shares a bucket with this one. */
export interface Candidate {
  id: string;
  /** The cluster it joined, or '' while its own worker is still verifying it. */
  clusterId: string;
  sketch: Buffer;
}

/**
 * The index's answer. `url`, `canonical` and `content` name the earlier article outright;
 * `candidates` lists earlier articles (most shared buckets first, then oldest) still to verify,
 * and the article itself is now indexed, so every later article sees it.
 */
export type ClaimOutcome =
  | { kind: 'url' | 'canonical' | 'content'; owner: string /** '' while pending. */; ownerCluster: string }
  | { kind: 'candidates'; candidates: Candidate[] };

/** Bounds of an index. */
export interface IndexLimits {
  /** Newest entries a bucket keeps (older ones are dropped from it). Default 32. */
  bucketCap: number;
  /** Most candidates returned by one claim. Default 64. */
  maxCandidates: number;
}

export const DEFAULT_LIMITS: IndexLimits = { bucketCap: 32, maxCandidates: 64 };

/**
 * The near-duplicate index shared by dedup workers. `claim` looks up and inserts in one
 * atomic step, so of two copies claimed at the same moment exactly one sees the other.
 */
export interface DedupIndex {
  claim(request: ClaimRequest): Promise<ClaimOutcome>;
  /** Records the story cluster an article joined, for later articles that match it. */
  setCluster(articleId: string, clusterId: string): Promise<void>;
  /** The cluster an article joined; '' while it is pending; the id itself when unknown (expired). */
  getCluster(articleId: string): Promise<string>;
}

/** Per-host paragraph counts, to tell a host's chrome from its articles' text. */
export interface HostChrome {
  /**
   * For each paragraph key, how many earlier articles of `host` carried it; then counts
   * this article's paragraphs (each distinct key once) unless `count` is false (an article
   * seen before, reprocessed: counting it again would turn its own paragraphs into chrome).
   */
  observe(host: string, keys: number[], count?: boolean): Promise<number[]>;
}
