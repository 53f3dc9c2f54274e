import { describe, expect, it } from 'vitest';
import { parseDateline } from './dateline.js';

const BODY = 'The head of the council met the leader on Friday, officials said.';

describe('parseDateline', () => {
  it.each([
    [
      `Moscow, (APP - UrduPoint / Pakistan Point News - 13th Sep, 2024) ${BODY}`,
      'Moscow',
      'APP',
      '13th Sep, 2024',
    ],
    [`WASHINGTON (Reuters) - ${BODY}`, 'Washington', 'Reuters', null],
    [`LONDON, Sept 13 (Reuters) - ${BODY}`, 'London', 'Reuters', 'Sept 13'],
    [`PARIS (AFP) — ${BODY}`, 'Paris', 'AFP', null],
    [`KYIV, Ukraine (AP) — ${BODY}`, 'Kyiv, Ukraine', 'AP', null],
    [`ST. JOSEPH, Mich. (AP) — ${BODY}`, 'St. Joseph, Mich.', 'AP', null],
    [`NEW DELHI: ${BODY}`, 'New Delhi', null, null],
  ])('%s', (paragraph, place, agency, dateText) => {
    expect(parseDateline(paragraph)).toEqual({ dateline: { place, agency }, dateText, rest: BODY });
  });

  it.each([
    BODY,
    `UPDATE: ${BODY}`,
    'Washington (Reuters) - short',
    'He said: this is not a dateline at all, just a quote.',
  ])('%s -> no dateline', (paragraph) => {
    expect(parseDateline(paragraph)).toBeNull();
  });
});
