import { describe, expect, it } from 'vitest';
import { termCounts, topKeywords } from './keywords.js';

describe('keywords', () => {
  it('counts lower-cased content words, without stopwords or possessives', () => {
    const counts = termCounts("Kim's visit", "Kim met Shoigu. The visit was Shoigu's second.");
    expect(Object.fromEntries(counts)).toEqual({ kim: 2, visit: 2, met: 1, shoigu: 2, second: 1 });
  });

  it('ranks terms rare in the corpus above common ones', () => {
    const counts = new Map([
      ['shoigu', 2],
      ['visit', 2],
      ['met', 1],
    ]);
    const df = new Map([
      ['shoigu', 1],
      ['visit', 40],
      ['met', 90],
    ]);
    expect(topKeywords(counts, df, 100, 2).map((k) => k.term)).toEqual(['shoigu', 'visit']);
  });
});
