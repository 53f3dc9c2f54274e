import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseRobots } from './parse-robots.js';
import { isAllowedByRobots, productToken, robotsPatternMatches, rulesFor } from './robots-match.js';

const fixtures = new URL('../../../../shared/fixtures/robots/crawler-commons/', import.meta.url);
const UA = 'newsflow/0.1 (+https://example.org/bot)';

describe('isAllowedByRobots', () => {
  it.each([
    ['User-agent: *\nDisallow: /private', '/private/x', false],
    ['User-agent: *\nDisallow: /private', '/public', true],
    ['User-agent: *\nDisallow: /\nAllow: /news/', '/news/a', true],
    ['User-agent: *\nDisallow: /*.pdf$', '/a/b.pdf', false],
    ['User-agent: *\nDisallow: /*.pdf$', '/a/b.pdf?x', true],
    ['User-agent: *\nDisallow: /a\nAllow: /a', '/a', true], // tie: allow wins
    ['User-agent: newsflow\nDisallow: /\n\nUser-agent: *\nAllow: /', '/x', false],
    ['User-agent: other\nDisallow: /', '/x', true],
    ['', '/anything', true],
    ['\uFEFFUser-agent: *\r\nDisallow: /x\r\n', '/x', false],
  ])('%j for %s → %s', (robots, path, expected) => {
    expect(isAllowedByRobots(robots, `https://site.example${path}`, UA)).toBe(expected);
  });

  it('reads UTF-8 bytes with a BOM', () => {
    const bytes = readFileSync(new URL('robots-with-utf8-bom.txt', fixtures));
    expect(typeof isAllowedByRobots(new Uint8Array(bytes), 'https://site.example/', UA)).toBe('boolean');
  });

  it('keeps hostile patterns linear', () => {
    const pattern = `/${'*a'.repeat(200)}`;
    expect(robotsPatternMatches(`/${'a'.repeat(199)}b`, pattern)).toBe(false);
  });
});

describe('parseRobots', () => {
  it('collects absolute, deduplicated Sitemap lines', () => {
    const text = readFileSync(new URL('sitemap-robots-dedup.txt', fixtures), 'utf8');
    const { sitemaps } = parseRobots(text, 'https://site.example/robots.txt');
    expect(sitemaps.length).toBe(new Set(sitemaps).size);
    for (const s of sitemaps) expect(s).toMatch(/^https?:\/\//);
  });

  it('resolves relative Sitemap lines against the robots.txt URL', () => {
    expect(parseRobots('Sitemap: /sitemap.xml', 'https://site.example/robots.txt').sitemaps).toEqual([
      'https://site.example/sitemap.xml',
    ]);
  });

  it('reads Crawl-delay of the matching group', () => {
    const robots = parseRobots('User-agent: *\nCrawl-delay: 2.5\n\nUser-agent: newsflow\nCrawl-delay: 7\n');
    expect(rulesFor(robots, UA).crawlDelaySeconds).toBe(7);
    expect(rulesFor(robots, 'otherbot').crawlDelaySeconds).toBe(2.5);
  });

  it('takes the product token up to the version', () => {
    expect(productToken(UA)).toBe('newsflow');
  });
});
