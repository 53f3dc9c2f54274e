import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeText } from './decode-text.js';
import { discoverFeeds } from './discover-feeds.js';
import { parseFeed } from './parse-feed.js';
import { parseFeedDate } from './parse-feed-date.js';
import { parseRobots } from './parse-robots.js';
import { parseSitemap } from './parse-sitemap.js';
import { isAllowedByRobots } from './robots-match.js';
import { sniffLegacyCharset } from './sniff-charset.js';
import { type AttackShape, codedOnly, FuzzReport, growth, type ParserRun } from '@newsflow/schema/testing';

/**
 * Issue 17: every parser that sees fetched bytes, fed generated and hand-made hostile input.
 * (a) Nothing escapes but a PipelineError with a known reason code. (b) The cost per byte of
 * one input shape at 320 KB stays under MAX_GROWTH times its cost per byte at 8 KB, measured
 * here on this machine: linear work keeps the ratio near 1, quadratic work makes it about 40,
 * so the bound holds on a fast machine and a slow one alike. The report printed at the end
 * gives the inputs tried and the worst time per KB at 320 KB, per parser.
 */

const BASE = 'https://news.example/feeds/main.xml';
const MAX_GROWTH = 20;
const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

const ATOM = '<feed xmlns="http://www.w3.org/2005/Atom">';
const JSON_FEED = '{"version":"https://jsonfeed.org/version/1.1","items":[{"title":"';
/** [head, unit]: the unit repeated after the head puts the parser in the state an attack wants. */
const MARKUP_UNITS = [
  '<a',
  '<a b="',
  '</',
  '<![CDATA[',
  '<!--',
  '<!DOCTYPE',
  '<b>',
  '</b>',
  '<b/>',
  '&',
  '&#x',
  '&lol;',
  '@',
  ' ',
  'x',
];

interface Parser {
  run: ParserRun;
  /** Hand-made attack shapes. */
  shapes: AttackShape[];
  /** Heads and units the generated shapes are drawn from. */
  heads: string[];
  units: string[];
}

const FEED: Omit<Parser, 'run'> = {
  shapes: [
    ['<rss>', '<a'], // finding 1: cubic in the old nesting pre-scan
    ['', '<a '],
    ['<rss><channel><title>', '<a b="'],
    ['<rss><channel><title>', '<b>'], // past the depth limit: refused at once
    ['<rss><channel><title>', '<b/>'],
    [`<rss><channel><title>${'<i>'.repeat(250)}`, '</b>'], // unmatched closes at depth 250
    ['<rss>', '<![CDATA['],
    ['<rss>', '<!--'],
    ['', '<!DOCTYPE'],
    ['<!DOCTYPE rss [', '<!ENTITY a "'],
    ['<rss><channel><item><title>', '&lt;b&gt;'],
    ['<rss><channel><item><title>', '&#x'],
    ['<rss><channel><item><author>', '@'],
    [`${ATOM}<entry><author><name>`, 'a@'],
    [`${ATOM}<entry><content type="application/octet-stream">`, 'QUJD'],
    ['<rss><channel>', '<item><title>t</title><link>/x</link></item>'],
    [JSON_FEED, '\\"'],
    ['{"items":', '['],
  ],
  heads: [
    '',
    '<rss><channel><item><title>',
    `${ATOM}<entry><title type="html">`,
    '<!DOCTYPE rss [',
    JSON_FEED,
  ],
  units: [...MARKUP_UNITS, '<item>', '<entry>', '<link href="', '"', '{"a":', '\u00e9'],
};

const ROBOTS: Omit<Parser, 'run'> = {
  shapes: [
    ['User-agent: *\na', ' '], // the key regex backtracked over a line of spaces
    ['User-agent: *\n', 'a b'],
    ['User-agent: *\nDisallow: /', '*'],
    ['User-agent: *\nDisallow: /', '*a'],
    ['User-agent: *\n', 'Disallow: /*a*a*a*a*a*a*b$\n'],
    ['', 'User-agent: *\n'],
    ['User-agent: *\nDisallow: /', '\u00e4'],
    ['User-agent: *\nDisallow: /', '%'],
    ['', '#'],
    ['', '\ufeff'],
    ['', '\r'],
  ],
  heads: ['', 'User-agent: *\n', 'User-agent: *\nDisallow: /'],
  units: [
    'a',
    ' ',
    ':',
    '#',
    '\n',
    '\r\n',
    '*',
    '$',
    '%',
    '%C3%A4',
    '\u00e4',
    '\ufeff',
    'User-agent: *\n',
    'Allow: /a*b$\n',
    'Sitemap: /s.xml\n',
  ],
};

const PARSERS: Record<string, Parser> = {
  parseFeed: { run: (b) => parseFeed(b, { url: BASE, contentType: 'application/rss+xml' }), ...FEED },
  'parseFeed (maxItems 20)': { run: (b) => parseFeed(b, { url: BASE, maxItems: 20 }), ...FEED },
  parseSitemap: {
    run: (b) => parseSitemap(b, { url: BASE }),
    shapes: [
      ['<urlset>', '<a'],
      ['<urlset>', '<url><loc>/x</loc><lastmod>2024-01-01</lastmod></url>'],
      ['<sitemapindex>', '<sitemap><loc>'],
      ['<urlset><url><loc>', '&amp;'],
      ['<urlset>', '<b>'],
      ['<urlset>', '<b/>'],
      ['', 'https://news.example/a\n'],
      ['<rss><channel>', '<item><link>/x</link></item>'],
    ],
    heads: ['', '<urlset><url><loc>', '<sitemapindex>', '<rss><channel>'],
    units: [...MARKUP_UNITS, '<url>', '<loc>', '\n', 'https://a.example/'],
  },
  parseRobots: { run: (b) => parseRobots(b, BASE), ...ROBOTS },
  'robots matching': {
    run: (b) => isAllowedByRobots(b, 'https://news.example/a/b/c.html?x=1&y=*', 'newsflow/0.1'),
    ...ROBOTS,
  },
  // The robots rule is the input and the path is 4,000 characters: never rule × path steps.
  'robots matching (long path)': {
    run: (b) =>
      isAllowedByRobots(
        `User-agent: *\nDisallow: ${text(b).replace(/[\r\n]/g, '')}`,
        `https://news.example/${'a*'.repeat(2000)}`,
        'newsflow',
      ),
    ...ROBOTS,
  },
  decodeText: {
    run: (b) => decodeText(b),
    shapes: [
      ['', '\u00e9'],
      ['<?xml version="1.0" encoding="', 'x'],
      ['<meta charset="', '"'],
      ['\ufeff', '<a'],
    ],
    heads: ['', '<?xml version="1.0" encoding="', '<meta '],
    units: ['<meta charset=', '"', ' ', '\u00e9', '<'],
  },
  'decodeText (labelled)': {
    run: (b) => decodeText(b, 'text/html; charset=shift_jis'),
    shapes: [['', '\u00e9']],
    heads: [''],
    units: ['x', '\u00e9', '<'],
  },
  sniffLegacyCharset: {
    run: (b) => sniffLegacyCharset(b),
    shapes: [['', 'a\u00e9']],
    heads: [''],
    units: ['a', '\u00e9', ' '],
  },
  parseFeedDate: {
    run: (b) => parseFeedDate(text(b)),
    shapes: [
      ['', ' '],
      ['Thu, 01 Jan 2004 ', '1'],
      ['2004-', '-'],
    ],
    heads: ['', 'Thu, ', '2004-01-01T'],
    units: ['1', ' ', ':', '-', '+', 'Z', 'Jan '],
  },
  discoverFeeds: {
    run: (b) => discoverFeeds(text(b), BASE),
    shapes: [
      ['<html><body>', '<b>'], // a DOM of 80,000 nested elements, quadratic to build
      ['<html><body>', '<div><span>'],
      ['<html><head>', '<link rel="alternate" type="application/rss+xml" href="/f'],
      ['<html><head>', '<link rel="alternate" type="application/rss+xml" href="/f">'],
      ['<html>', '<a'],
      ['<html>', '<!--'],
      ['<html><body>', '<svg>'],
      ['<html><body>', '&amp;'],
    ],
    heads: ['', '<html><head>', '<html><body>'],
    units: [...MARKUP_UNITS, '<link ', 'href="', '<base href="/', '<script>', '<p>'],
  },
};

const report = new FuzzReport();
const checkShape = (parser: string, shape: AttackShape): string[] =>
  report.shapeProblems(parser, PARSERS[parser]!.run, shape);

const bytesOf = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

describe.each(Object.keys(PARSERS))('%s on hostile input', (parser) => {
  const { run, shapes, heads, units } = PARSERS[parser] as Parser;

  it('throws nothing but coded PipelineErrors on generated documents', () => {
    const fragments = [...new Set([...heads, ...units, ...FEED.units, ...ROBOTS.units])];
    const fragment = fc.oneof(
      fc.constantFrom(...fragments).map(bytesOf),
      fc.string({ maxLength: 8 }).map(bytesOf),
      fc.uint8Array({ maxLength: 8 }), // raw bytes: invalid UTF-8, NULs, cut sequences
    );
    const document = fc
      .array(fragment, { maxLength: 40 })
      .map((parts) => new Uint8Array(Buffer.concat(parts)));
    const uncoded: string[] = [];
    let runs = 0;
    fc.assert(
      fc.property(document, (input) => {
        runs++;
        codedOnly(run, uncoded)(input);
        return uncoded.length === 0;
      }),
      { numRuns: 200 },
    );
    report.tally(parser, runs);
    expect(uncoded).toEqual([]);
  });

  it('costs about the same per byte at 320 KB as at 8 KB on hand-made attack shapes', () => {
    expect(shapes.flatMap((shape) => checkShape(parser, shape))).toEqual([]);
  }, 60_000);

  it('costs about the same per byte at 320 KB as at 8 KB on generated shapes', () => {
    const shape = fc.tuple(
      fc.constantFrom(...heads),
      fc.array(fc.constantFrom(...units), { minLength: 1, maxLength: 3 }).map((u) => u.join('')),
    );
    fc.assert(
      fc.property(shape, (s) => {
        expect(checkShape(parser, s)).toEqual([]);
      }),
      { numRuns: 4 },
    );
  }, 60_000);
});

describe('byte-level input', () => {
  it.each([
    ['0xFF', [0xff]],
    ['lone continuation bytes', [0x80, 0xbf]],
    ['a cut 3-byte sequence', [0xe2, 0x82]],
    ['Shift_JIS kana', [0x83, 0x41, 0x83, 0x43]],
    ['windows-1251 Cyrillic', [0xee, 0xe5, 0xe0, 0x20]],
  ])(
    'costs about the same per byte at 320 KB as at 8 KB on %s, for every parser',
    (name, unit) => {
      const make = (n: number) =>
        new Uint8Array(Array.from({ length: n }, (_, i) => unit[i % unit.length] as number));
      const problems: string[] = [];
      for (const [parser, { run }] of Object.entries(PARSERS)) {
        const uncoded: string[] = [];
        const g = growth(codedOnly(run, uncoded), make);
        report.tally(parser, 2, g.largeNsPerByte, name);
        if (uncoded.length > 0 || g.ratio >= MAX_GROWTH)
          problems.push(`${parser} on ${name}: ×${g.ratio.toFixed(1)} ${uncoded[0] ?? ''}`);
      }
      expect(problems).toEqual([]);
    },
    60_000,
  );
});

afterAll(() => {
  console.log(report.format('fuzz report, @newsflow/fetch (worst time per KB at 320 KB)'));
});
