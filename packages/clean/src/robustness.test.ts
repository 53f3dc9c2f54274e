import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanAuthors } from './byline.js';
import { cleanHtml } from './clean-html.js';
import { cleanPage } from './clean-page.js';
import { parseDateline } from './dateline.js';
import { cleanText } from './clean-text.js';
import { fixturesDir } from './test-support/fixtures.js';
import { growth, repeatTo } from '@newsflow/schema/testing';

const PARA =
  '<p>The council voted on Tuesday to expand the bus network, adding four routes, officials said.</p>';
const repeat = (text: string, n: number): string => text.repeat(n);

/** Either an article with text, or not an article with a reason: never an exception. */
function expectWellFormed(html: string): void {
  const article = cleanHtml(html, { url: 'https://news.example.org/story' });
  if (article.isArticle) expect(article.text.length).toBeGreaterThan(0);
  else expect(article.notArticleReason).toEqual(expect.any(String));
}

describe('cleanHtml on hostile pages', () => {
  it.each([
    ['empty input', '', false],
    ['whitespace only', ' \n\t ', false],
    [
      'malformed markup',
      `<html><body><div><p>Unclosed <b>bold <i>italic</div></p></span><article>${PARA}<table><tr><td>`,
      true,
    ],
    ['a 1 MB page', `<html><body><article>${repeat(PARA, 10_000)}</article></body></html>`, true],
    // 5 million characters of text is no article; it is refused before extraction copies it around.
    ['a 5 MB page', `<html><body><article>${repeat(PARA, 50_000)}</article></body></html>`, false],
    ['a 5 MB single line of text', `<html><body><p>${repeat('word ', 1_000_000)}</p></body></html>`, false],
    [
      'a 50,000-node DOM',
      `<html><body>${Array.from({ length: 12_500 }, (_, i) => `<div class="c${i % 7}"><span>a</span><a href="/x">link ${i}</a>${i % 5 ? '' : PARA}</div>`).join('')}</body></html>`,
      true,
    ],
    [
      '2,000 nested tables',
      `<html><body>${repeat('<table><tr><td>', 2_000)}${PARA}${repeat('</td></tr></table>', 2_000)}</body></html>`,
      true,
    ],
    [
      '100,000 nested elements',
      `<html><body>${repeat('<div>', 100_000)}${PARA}${repeat('</div>', 100_000)}</body></html>`,
      true,
    ],
    ['100,000 unclosed elements', `<html><body>${repeat('<div><span>x', 100_000)}`, true],
    [
      'a page with no article',
      '<html><body><nav><a href="/">Home</a></nav><footer>© Example</footer></body></html>',
      false,
    ],
    [
      'binary noise',
      String.fromCharCode(...Array.from({ length: 5_000 }, (_, i) => (i * 7919) % 65_000)),
      null,
    ],
  ])(
    'returns an article or a reason for %s',
    (_, html, isArticle) => {
      const article = cleanHtml(html);
      if (isArticle !== null) expect(article.isArticle).toBe(isArticle);
      expect(article.isArticle || article.notArticleReason !== null).toBe(true);
    },
    60_000,
  );
});

const HTML_PIECES = [
  '<div>',
  '</div>',
  '<p>',
  '</p>',
  '<article>',
  '</article>',
  '<table><tr><td>',
  '</td></tr></table>',
  '<a href="/x">',
  '</a>',
  '<script>',
  '</script>',
  '<!--',
  '-->',
  '<br>',
  '<img src="a.jpg">',
  '<figure>',
  '<figcaption>',
  '&amp;',
  '&#x1F600;',
  '<',
  '>',
  '"',
  "'",
  '<meta property="og:title" content="T">',
  '<script type="application/ld+json">{"@type":"NewsArticle","articleBody":"x"',
  'Words, commas, and prose. ',
];

describe('cleanText on hostile dumps', () => {
  it.each([
    [
      'a 5 MB single line',
      'word '.repeat(1_000_000),
      /^one run of 5000000 characters of text without a break/,
    ],
    [
      '5 MB of lines',
      'A sentence of the story goes here, officials said.\n'.repeat(100_000),
      /^5100000 characters of text/,
    ],
  ])('refuses %s before extracting it', (_name, text, reason) => {
    const started = Date.now();
    const article = cleanText(text);
    expect(article.isArticle).toBe(false);
    expect(article.notArticleReason).toMatch(reason);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('cleanHtml property: never throws, always ends', () => {
  it('handles random tag soup', () => {
    const soup = fc.array(fc.oneof(fc.constantFrom(...HTML_PIECES), fc.string({ maxLength: 40 })), {
      maxLength: 300,
    });
    fc.assert(
      fc.property(soup, (pieces) => expectWellFormed(pieces.join(''))),
      { numRuns: 300 },
    );
  }, 120_000);

  it('handles real pages truncated anywhere', () => {
    const dir = join(fixturesDir, 'extraction');
    const pages = readdirSync(dir)
      .filter((f) => f.endsWith('.html.gz'))
      .slice(0, 12)
      .map((f) => gunzipSync(readFileSync(join(dir, f))).toString('utf8'));
    const cut = fc.tuple(fc.nat({ max: pages.length - 1 }), fc.double({ min: 0, max: 1, noNaN: true }));
    fc.assert(
      fc.property(cut, ([i, at]) => {
        const html = pages[i] ?? '';
        expectWellFormed(html.slice(0, Math.floor(html.length * at)));
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});

// Issue 17: each of these was quadratic (or worse) in the page before; the cost per byte must
// now stay flat from 4 KB to 64 KB and from 8 KB to 320 KB (quadratic work shows as ×16, ×40).
describe('cleanPage and its text parsers in linear time', () => {
  const page = (b: Uint8Array) => cleanPage(b, { contentType: 'text/html', url: 'https://news.example/s' });
  const text = (b: Uint8Array) => Buffer.from(b).toString('utf8');
  it.each([
    // capNesting's token regex rescanned the rest of the page from every unclosed tag
    ['cleanPage', page, '<a', ''],
    ['cleanPage', page, '<a ', ''],
    ['cleanPage', page, '</a', ''],
    ['cleanPage', page, '<!--', ''],
    ['cleanPage', page, '<script>', '<html><body><article><p>'],
    // HTML has no self-closing <b/>: 80,000 of them nest, and capNesting did not count them
    ['cleanPage', page, '<b/>', ''],
    // the dateline's `[^)]*?` before an optional dash, over a paragraph with no ")"
    ['parseDateline', (b: Uint8Array) => parseDateline(text(b)), 'Moscow, (APP -', ''],
    ['parseDateline', (b: Uint8Array) => parseDateline(text(b)), '<!--', 'MOSCOW, (APP - '],
    // the address pattern `\S+@\S+` backtracked over every run of non-spaces
    ['cleanAuthors', (b: Uint8Array) => cleanAuthors([text(b)]), '<a', ''],
    ['cleanAuthors', (b: Uint8Array) => cleanAuthors([text(b)]), 'x', 'By '],
  ])('%s on repeated %j', (_name, run, unit, head) => {
    const make = (n: number) => repeatTo(n, unit, head);
    const near = growth(run, make, 4 * 1024, 64 * 1024);
    expect(
      near.ratio,
      `${near.smallNsPerByte.toFixed(1)} → ${near.largeNsPerByte.toFixed(1)} ns/byte`,
    ).toBeLessThan(8);
    const far = growth(run, make);
    expect(
      far.ratio,
      `${far.smallNsPerByte.toFixed(1)} → ${far.largeNsPerByte.toFixed(1)} ns/byte`,
    ).toBeLessThan(20);
  });
});
