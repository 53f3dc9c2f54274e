import type { Pipeline } from '@newsflow/queue';

type Redis = Pipeline['connection'];

/** What the fetcher remembers of a polled source, shown by `newsflow sources list`. */
export interface SourceState {
  /** `ok`, `not-modified`, or the error code of the last poll. */
  lastStatus: string | null;
  lastError: string | null;
  lastPolledAt: string | null;
  /** When the next poll is due (ISO); scheduler ticks before it are skipped. */
  nextPollAt: string | null;
  errorStreak: number;
  intervalMs: number | null;
}

/** The Redis hash that holds a source's state. */
export function sourceStateKey(prefix: string, sourceId: string): string {
  return `${prefix}:fetch:source:${sourceId}`;
}

/** Reads a source's state (all fields null / 0 when it was never polled). */
export async function readSourceState(redis: Redis, prefix: string, sourceId: string): Promise<SourceState> {
  const raw = await redis.hgetall(sourceStateKey(prefix, sourceId));
  return {
    lastStatus: raw.lastStatus || null,
    lastError: raw.lastError || null,
    lastPolledAt: raw.lastPolledAt || null,
    nextPollAt: raw.nextPollAt || null,
    errorStreak: Number(raw.errorStreak ?? 0) || 0,
    intervalMs: raw.intervalMs ? Number(raw.intervalMs) : null,
  } satisfies SourceState;
}

/** Updates some fields of a source's state; `null` clears a field. */
export async function writeSourceState(
  redis: Redis,
  prefix: string,
  sourceId: string,
  patch: Partial<SourceState>,
): Promise<void> {
  const key = sourceStateKey(prefix, sourceId);
  const set: Record<string, string> = {};
  const clear: string[] = [];
  for (const [field, value] of Object.entries(patch)) {
    if (value === null || value === undefined) clear.push(field);
    else set[field] = String(value);
  }
  const multi = redis.multi();
  if (Object.keys(set).length) multi.hset(key, set);
  if (clear.length) multi.hdel(key, ...clear);
  await multi.exec();
}

/** Forgets a removed source. */
export async function clearSourceState(redis: Redis, prefix: string, sourceId: string): Promise<void> {
  await redis.del(sourceStateKey(prefix, sourceId));
}
