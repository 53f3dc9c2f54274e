import { createHash } from 'node:crypto';
import type { Redis, Result } from 'ioredis';
import { hashString } from './hash32.js';
import {
  type Candidate,
  type ClaimOutcome,
  type ClaimRequest,
  DEFAULT_LIMITS,
  type DedupIndex,
  type IndexLimits,
} from './dedup-index.js';

/**
 * Look-up and claim in one Lua script, so two dedup workers given two copies at the same
 * moment cannot both call theirs the original: scripts run one at a time, and the second sees
 * the first in its buckets.
 *
 * KEYS: URL keys, [canonical hint key], body key, seq counter, the article's `art` key, the
 * buckets' hash keys in this epoch, then in the previous one. ARGV: id, ttl, #urls, has hint
 * (0/1), sketch, bucket cap, max candidates, doc key prefix, art key prefix, bucket fields.
 *
 * A bucket is a field of a hash (one of 8192 groups per epoch, so a million articles take
 * ~32 small hashes' worth of fields each, not 32 keys each): the newest `cap` sequence
 * numbers, 4 bytes each. Buckets live in epochs one window long and are read from this epoch
 * and the previous one; an epoch's hashes expire two windows after they were created. The
 * article's own entries (`doc`, `art`, URL and body keys) expire after exactly one window,
 * and a bucket entry whose `doc` is gone is skipped, so nothing older than the window matches. Candidate `doc`/`art` keys are built from the prefixes: they carry the same
 * `{hash tag}`, so they live in the same Redis Cluster slot as the declared keys.
 *
 * Order: a URL owned by another article makes this an alias; a canonical hint owned by
 * another makes this its copy; a body owned by another makes this an exact copy. Otherwise
 * the article gets a sequence number (kept on replay), is pushed onto each bucket (capped,
 * newest first) and the earlier articles in its buckets come back, most shared buckets first.
 */
const CLAIM_SCRIPT = `
local id = ARGV[1]
local ttl = tonumber(ARGV[2])
local nurl = tonumber(ARGV[3])
local hint = tonumber(ARGV[4])
local sketch = ARGV[5]
local cap = tonumber(ARGV[6])
local maxc = tonumber(ARGV[7])
local docp = ARGV[8]
local artp = ARGV[9]
-- ARGV[10..]: one bucket field per bucket; KEYS after the art key: the buckets' hash keys in
-- this epoch, then the same in the previous epoch.
-- The cluster an article joined; '' while its worker still verifies it; itself once expired.
local function clusterOf(owner)
  local c = redis.call('HGET', artp .. owner, 'c')
  if c then return c end
  if redis.call('EXISTS', artp .. owner) == 1 then return '' end
  return owner
end
for i = 1, nurl do
  local owner = redis.call('GET', KEYS[i])
  if owner and owner ~= id then return { 'url', owner, clusterOf(owner) } end
end
for i = 1, nurl do
  redis.call('SET', KEYS[i], id, 'NX')
  redis.call('EXPIRE', KEYS[i], ttl)
end
local k = nurl + 1
if hint == 1 then
  local owner = redis.call('GET', KEYS[k])
  k = k + 1
  if owner and owner ~= id then return { 'canonical', owner, clusterOf(owner) } end
end
local owner = redis.call('GET', KEYS[k])
if owner and owner ~= id then return { 'content', owner, clusterOf(owner) } end
redis.call('SET', KEYS[k], id, 'EX', ttl)
local art = KEYS[k + 2]
local seq = tonumber(redis.call('HGET', art, 's'))
local fresh = false
if not seq then
  seq = redis.call('INCR', KEYS[k + 1])
  fresh = true
  redis.call('HSET', art, 's', seq)
  redis.call('HSET', docp .. seq, 'i', id, 'k', sketch)
  redis.call('EXPIRE', docp .. seq, ttl)
end
redis.call('EXPIRE', art, ttl)
local hits, order = {}, {}
local nb = (#KEYS - k - 2) / 2
for b = 1, nb do
  local cur, prev, field = KEYS[k + 2 + b], KEYS[k + 2 + nb + b], ARGV[9 + b]
  local v = redis.call('HGET', cur, field) or ''
  local all = v .. string.sub(redis.call('HGET', prev, field) or '', 1, cap * 4 - #v)
  for j = 1, #all - 3, 4 do
    local s = struct.unpack('<I4', all, j)
    if s < seq then
      if hits[s] then hits[s] = hits[s] + 1 else hits[s] = 1; order[#order + 1] = s end
    end
  end
  if fresh then
    redis.call('HSET', cur, field, struct.pack('<I4', seq) .. string.sub(v, 1, (cap - 1) * 4))
    redis.call('EXPIRE', cur, 2 * ttl, 'NX')
  end
end
table.sort(order, function(a, b)
  if hits[a] ~= hits[b] then return hits[a] > hits[b] end
  return a < b
end)
-- An article with no earlier candidates is an original at once; else it is pending until
-- its worker has verified the candidates and set its cluster.
if fresh and #order == 0 then redis.call('HSET', art, 'c', id) end
local out = { 'candidates' }
local n = 0
for _, s in ipairs(order) do
  if n >= maxc then break end
  local doc = redis.call('HMGET', docp .. s, 'i', 'k')
  if doc[1] then
    n = n + 1
    out[#out + 1] = doc[1]
    out[#out + 1] = clusterOf(doc[1])
    out[#out + 1] = doc[2]
  end
end
return out
`;

/** KEYS: the article's `art` key. ARGV: cluster id, ttl. */
const GET_CLUSTER_SCRIPT = `
local c = redis.call('HGET', KEYS[1], 'c')
if c then return c end
if redis.call('EXISTS', KEYS[1]) == 1 then return '' end
return ARGV[1]
`;

/** KEYS: the article's `art` key. ARGV: cluster id, ttl. */
const SET_CLUSTER_SCRIPT = `
redis.call('HSET', KEYS[1], 'c', ARGV[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
return 1
`;

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

/**
 * The {@link DedupIndex} in Redis, shared by every dedup worker: URL keys, body hashes, LSH
 * buckets (lists of sequence numbers, capped) and one sketch per indexed article, every key
 * under `prefix` and expiring after the dedup window.
 */
export class RedisDedupIndex implements DedupIndex {
  constructor(
    private readonly redis: Redis,
    /** Key prefix; a `{hash tag}` keeps every key in one Redis Cluster slot. */
    private readonly prefix: string,
    private readonly windowSeconds: number,
    private readonly limits: IndexLimits = DEFAULT_LIMITS,
  ) {
    // Defining it again on a shared connection is harmless: ioredis keeps one script.
    redis.defineCommand('dedupClaim', { lua: CLAIM_SCRIPT });
    redis.defineCommand('dedupSetCluster', { numberOfKeys: 1, lua: SET_CLUSTER_SCRIPT });
    redis.defineCommand('dedupGetCluster', { numberOfKeys: 1, lua: GET_CLUSTER_SCRIPT });
  }

  private key(kind: string, value: string): string {
    return `${this.prefix}:dedup:${kind}:${value}`;
  }

  /** The hash holding each bucket in `epoch`: 8192 groups by the bucket's hash. */
  private bucketKeys(buckets: string[], epoch: number): string[] {
    return buckets.map((b) => `${this.prefix}:dedup:lsh:${epoch}:${hashString(b) >>> 19}`);
  }

  async claim(req: ClaimRequest): Promise<ClaimOutcome> {
    const epoch = Math.floor(Date.now() / 1000 / Math.max(1, this.windowSeconds));
    const urls = [...new Set(req.urls)].map((url) => this.key('url', digest(url)));
    const keys = [
      ...urls,
      ...(req.canonicalHint ? [this.key('url', digest(req.canonicalHint))] : []),
      this.key('body', req.contentHash),
      `${this.prefix}:dedup:seq`,
      this.key('art', req.articleId),
      ...this.bucketKeys(req.buckets, epoch),
      ...this.bucketKeys(req.buckets, epoch - 1),
    ];
    const reply = await this.redis.dedupClaimBuffer(
      keys.length,
      ...keys,
      req.articleId,
      String(Math.max(1, Math.round(this.windowSeconds))),
      String(urls.length),
      req.canonicalHint ? '1' : '0',
      req.sketch,
      String(this.limits.bucketCap),
      String(this.limits.maxCandidates),
      `${this.prefix}:dedup:doc:`,
      `${this.prefix}:dedup:art:`,
      ...req.buckets,
    );
    const kind = reply[0]?.toString();
    if (kind === 'url' || kind === 'canonical' || kind === 'content')
      return { kind, owner: String(reply[1]), ownerCluster: String(reply[2]) };
    const candidates: Candidate[] = [];
    for (let i = 1; i + 2 < reply.length; i += 3) {
      const [id, clusterId, sketch] = [reply[i], reply[i + 1], reply[i + 2]];
      if (!id || !clusterId || !sketch) break;
      candidates.push({ id: id.toString(), clusterId: clusterId.toString(), sketch });
    }
    return { kind: 'candidates', candidates };
  }

  async getCluster(articleId: string): Promise<string> {
    return this.redis.dedupGetCluster(this.key('art', articleId), articleId);
  }

  async setCluster(articleId: string, clusterId: string): Promise<void> {
    await this.redis.dedupSetCluster(
      this.key('art', articleId),
      clusterId,
      String(Math.max(1, Math.round(this.windowSeconds))),
    );
  }
}

declare module 'ioredis' {
  interface RedisCommander<Context> {
    dedupClaimBuffer(numKeys: number, ...args: (string | Buffer)[]): Result<Buffer[], Context>;
    dedupSetCluster(key: string, clusterId: string, ttl: string): Result<number, Context>;
    dedupGetCluster(key: string, articleId: string): Result<string, Context>;
  }
}
