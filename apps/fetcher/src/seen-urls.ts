import type { Pipeline } from '@newsflow/queue';

type Redis = Pipeline['connection'];

/**
 * Marks article keys as seen for `windowMs` and says which were new: a polled source's items
 * already fetched inside the revisit window are not fetched again. One `SET NX PX` per key,
 * so it is atomic across workers and expires by itself.
 */
export async function markSeen(
  redis: Redis,
  prefix: string,
  keys: readonly string[],
  windowMs: number,
): Promise<boolean[]> {
  if (keys.length === 0) return [];
  const multi = redis.multi();
  for (const key of keys) multi.set(`${prefix}:fetch:seen:${key}`, '1', 'PX', windowMs, 'NX');
  const replies = (await multi.exec()) ?? [];
  return replies.map(([error, reply]) => !error && reply === 'OK');
}

/** Forgets keys marked seen (a page whose fetch failed for good may be tried on a later poll). */
export async function unmarkSeen(redis: Redis, prefix: string, keys: readonly string[]): Promise<void> {
  if (keys.length) await redis.del(...keys.map((key) => `${prefix}:fetch:seen:${key}`));
}
