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

describe('keywords in scripts written without spaces', () => {
  it('counts Chinese words, not whole clauses', () => {
    const counts = termCounts(
      null,
      '中国国家主席今天在北京会见了来访的法国总统，双方就气候变化和贸易问题交换了意见。北京的会谈后，两国签署了合作协议。',
    );
    expect(counts.get('北京')).toBe(2);
    expect(counts.get('主席')).toBe(1);
    // No clause-long "terms", and no one-character particles such as 的 or 了.
    for (const term of counts.keys()) expect(term.length).toBeGreaterThanOrEqual(2);
    for (const term of counts.keys()) expect(term.length).toBeLessThanOrEqual(4);
  });

  it('counts Japanese words without hiragana-only inflections and particles', () => {
    const counts = termCounts(
      null,
      '日本政府は今日、東京で新しい経済対策を発表した。首相は記者会見で経済を強調した。',
    );
    expect(counts.get('経済')).toBe(2);
    expect(counts.get('東京')).toBe(1);
    expect(counts.has('した')).toBe(false);
  });

  it('counts Thai words', () => {
    const counts = termCounts(null, 'รัฐบาลไทยประกาศมาตรการใหม่วันนี้ รัฐบาลจะช่วยเหลือเกษตรกร');
    expect(counts.get('รัฐบาล')).toBe(2);
  });

  it('keeps the vocabulary of many articles small: the same words come back in new clauses', () => {
    const words = ['政府', '经济', '北京', '专家', '外交部', '记者', '增长', '政策'];
    const vocabulary = new Set<string>();
    for (let i = 0; i < 200; i++) {
      // One clause of five of the words in an order of its own, joined by 的 (no punctuation).
      const clause = Array.from({ length: 5 }, (_, k) => words[(i * (k + 3) + k * k) % words.length]).join(
        '的',
      );
      for (const term of termCounts(null, `${clause}。`).keys()) vocabulary.add(term);
    }
    // A term per distinct clause would be a new field in the shared frequencies for every article.
    expect([...vocabulary].sort()).toEqual([...words].sort());
  });
});
