import { describe, expect, it } from 'vitest';
import { discoverFeeds } from './discover-feeds.js';

describe('discoverFeeds', () => {
  it.each([
    [
      'an RSS link, resolved',
      '<link rel="alternate" type="application/rss+xml" href="/rss.xml">',
      ['https://site.example/rss.xml'],
    ],
    [
      'Atom and JSON Feed, in order',
      '<link rel="alternate" type="application/atom+xml" href="a.xml"><link rel="Alternate" type="application/feed+json" href="f.json">',
      ['https://site.example/news/a.xml', 'https://site.example/news/f.json'],
    ],
    [
      '<base href> first',
      '<base href="https://cdn.example/x/"><link rel="alternate" type="application/rss+xml" href="rss">',
      ['https://cdn.example/x/rss'],
    ],
    [
      'no stylesheets or icons',
      '<link rel="stylesheet" href="a.css"><link rel="icon" type="image/png" href="i.png">',
      [],
    ],
    [
      'no duplicates',
      '<link rel="alternate" type="application/rss+xml" href="/r"><link rel="alternate" type="application/rss+xml; charset=utf-8" href="https://site.example/r">',
      ['https://site.example/r'],
    ],
    ['not rel=alternate', '<link rel="self" type="application/rss+xml" href="/r">', []],
  ])('finds %s', (_name, head, expected) => {
    expect(
      discoverFeeds(`<html><head>${head}</head><body></body></html>`, 'https://site.example/news/'),
    ).toEqual(expected);
  });

  // Issue 17: htmlparser2's element stack grows at its front, so 100,000 unclosed tags cost
  // 100,000² / 2 moves when the whole page was parsed into a DOM.
  it.each([
    ['<b>', 100_000],
    ['<div><span>', 50_000],
    ['<link rel="alternate" type="application/rss+xml" href="/f">', 10_000],
  ])('reads a page of %s × %i in one pass', (unit, n) => {
    const page = `<html><head><link rel="alternate" type="application/atom+xml" href="/atom.xml"></head><body>${unit.repeat(n)}`;
    const started = performance.now();
    expect(discoverFeeds(page, 'https://news.example/')[0]).toBe('https://news.example/atom.xml');
    expect(performance.now() - started).toBeLessThan(3_000);
  });
});
