import {
  type Candidate,
  type ClaimOutcome,
  type ClaimRequest,
  DEFAULT_LIMITS,
  type DedupIndex,
  type HostChrome,
  type IndexLimits,
} from './dedup-index.js';

interface Doc {
  id: string;
  sketch: Buffer;
}

/**
 * The {@link DedupIndex} in one process's memory, with the same decisions as the Redis one
 * (same order of checks, same bucket caps and candidate ranking) but no expiry: for batch
 * runs such as `newsflow dedup --jsonl` and for tests.
 */
export class MemoryDedupIndex implements DedupIndex {
  private readonly urls = new Map<string, string>();
  private readonly bodies = new Map<string, string>();
  private readonly seqOf = new Map<string, number>();
  private readonly clusters = new Map<string, string>();
  private readonly docs = new Map<number, Doc>();
  private readonly buckets = new Map<string, number[]>();
  private seq = 0;

  constructor(private readonly limits: IndexLimits = DEFAULT_LIMITS) {}

  private clusterOf(id: string): string {
    return this.clusters.get(id) ?? (this.seqOf.has(id) ? '' : id);
  }

  async getCluster(articleId: string): Promise<string> {
    return this.clusterOf(articleId);
  }

  async claim(req: ClaimRequest): Promise<ClaimOutcome> {
    const urls = [...new Set(req.urls)];
    for (const url of urls) {
      const owner = this.urls.get(url);
      if (owner !== undefined && owner !== req.articleId)
        return { kind: 'url', owner, ownerCluster: this.clusterOf(owner) };
    }
    for (const url of urls) if (!this.urls.has(url)) this.urls.set(url, req.articleId);
    if (req.canonicalHint) {
      const owner = this.urls.get(req.canonicalHint);
      if (owner !== undefined && owner !== req.articleId)
        return { kind: 'canonical', owner, ownerCluster: this.clusterOf(owner) };
    }
    const bodyOwner = this.bodies.get(req.contentHash);
    if (bodyOwner !== undefined && bodyOwner !== req.articleId)
      return { kind: 'content', owner: bodyOwner, ownerCluster: this.clusterOf(bodyOwner) };
    this.bodies.set(req.contentHash, req.articleId);

    let seq = this.seqOf.get(req.articleId);
    const fresh = seq === undefined;
    if (seq === undefined) {
      seq = ++this.seq;
      this.seqOf.set(req.articleId, seq);
      this.docs.set(seq, { id: req.articleId, sketch: req.sketch });
    }
    const hits = new Map<number, number>();
    for (const key of req.buckets) {
      let bucket = this.buckets.get(key);
      for (const s of bucket ?? []) if (s < seq) hits.set(s, (hits.get(s) ?? 0) + 1);
      if (fresh) {
        if (!bucket) this.buckets.set(key, (bucket = []));
        bucket.unshift(seq);
        if (bucket.length > this.limits.bucketCap) bucket.length = this.limits.bucketCap;
      }
    }
    if (fresh && hits.size === 0) this.clusters.set(req.articleId, req.articleId);
    return { kind: 'candidates', candidates: this.ranked(hits) };
  }

  private ranked(hits: Map<number, number>): Candidate[] {
    const order = [...hits.keys()].sort((a, b) => (hits.get(b) ?? 0) - (hits.get(a) ?? 0) || a - b);
    const out: Candidate[] = [];
    for (const s of order) {
      if (out.length >= this.limits.maxCandidates) break;
      const doc = this.docs.get(s);
      if (doc) out.push({ id: doc.id, clusterId: this.clusterOf(doc.id), sketch: doc.sketch });
    }
    return out;
  }

  async setCluster(articleId: string, clusterId: string): Promise<void> {
    this.clusters.set(articleId, clusterId);
  }
}

/** {@link HostChrome} in memory, bounded like the Redis one: two generations of at most `cap` keys a host. */
export class MemoryHostChrome implements HostChrome {
  private readonly hosts = new Map<string, { cur: Map<number, number>; old: Map<number, number> }>();

  constructor(private readonly cap = 20_000) {}

  async observe(host: string, keys: number[], count = true): Promise<number[]> {
    let gen = this.hosts.get(host);
    if (!gen) this.hosts.set(host, (gen = { cur: new Map(), old: new Map() }));
    const { cur, old } = gen;
    const counts = keys.map((k) => (cur.get(k) ?? 0) + (old.get(k) ?? 0));
    if (!count) return counts;
    for (const k of new Set(keys)) cur.set(k, (cur.get(k) ?? 0) + 1);
    if (cur.size > this.cap) this.hosts.set(host, { cur: new Map(), old: cur });
    return counts;
  }
}
