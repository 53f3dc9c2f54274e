import type { Pipeline } from '@newsflow/queue';

type Redis = Pipeline['connection'];

const seenKey = (prefix: string, key: string) => `${prefix}:fetch:seen:${key}`;

/**
 * Which article keys were marked seen inside the revisit window (a polled source's items
 * already enqueued are not fetched again). Only reads: marking comes after the page jobs are
 * in Redis ({@link markSeen}), so a poll that dies in between enqueues them again, idempotently.
 */
export async function whichSeen(redis: Redis, prefix: string, keys: readonly string[]): Promise<boolean[]> {
  if (keys.length === 0) return [];
  const values = await redis.mget(keys.map((key) => seenKey(prefix, key)));
  return values.map((value) => value !== null);
}

/**
 * Marks article keys as seen for `windowMs` (`SET NX PX`: a key already marked keeps its
 * first mark, and every mark expires by itself). Call it only once the page jobs of these keys
 * are in Redis.
 */
export async function markSeen(
  redis: Redis,
  prefix: string,
  keys: readonly string[],
  windowMs: number,
): Promise<void> {
  if (keys.length === 0) return;
  const multi = redis.multi();
  for (const key of keys) multi.set(seenKey(prefix, key), '1', 'PX', windowMs, 'NX');
  await multi.exec();
}

/** Forgets keys marked seen (a page whose fetch failed for good may be tried on a later poll). */
export async function unmarkSeen(redis: Redis, prefix: string, keys: readonly string[]): Promise<void> {
  if (keys.length) await redis.del(...keys.map((key) => seenKey(prefix, key)));
}
