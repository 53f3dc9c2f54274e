import { describe, expect, it } from 'vitest';
import { csvField, csvLine } from './csv.js';

describe('csv', () => {
  it.each([
    ['plain', 'plain'],
    ['a, b', '"a, b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    [null, ''],
    [['Jane Doe', 'Ahmed Khan'], 'Jane Doe; Ahmed Khan'],
    [{ place: 'Moscow', agency: 'APP' }, '"{""place"":""Moscow"",""agency"":""APP""}"'],
    [0.93, '0.93'],
  ])('%j -> %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('joins a line', () => {
    expect(csvLine(['id', 'a,b', null])).toBe('id,"a,b",');
  });
});
