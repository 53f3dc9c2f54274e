import { describe, expect, it } from 'vitest';
import { chooseCanonicalUrl } from './canonical-url.js';
import { contentHash, normalizeBody } from './content-hash.js';

describe('contentHash', () => {
  it.each([
    ['“Quoted” text — with dashes.', '"Quoted" text - with dashes'],
    ['Ｆｕｌｌwidth  spacing\n\nand lines', 'fullwidth spacing and lines'],
    ['CASE matters NOT', 'case matters not'],
  ])('treats %j and %j as the same body', (a, b) => {
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it('tells different bodies apart', () => {
    expect(contentHash('Shoigu met Kim.')).not.toBe(contentHash('Shoigu met Putin.'));
  });

  it('normalizes to plain lower-case words', () => {
    expect(normalizeBody('  Hello,   World!  ')).toBe('hello world');
  });
});

describe('chooseCanonicalUrl', () => {
  it.each([
    ['https://a.example/x?utm_source=rss', null, 'https://a.example/x', null],
    ['https://a.example/x', '/story/x', 'https://a.example/story/x', null],
    ['https://www.a.example/x', 'https://a.example/x', 'https://a.example/x', null],
    [
      'https://b.example/copy',
      'https://a.example/original',
      'https://b.example/copy',
      'https://a.example/original',
    ],
    ['https://a.example/x', 'javascript:alert(1)', 'https://a.example/x', null],
  ])('%s with canonical %s', (finalUrl, declared, canonicalUrl, crossSiteCanonical) => {
    expect(chooseCanonicalUrl(finalUrl, declared)).toEqual({ canonicalUrl, crossSiteCanonical });
  });
});
