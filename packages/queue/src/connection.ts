import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection for BullMQ. Workers (`role: 'worker'`) retry commands for ever while
 * Redis is away (BullMQ requires `maxRetriesPerRequest: null`); producers that answer a
 * person (`role: 'producer'`) fail fast instead of hanging.
 */
export function createRedis(url: string, role: 'worker' | 'producer'): Redis {
  const options: RedisOptions =
    role === 'worker'
      ? { maxRetriesPerRequest: null, enableReadyCheck: true }
      : { maxRetriesPerRequest: 3, connectTimeout: 5_000 };
  return new Redis(url, {
    ...options,
    // Reconnect with capped backoff for ever: a worker that stops consuming after a Redis
    // restart is the most reported BullMQ failure.
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 10), 5_000),
    lazyConnect: false,
  });
}

/**
 * True when Redis refused the connection's credentials (a wrong password or user in REDIS_URL,
 * or none given where one is needed): retrying cannot fix it, and "not answering" would send
 * the operator looking at the network instead.
 */
export function isRedisAuthError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return /^(WRONGPASS|NOAUTH)\b|invalid password|invalid username-password|Authentication required/i.test(
    message,
  );
}
