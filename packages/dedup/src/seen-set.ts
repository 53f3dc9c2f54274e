import { createHash } from 'node:crypto';
import type { Redis, Result } from 'ioredis';

/**
 * Check-and-claim in one Lua script, so two dedup workers given two copies at the same
 * moment cannot both call theirs the original.
 *
 * KEYS: the URL keys, then the body key (last). ARGV: article id, TTL seconds.
 * A URL already claimed by another article makes this one that article (an alias); else a
 * body already claimed by another article makes this one its duplicate. The article's own
 * URLs are claimed either way (NX), and every key it owns gets its TTL renewed.
 * Returns { duplicateOf or '', 'url' | 'content' | '' }.
 */
const CLAIM_SCRIPT = `
local id = ARGV[1]
local ttl = tonumber(ARGV[2])
local nurl = #KEYS - 1
local body = KEYS[#KEYS]
for i = 1, nurl do
  local owner = redis.call('GET', KEYS[i])
  if owner and owner ~= id then return { owner, 'url' } end
end
for i = 1, nurl do
  redis.call('SET', KEYS[i], id, 'NX')
  redis.call('EXPIRE', KEYS[i], ttl)
end
local owner = redis.call('GET', body)
if owner and owner ~= id then return { owner, 'content' } end
redis.call('SET', body, id, 'EX', ttl)
return { '', '' }
`;

export interface ClaimInput {
  articleId: string;
  urls: string[];
  contentHash: string;
}

export interface ClaimResult {
  duplicateOf: string | null;
  matchedBy: 'url' | 'content' | null;
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('hex').slice(0, 32);
}

/**
 * The shared seen-set of every dedup worker: canonical URLs and body hashes in Redis,
 * each entry expiring after the dedup window.
 */
export class SeenSet {
  constructor(
    private readonly redis: Redis,
    /** Key prefix; a `{hash tag}` keeps every key in one Redis Cluster slot. */
    private readonly prefix: string,
    private readonly windowSeconds: number,
  ) {
    // Defining it again on a shared connection is harmless: ioredis keeps one script.
    redis.defineCommand('claimArticle', { lua: CLAIM_SCRIPT });
  }

  /** Atomically checks the article's URLs and body against the set and claims what is free. */
  async claim(input: ClaimInput): Promise<ClaimResult> {
    const urlKeys = [...new Set(input.urls)].map((url) => `${this.prefix}:dedup:url:${digest(url)}`);
    const bodyKey = `${this.prefix}:dedup:body:${input.contentHash}`;
    const [owner, kind] = (await this.redis.claimArticle(
      urlKeys.length + 1,
      ...urlKeys,
      bodyKey,
      input.articleId,
      String(this.windowSeconds),
    )) as [string, string];
    if (!owner) return { duplicateOf: null, matchedBy: null };
    return { duplicateOf: owner, matchedBy: kind === 'url' ? 'url' : 'content' };
  }
}

declare module 'ioredis' {
  interface RedisCommander<Context> {
    claimArticle(numKeys: number, ...args: string[]): Result<[string, string], Context>;
  }
}
