import { describe, expect, it } from 'vitest';
import { parseDate, pickDate } from './dates.js';

const NOW = new Date('2024-09-20T12:00:00Z');

describe('parseDate', () => {
  it.each([
    ['2024-09-13T14:00:00+05:00', '2024-09-13T14:00:00+05:00', true],
    ['2024-09-13T09:00:00.000Z', '2024-09-13T09:00:00Z', true],
    ['2024-09-13T14:00:00+0500', '2024-09-13T14:00:00+05:00', true],
    ['2024-09-13T14:00:00+00:00', '2024-09-13T14:00:00Z', true],
    ['2024-09-13 14:00', '2024-09-13T14:00:00', true],
    ['2024-09-13', '2024-09-13T00:00:00', false],
    ['September 13, 2024 | 02:00 PM', '2024-09-13T14:00:00', true],
    ['Sept. 13, 2024 4:05 p.m. ET', '2024-09-13T16:05:00', true],
    ['13th Sep, 2024', '2024-09-13T00:00:00', false],
    ['Fri, 13 Sep 2024 09:00:00 GMT', '2024-09-13T09:00:00Z', true],
    ['Fri, 13 Sep 2024 14:00:00 +0500', '2024-09-13T14:00:00+05:00', true],
    ['14:30, 13 September 2024', '2024-09-13T14:30:00', true],
    ['Updated 12:00 AM, September 1, 2024', '2024-09-01T00:00:00', true],
  ])('%s -> %s', (input, iso, hasTime) => {
    expect(parseDate(input, NOW)).toEqual({ iso, hasTime });
  });

  it.each([
    ['', 'empty'],
    ['yesterday', 'relative words'],
    ['2024-02-30', 'an impossible day'],
    ['2024-09-13T25:00:00', 'an impossible hour'],
    ['September 13', 'no year'],
    ['2024-09-25T10:00:00Z', 'more than a day in the future'],
  ])('%s -> null (%s)', (input) => {
    expect(parseDate(input, NOW)).toBeNull();
  });
});

describe('pickDate', () => {
  it('prefers a timed source over an earlier bare date', () => {
    expect(pickDate(['2024-09-13', 'September 13, 2024 02:00 PM'], NOW)).toBe('2024-09-13T14:00:00');
  });
  it('falls back to a bare date, then to null', () => {
    expect(pickDate([undefined, 'nonsense', '13 Sep 2024'], NOW)).toBe('2024-09-13T00:00:00');
    expect(pickDate([null, 'nonsense'], NOW)).toBeNull();
  });
});
