import type { Redis, Result } from 'ioredis';
import type { HostChrome } from './dedup-index.js';

/**
 * KEYS: current and previous generation of one host's paragraph counts. ARGV: cap, ttl,
 * count (1, or 0 to only read), keys.
 * Counts are read from both generations, then this article's distinct keys are counted in the
 * current one; when it holds more than `cap` keys it becomes the previous generation (the
 * older one is dropped), so a host never holds more than 2 × cap counts and its chrome, seen
 * on every page, is counted again at once.
 */
const OBSERVE_SCRIPT = `
local cap = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local out, seen = {}, {}
for i = 4, #ARGV do
  local a = tonumber(redis.call('HGET', KEYS[1], ARGV[i]) or 0)
  local b = tonumber(redis.call('HGET', KEYS[2], ARGV[i]) or 0)
  out[#out + 1] = a + b
end
if ARGV[3] == '0' then return out end
for i = 4, #ARGV do
  if not seen[ARGV[i]] then
    seen[ARGV[i]] = true
    redis.call('HINCRBY', KEYS[1], ARGV[i], 1)
  end
end
if #ARGV > 3 then
  if redis.call('HLEN', KEYS[1]) > cap then
    redis.call('RENAME', KEYS[1], KEYS[2])
  else
    redis.call('EXPIRE', KEYS[1], ttl)
  end
  if redis.call('EXISTS', KEYS[2]) == 1 then redis.call('EXPIRE', KEYS[2], ttl) end
end
return out
`;

/** {@link HostChrome} in Redis: per host, two bounded generations of paragraph counts, expiring after the window. */
export class RedisHostChrome implements HostChrome {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly windowSeconds: number,
    private readonly cap = 20_000,
  ) {
    redis.defineCommand('dedupObserveChrome', { numberOfKeys: 2, lua: OBSERVE_SCRIPT });
  }

  async observe(host: string, keys: number[], count = true): Promise<number[]> {
    const base = `${this.prefix}:dedup:chrome:${host}`;
    const counts = await this.redis.dedupObserveChrome(
      `${base}:cur`,
      `${base}:old`,
      String(this.cap),
      String(Math.max(1, Math.round(this.windowSeconds))),
      count ? '1' : '0',
      ...keys.map((k) => k.toString(36)),
    );
    return counts.map(Number);
  }
}

declare module 'ioredis' {
  interface RedisCommander<Context> {
    dedupObserveChrome(cur: string, old: string, ...args: string[]): Result<number[], Context>;
  }
}
