import { describe, expect, it } from 'vitest';
import { chooseCanonicalUrl, urlIdentity } from './canonical-url.js';
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

describe('urlIdentity', () => {
  it.each([
    ['https://www.a.example/x?utm_source=rss#top', 'a.example/x'],
    ['http://A.example:80/x?b=2&a=1', 'a.example/x?a=1&b=2'],
    ['https://a.example:8443/x', 'a.example:8443/x'],
    ['https://a.example/%7ex?id=7&fbclid=1', 'a.example/~x?id=7'],
    ['https://www2.a.example/x', 'www2.a.example/x'],
    ['mailto:someone@a.example', null],
    ['not a url', null],
  ])('%s -> %s', (url, identity) => {
    expect(urlIdentity(url)).toBe(identity);
  });
});
