import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanAuthors, parseByline } from './byline.js';
import { cleanPage } from './clean-page.js';
import { parseDateline } from './dateline.js';
import { parseDate } from './dates.js';
import { type AttackShape, codedOnly, FuzzReport, growth, type ParserRun } from '@newsflow/schema/testing';

/**
 * Issue 17: the cleaner's entry point and its text parsers, fed generated and hand-made hostile
 * input. (a) Nothing escapes but a PipelineError with a known code (cleanPage answers "not an
 * article" rather than throwing). (b) The cost per byte at 256 KB stays under MAX_GROWTH times
 * the cost per byte at 8 KB of the same shape, measured on this machine: quadratic work grows
 * it about 32 times. The report at the end gives inputs tried and the worst time per KB.
 */

const MAX_GROWTH = 20;
const SMALL = 8 * 1024;
const LARGE = 256 * 1024;
const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');

const LD = '<html><head><script type="application/ld+json">';
const PARSERS: Record<string, { run: ParserRun; shapes: AttackShape[]; heads: string[]; units: string[] }> = {
  cleanPage: {
    run: (b) => cleanPage(b, { contentType: 'text/html', url: 'https://news.example/story' }),
    shapes: [
      ['', '<a'], // capNesting's token regex: 6.8 s for 64 KB before
      ['', '<a b="'],
      ['', '</a'],
      ['', '<!--'],
      ['<html><body><article><p>', '<script>'],
      ['<html><body>', '<b/>'], // 80,000 nested <b>, which capNesting did not count
      ['<html><body>', '<div>'],
      ['<html><body><article>', '<p>Some words of text, then more.</p>'],
      ['<html><body><article><p>', '&amp;'],
      ['<html><head><title>', 'x'],
      [`${LD}{"@type":"NewsArticle","author":[`, '{"name":"A"},'],
      ['<html><body><p>By ', 'Jane Doe and '],
    ],
    heads: ['', '<html><body><article><p>', '<html><head>', LD],
    units: [
      '<a',
      '<a ',
      '<p>',
      '</p>',
      '<div>',
      '<b/>',
      '<br>',
      '<!--',
      '-->',
      '<script>',
      '&amp;',
      '&#',
      ' ',
      'word ',
      '"',
      '{',
      '<meta property="og:title" content="',
      '<time datetime="',
      'MOSCOW (Reuters) - ',
    ],
  },
  parseDateline: {
    run: (b) => parseDateline(text(b)),
    shapes: [
      ['', 'Moscow, (APP -'], // `[^)]*?` before an optional dash, over the whole paragraph
      ['MOSCOW, (APP - ', '<!--'],
      ['', 'A '],
      ['LONDON', ', '],
    ],
    heads: ['', 'MOSCOW, (APP - ', 'WASHINGTON'],
    units: ['-', '–', ' ', 'A', 'a', '(', ')', ', ', 'Reuters'],
  },
  parseDate: {
    run: (b) => parseDate(text(b), new Date('2026-01-01T00:00:00Z')),
    shapes: [
      ['', '1 '],
      ['September ', '13 '],
      ['2024-09-13 ', '12:'],
    ],
    heads: ['', 'Sept. ', '2024-'],
    units: ['1', ' ', ':', 'Sep ', 'of ', '2024 ', 'PM ', '+0'],
  },
  parseByline: {
    run: (b) => parseByline(text(b)),
    shapes: [['By ', 'Jane Doe and ']],
    heads: ['', 'By '],
    units: ['a', ' ', 'and ', ', ', 'Published '],
  },
  cleanAuthors: {
    run: (b) => cleanAuthors([text(b)]),
    shapes: [
      ['', '<a'], // `\S+@\S+` backtracked over every run of non-spaces
      ['By ', 'x'],
      ['', 'a '],
      ['', ', '],
    ],
    heads: ['', 'By '],
    units: ['a', ' ', '@', 'and ', ', ', '; ', '.', 'Jane '],
  },
};

const report = new FuzzReport();
const checkShape = (parser: string, shape: AttackShape): string[] =>
  report.shapeProblems(parser, PARSERS[parser]!.run, shape, { small: SMALL, large: LARGE });

const bytesOf = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

describe.each(Object.keys(PARSERS))('%s on hostile input', (parser) => {
  const { run, shapes, heads, units } = PARSERS[parser]!;

  it('throws nothing but coded PipelineErrors on generated documents', () => {
    const fragments = [...new Set([...heads, ...units, ...PARSERS.cleanPage!.units])];
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
      { numRuns: parser === 'cleanPage' ? 100 : 200 },
    );
    report.tally(parser, runs);
    expect(uncoded).toEqual([]);
  });

  it('costs about the same per byte at 256 KB as at 8 KB on hand-made attack shapes', () => {
    expect(shapes.flatMap((shape) => checkShape(parser, shape))).toEqual([]);
  }, 120_000);

  it('costs about the same per byte at 256 KB as at 8 KB on generated shapes', () => {
    const shape = fc.tuple(
      fc.constantFrom(...heads),
      fc.array(fc.constantFrom(...units), { minLength: 1, maxLength: 3 }).map((u) => u.join('')),
    );
    fc.assert(
      fc.property(shape, (s) => {
        expect(checkShape(parser, s)).toEqual([]);
      }),
      { numRuns: parser === 'cleanPage' ? 3 : 4 },
    );
  }, 120_000);
});

it.each([
  ['0xFF', [0xff]],
  ['lone continuation bytes', [0x80, 0xbf]],
  ['a cut 3-byte sequence', [0xe2, 0x82]],
])(
  'cleanPage costs about the same per byte at 256 KB as at 8 KB on %s',
  (name, unit) => {
    const uncoded: string[] = [];
    const make = (n: number) =>
      new Uint8Array(Array.from({ length: n }, (_, i) => unit[i % unit.length] as number));
    const g = growth(codedOnly(PARSERS.cleanPage!.run, uncoded), make, SMALL, LARGE);
    report.tally('cleanPage', 2, g.largeNsPerByte, name);
    expect(uncoded).toEqual([]);
    expect(g.ratio).toBeLessThan(MAX_GROWTH);
  },
  60_000,
);

afterAll(() => {
  console.log(report.format('fuzz report, @newsflow/clean (worst time per KB at 256 KB)'));
});
