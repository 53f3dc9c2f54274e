import { describe, expect, it } from 'vitest';
import { Classification, TopicScore } from './article.js';

describe('TopicScore', () => {
  it('parses payloads from before the IPTC codes and levels', () => {
    const old = { language: 'en', languageScore: 0.9, topics: [{ label: 'sport', score: 0.8 }] };
    expect(Classification.parse(old).topics).toEqual([{ label: 'sport', score: 0.8 }]);
  });

  it('keeps the code, level and parent of IPTC topics', () => {
    const l2 = {
      label: 'leisure',
      score: 0.5,
      code: 'medtop:20000538',
      level: 2,
      parent: 'lifestyle and leisure',
    };
    expect(TopicScore.parse(l2)).toEqual(l2);
  });

  it('refuses a level other than 1 or 2', () => {
    expect(TopicScore.safeParse({ label: 'x', score: 1, level: 3 }).success).toBe(false);
  });
});
