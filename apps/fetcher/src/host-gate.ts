import { randomBytes } from 'node:crypto';
import type { Redis, Result } from 'ioredis';

/**
 * KEYS: next-start time, in-flight leases (zset), waiters (zset of job id → turn).
 * ARGV: delay ms, concurrency (0 = unbounded: no lease is recorded), lease token, lease ms, job id.
 * Returns 0 when the caller may start now (its lease is recorded), else the ms to wait.
 * Time comes from Redis so workers on skewed clocks still agree.
 */
const ACQUIRE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local delay = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local lease = tonumber(ARGV[4])
local job = ARGV[5]
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - 60000)
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
local busy = limit > 0 and redis.call('ZCARD', KEYS[2]) >= limit
if nextAt <= now and not busy then
  redis.call('SET', KEYS[1], now + delay, 'PX', delay + 60000)
  if limit > 0 then
    redis.call('ZADD', KEYS[2], now + lease, ARGV[3])
    redis.call('PEXPIRE', KEYS[2], lease + 60000)
  end
  redis.call('ZREM', KEYS[3], job)
  return 0
end
local step = math.max(delay, 100)
local turn = math.max(nextAt, now + 1)
if busy then
  local first = redis.call('ZRANGE', KEYS[2], 0, 0, 'WITHSCORES')
  turn = math.max(turn, math.min(tonumber(first[2]), now + step))
end
local mine = redis.call('ZSCORE', KEYS[3], job)
if not mine then
  -- Queue behind the other waiters so they do not all wake at once.
  local last = redis.call('ZRANGE', KEYS[3], -1, -1, 'WITHSCORES')
  if last[2] then turn = math.max(turn, tonumber(last[2]) + step) end
end
redis.call('ZADD', KEYS[3], turn, job)
redis.call('PEXPIRE', KEYS[3], turn - now + 120000)
return turn - now
`;

/** Pushes the next start of a host to at least now + ARGV[1] ms (Retry-After, Crawl-delay). */
const PUSH_BACK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > nextAt then redis.call('SET', KEYS[1], until_, 'PX', tonumber(ARGV[1]) + 60000) end
return until_
`;

/**
 * Ends a lease (KEYS: next-start, in-flight; ARGV: token, delay ms) and keeps the host free for
 * `delay` after the response too, so the host sees the spacing even when a request is slow to
 * leave this side.
 */
const RELEASE = `
redis.call('ZREM', KEYS[2], ARGV[1])
local delay = tonumber(ARGV[2])
if delay > 0 then
  local t = redis.call('TIME')
  local until_ = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) + delay
  local nextAt = tonumber(redis.call('GET', KEYS[1]) or '0')
  if until_ > nextAt then redis.call('SET', KEYS[1], until_, 'PX', delay + 60000) end
end
return 0
`;

export interface HostGateOptions {
  /** Longest a lease is held when its holder dies without releasing it. */
  leaseMs: number;
}

/** The answer of {@link HostGate.acquire}: go with a lease to release, or wait. */
export type HostTurn = { go: true; release: () => Promise<void> } | { go: false; waitMs: number };

/**
 * Per-host politeness shared by every fetch worker through Redis: at most one request start
 * per host every `delayMs` (counted from the previous start and from the previous response's
 * end), and at most `concurrency` requests in flight. A caller that may not
 * go gets a wait instead of blocking, so its worker can take jobs for other hosts meanwhile;
 * waiting jobs are given spread-out turns so they do not all wake at once.
 */
export class HostGate {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly options: HostGateOptions,
  ) {
    // EVALSHA after the first call (ioredis caches each script), not the script text twice a
    // page; defining them again on a shared connection is harmless.
    redis.defineCommand('hostGateAcquire', { numberOfKeys: 3, lua: ACQUIRE });
    redis.defineCommand('hostGateRelease', { numberOfKeys: 2, lua: RELEASE });
    redis.defineCommand('hostGatePushBack', { numberOfKeys: 1, lua: PUSH_BACK });
  }

  private keys(host: string): [string, string, string] {
    const base = `${this.prefix}:fetch:host:${host.toLowerCase()}`;
    return [`${base}:next`, `${base}:inflight`, `${base}:waiting`];
  }

  /** Asks to start a request to `host` now, for the job `jobId`. */
  async acquire(host: string, jobId: string, delayMs: number, concurrency: number): Promise<HostTurn> {
    const token = `${jobId}:${randomBytes(4).toString('hex')}`;
    const keys = this.keys(host);
    const wait = Number(
      await this.redis.hostGateAcquire(
        ...keys,
        String(Math.max(0, Math.round(delayMs))),
        String(Math.max(0, concurrency)),
        token,
        String(this.options.leaseMs),
        jobId,
      ),
    );
    if (wait > 0) return { go: false, waitMs: wait };
    // No limit on requests in flight and no spacing after a response: no lease was recorded
    // and there is nothing to release (one Redis round trip less a page).
    if (concurrency <= 0 && delayMs <= 0) return { go: true, release: async () => {} };
    return {
      go: true,
      release: async () => {
        await this.redis.hostGateRelease(keys[0], keys[1], token, String(Math.max(0, Math.round(delayMs))));
      },
    };
  }

  /** Keeps every worker off `host` for `ms` (a Retry-After, a server in trouble). */
  async pushBack(host: string, ms: number): Promise<void> {
    await this.redis.hostGatePushBack(this.keys(host)[0], String(Math.max(0, Math.round(ms))));
  }
}

declare module 'ioredis' {
  interface RedisCommander<Context> {
    hostGateAcquire(...keysThenArgs: string[]): Result<number, Context>;
    hostGateRelease(next: string, inflight: string, token: string, delayMs: string): Result<number, Context>;
    hostGatePushBack(next: string, ms: string): Result<number, Context>;
  }
}
