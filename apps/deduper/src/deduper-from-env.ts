import { Deduplicator, RedisDedupIndex, RedisHostChrome } from '@newsflow/dedup';
import { createRedis, DEFAULT_REDIS_URL, type StageDefinition } from '@newsflow/queue';
import type { Redis } from 'ioredis';
import { dedupStage } from './dedup-stage.js';
import type { DeduperEnv } from './env.js';

/** The shared Redis dedup index (URL, body, LSH buckets, host chrome) under `prefix`, expiring after `windowDays`. */
export function redisDeduplicator(redis: Redis, prefix: string, windowDays: number): Deduplicator {
  const window = Math.round(windowDays * 86_400);
  return new Deduplicator(
    new RedisDedupIndex(redis, prefix, window),
    new RedisHostChrome(redis, prefix, window),
  );
}

/** Builds the dedup stage with its own connection to the shared index (same Redis, same prefix). */
export function deduperFromEnv(env: DeduperEnv): StageDefinition<'dedup'> {
  const redis = createRedis(env.REDIS_URL ?? DEFAULT_REDIS_URL, 'worker');
  // Same Redis as the worker's connection, which logs its errors (worker-process.ts); without
  // a listener, ioredis printed each one again as "Unhandled error event" with its stack.
  redis.on('error', () => undefined);
  const dedup = redisDeduplicator(redis, env.NEWSFLOW_QUEUE_PREFIX, env.DEDUP_WINDOW_DAYS);
  return {
    ...dedupStage({ dedup, concurrency: env.CONCURRENCY }),
    close: async () => {
      await redis.quit();
    },
  };
}
