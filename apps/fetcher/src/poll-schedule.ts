import type { PollSchedule } from '@newsflow/schema';

const DAY_MS = 24 * 3_600_000;
const WEEK_MS = 7 * DAY_MS;
/** Errors back off from the source's shortest interval, doubling per error in a row, up to this. */
export const MAX_ERROR_BACKOFF_MS = DAY_MS;

/**
 * The next poll interval after a successful poll, Miniflux-style: a week divided by the
 * entries published in the last week, bounded by the source's min and max. When the items
 * carry no dates, new items shorten the interval to the minimum and a poll with none
 * lengthens it by half.
 */
export function nextInterval(
  schedule: PollSchedule,
  previousMs: number | null,
  itemDates: (string | null)[],
  newItems: number,
  now: number = Date.now(),
): number {
  const clamp = (ms: number) => Math.min(schedule.maxMs, Math.max(schedule.minMs, Math.round(ms)));
  const times = itemDates.map((d) => (d ? Date.parse(d) : Number.NaN)).filter((t) => Number.isFinite(t));
  if (times.length > 0) {
    const lastWeek = times.filter((t) => t > now - WEEK_MS && t <= now + DAY_MS).length;
    return clamp(lastWeek > 0 ? WEEK_MS / lastWeek : schedule.maxMs);
  }
  if (newItems > 0) return schedule.minMs;
  return clamp((previousMs ?? schedule.minMs) * 1.5);
}

/** Wait before the next poll after `errorStreak` failures in a row: exponential, capped, never forever. */
export function errorBackoff(schedule: PollSchedule, errorStreak: number): number {
  const cap = Math.max(schedule.maxMs, MAX_ERROR_BACKOFF_MS);
  return Math.min(cap, schedule.minMs * 2 ** Math.max(0, Math.min(errorStreak - 1, 30)));
}
