import { describe, expect, it } from 'vitest';
import { errorBackoff, MAX_ERROR_BACKOFF_MS, nextInterval } from './poll-schedule.js';

const MIN = 15 * 60_000;
const HOUR = 3_600_000;
const schedule = { minMs: MIN, maxMs: 24 * HOUR };
const now = Date.parse('2026-11-27T12:00:00Z');
const hoursAgo = (h: number) => new Date(now - h * HOUR).toISOString();

describe('nextInterval', () => {
  it.each([
    [
      'a busy feed (many items this week) polls at the minimum',
      Array.from({ length: 2000 }, (_, i) => hoursAgo(i / 20)),
      0,
      null,
      MIN,
    ],
    [
      '7 items in a week: once a day',
      Array.from({ length: 7 }, (_, i) => hoursAgo(i * 24)),
      0,
      null,
      24 * HOUR,
    ],
    [
      '28 items in a week: every 6 hours',
      Array.from({ length: 28 }, (_, i) => hoursAgo(i * 6)),
      0,
      null,
      6 * HOUR,
    ],
    ['only old items: the maximum', [hoursAgo(24 * 30)], 0, null, 24 * HOUR],
    ['no dates, new items: the minimum', [null, null], 2, 4 * HOUR, MIN],
    ['no dates, nothing new: half as long again', [null], 0, 4 * HOUR, 6 * HOUR],
  ])('%s', (_name, dates, fresh, previous, expected) => {
    expect(nextInterval(schedule, previous, dates, fresh, now)).toBe(expected);
  });
});

describe('errorBackoff', () => {
  it.each([
    [1, MIN],
    [2, 2 * MIN],
    [3, 4 * MIN],
    [10, MAX_ERROR_BACKOFF_MS],
    [1000, MAX_ERROR_BACKOFF_MS],
  ])('after %i errors in a row waits %i ms (capped, never forever)', (streak, expected) => {
    expect(errorBackoff(schedule, streak)).toBe(expected);
  });
});
