import { describe, expect, it } from 'vitest';
import { looksLikeSitemap } from './expand-sitemap.js';
import { looksLikeFeed } from './fetch-stage.js';

const body = (text: string) => ({ body: new Uint8Array(Buffer.from(text)), contentType: 'text/html' });

describe('sniffing a feed or a sitemap behind leading comments', () => {
  it.each([
    ['<?xml version="1.0"?><!-- a --> <!-- b --><urlset xmlns="x">', true],
    ['<!-- a - b -- c --->\n<sitemapindex>', true],
    ['<!-- unclosed <urlset>', false],
    ['<html><urlset>', false],
  ])('reads %j as a sitemap: %s', (text, expected) => {
    expect(looksLikeSitemap(body(text))).toBe(expected);
  });

  it.each([
    ['<?xml version="1.0"?><!-- generator --><rss version="2.0">', true],
    ['<!-- x --><!-- y --><feed xmlns="http://www.w3.org/2005/Atom">', true],
    ['<!-- x --><html>', false],
  ])('reads %j as a feed: %s', (text, expected) => {
    expect(looksLikeFeed(body(text))).toBe(expected);
  });

  // Issue 17 audit: `(<!--[\s\S]*?-->\s*)*` could read one comment as the start of a longer one,
  // so a head of comments before an unexpected root backtracked exponentially: 26 comments took
  // 0.5 s, 30 about 8 s, and the 2 KB head holds 256.
  it.each([
    ['sitemap', looksLikeSitemap],
    ['feed', looksLikeFeed],
  ])('gives up on 256 comments before a page as a %s at once', (_name, sniff) => {
    const started = performance.now();
    expect(sniff(body(`${'<!-- -->'.repeat(256)}<html>`))).toBe(false);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
