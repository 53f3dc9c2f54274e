import { describe, expect, it } from 'vitest';
import { cleanAuthors, parseByline } from './byline.js';

describe('parseByline', () => {
  it.each([
    [
      'Faizan Hashmi Published September 13, 2024 | 02:00 PM',
      ['Faizan Hashmi'],
      'September 13, 2024 | 02:00 PM',
    ],
    ['By Jane Doe and John Roe', ['Jane Doe', 'John Roe'], null],
    ['By JANE DOE, Associated Press', ['Jane Doe'], null],
    ['By Jane Doe, Staff Writer', ['Jane Doe'], null],
    [
      'By Jane Doe & John Roe | Updated: Sept. 13, 2024 4:05 p.m. ET',
      ['Jane Doe', 'John Roe'],
      'Sept. 13, 2024 4:05 p.m. ET',
    ],
    ['Updated: Sept. 13, 2024 4:05 p.m. ET', [], 'Sept. 13, 2024 4:05 p.m. ET'],
    ['Published 13 September 2024', [], '13 September 2024'],
    ['By Ursula von der Leyen September 13, 2024', ['Ursula von der Leyen'], 'September 13, 2024'],
  ])('%s', (line, authors, dateText) => {
    expect(parseByline(line)).toEqual({ authors, dateText });
  });

  it.each([
    "The head of Russia's Security Council met North Korean leader Kim Jong Un on Friday.",
    'Related Topics',
    '',
  ])('%s -> not a byline', (line) => {
    expect(parseByline(line)).toBeNull();
  });
});

describe('cleanAuthors', () => {
  it.each([
    [['By Jane Doe'], ['Jane Doe']],
    [
      ['Jane Doe', 'jane doe', 'John Roe'],
      ['Jane Doe', 'John Roe'],
    ],
    [['Jane Doe; John Roe'], ['Jane Doe', 'John Roe']],
    [['Jill Disis, CNN Business'], ['Jill Disis']],
    [['Finian Cunningham. Sputnik International'], ['Finian Cunningham']],
    [['Sarah E. Needleman'], ['Sarah E. Needleman']],
    [['https://www.facebook.com/someone', 'Reuters', 'Staff Reporter'], []],
  ])('%j -> %j', (raw, expected) => {
    expect(cleanAuthors(raw)).toEqual(expected);
  });
});
