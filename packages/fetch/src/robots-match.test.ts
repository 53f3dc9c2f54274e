import { readFileSync } from 'node:fs';
import fc from 'fast-check';
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

  /** The set-of-positions matcher the greedy one replaced: O(path × pattern), plainly right. */
  function referenceMatches(path: string, pattern: string): boolean {
    let positions = [0];
    for (let j = 0; j < pattern.length; j++) {
      const ch = pattern[j];
      if (ch === '$' && j === pattern.length - 1) return positions.includes(path.length);
      if (ch === '*') {
        const from = positions[0] ?? 0;
        positions = [];
        for (let p = from; p <= path.length; p++) positions.push(p);
        continue;
      }
      positions = positions.filter((p) => p < path.length && path[p] === ch).map((p) => p + 1);
      if (positions.length === 0) return false;
    }
    return true;
  }

  it('matches exactly as the set-of-positions matcher does, on generated paths and patterns', () => {
    const chars = fc.constantFrom('/', 'a', 'b', '*', '$', '.');
    const str = (max: number) => fc.array(chars, { maxLength: max }).map((c) => c.join(''));
    fc.assert(
      fc.property(
        str(12).map((p) => `/${p.replace(/[*$]/g, 'a')}`),
        str(8),
        (path, pattern) => {
          expect(robotsPatternMatches(path, pattern)).toBe(referenceMatches(path, pattern));
        },
      ),
      { numRuns: 3000 },
    );
  });

  // Issue 17: 100,000 wildcards against a 4,000-character path cost pattern × path steps.
  it('matches 200 KB of wildcards against a long path in one pass', () => {
    const started = performance.now();
    expect(robotsPatternMatches(`/${'a*'.repeat(2000)}`, `/${'*a'.repeat(100_000)}`)).toBe(false);
    expect(robotsPatternMatches(`/${'ab'.repeat(2000)}`, `/${'*b'.repeat(1000)}$`)).toBe(true);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  // Issue 17: a line of spaces between key-like words backtracked quadratically.
  it('parses a 500 KB line of spaces in one pass', () => {
    const started = performance.now();
    expect(
      parseRobots(`User-agent: *\na${' '.repeat(500_000)}b\nDisallow: /x`).groups[0]?.rules,
    ).toHaveLength(1);
    expect(performance.now() - started).toBeLessThan(2_000);
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
