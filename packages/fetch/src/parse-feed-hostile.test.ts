import { describe, expect, it } from 'vitest';
import { parseFeed } from './parse-feed.js';
import { growth, repeatTo } from '@newsflow/schema/testing';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

describe('parseFeed on hostile or broken input', () => {
  it('refuses absurd nesting quickly instead of parsing it for minutes', () => {
    const depth = 200_000;
    const text = `<rss><channel><title>${'<b>'.repeat(depth)}x${'</b>'.repeat(depth)}</title></channel></rss>`;
    const started = Date.now();
    expect(() => parseFeed(bytes(text))).toThrow(
      expect.objectContaining({ code: 'NOT_A_FEED', message: expect.stringMatching(/nest more than/) }),
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  // Issue 17 finding 1: the nesting pre-scan was a regex, cubic on tags that never close
  // ('<rss>' + '<a' × 4000 took 64 s). The depth is now counted by the parse itself.
  it.each([
    ["'<rss>' + '<a' × 4000 (8 KB)", '<rss>' + '<a'.repeat(4000)],
    ["'<a' × 6000 (12 KB)", '<a'.repeat(6000)],
  ])('parses %s of unclosed tags in milliseconds', (_name, text) => {
    const started = Date.now();
    try {
      parseFeed(bytes(text));
    } catch (err) {
      expect(err).toMatchObject({ code: 'NOT_A_FEED' });
    }
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it.each([
    ['<a', ''],
    ['<a', '<rss>'],
    ['<a ', '<rss>'],
    ['<a b="', '<rss><channel><title>'],
    ['<![CDATA[', '<rss>'],
    ['<!--', '<rss>'],
    ['<b>', '<rss><channel><title>'],
    ['</b>', `<rss><channel><title>${'<i>'.repeat(250)}`],
    // The audit of every parser after finding 1 (each was quadratic or worse before):
    ['<!DOCTYPE', ''], // the DOCTYPE regex rescanned the first 64 KB per "<!DOCTYPE"
    ['<!ENTITY a "', '<!DOCTYPE rss [', ']><rss/>'], // an entity value that never closes, per entity
    ['@', '<rss><channel><item><author>'], // the person patterns backtracked over runs of "@"
    ['&lt;b&gt;', '<rss><channel><item><title>'], // a title of 64 KB of nested HTML
    ['<b/>', '<rss><channel><title>'],
  ])(
    'costs about the same per byte at 64 KB as at 4 KB, and at 320 KB as at 8 KB, on repeated %j',
    (unit, head, tail = '') => {
      const make = (n: number) => repeatTo(n, unit, head, tail);
      // 16 times the size: quadratic work shows as x16 per byte. Some scans read only the first
      // 64 KB, so a quadratic one there must be caught below that size.
      const near = growth((b) => parseFeed(b), make, 4 * 1024, 64 * 1024);
      expect(
        near.ratio,
        `${near.smallNsPerByte.toFixed(1)} → ${near.largeNsPerByte.toFixed(1)} ns/byte`,
      ).toBeLessThan(8);
      const far = growth((b) => parseFeed(b), make);
      expect(
        far.ratio,
        `${far.smallNsPerByte.toFixed(1)} → ${far.largeNsPerByte.toFixed(1)} ns/byte`,
      ).toBeLessThan(20);
    },
  );

  // 10 MB of empty elements made a DOM of 2.6 million elements, 1 GB resident in the fetcher.
  it.each([
    ['<b/>', '<rss><channel><title>'],
    ['<b></b>', '<rss><channel><title>'],
  ])('refuses a feed of %s × 1,000,000 as NOT_A_FEED instead of building its DOM', (unit, head) => {
    expect(() => parseFeed(bytes(head + unit.repeat(1_000_000)))).toThrow(
      expect.objectContaining({
        code: 'NOT_A_FEED',
        message: expect.stringMatching(/more than 300000 elements/),
      }),
    );
  });

  it('reads naked, unclosed HTML in many items without calling it deep', () => {
    const item = '<item><title>t</title><description>a<br>b<p>c</description></item>';
    expect(parseFeed(bytes(`<rss><channel>${item.repeat(3000)}</channel></rss>`)).items).toHaveLength(3000);
  });

  it('expands flat DOCTYPE entities', () => {
    const text = `<!DOCTYPE rss [<!ENTITY site "Harbour News">]><rss><channel><title>&site; &amp; more</title></channel></rss>`;
    expect(parseFeed(bytes(text)).title).toBe('Harbour News & more');
  });

  it.each([
    [
      'nested entities (billion laughs)',
      `<!DOCTYPE rss [<!ENTITY a "xx"><!ENTITY b "&a;&a;&a;">]><rss><channel><title>&b;</title></channel></rss>`,
      /entity "b" refers to entity "a".*billion laughs/,
    ],
    [
      'one big entity referenced a million times',
      `<!DOCTYPE rss [<!ENTITY a "${'x'.repeat(1000)}">]><rss><channel><title>${'&a;'.repeat(1_000_000)}</title></channel></rss>`,
      /expand the document by more than 1048576 characters/,
    ],
  ])('refuses %s as NOT_A_FEED', (_name, text, message) => {
    expect(() => parseFeed(bytes(text))).toThrow(
      expect.objectContaining({ code: 'NOT_A_FEED', message: expect.stringMatching(message) }),
    );
  });

  it.each([
    [
      'RSS',
      (i: number) => `<item><title>${i}</title><link>https://a.example/${i}</link></item>`,
      (x: string) => `<rss><channel>${x}</channel></rss>`,
    ],
    [
      'Atom',
      (i: number) => `<entry><title>${i}</title><link href="https://a.example/${i}"/></entry>`,
      (x: string) => `<feed xmlns="http://www.w3.org/2005/Atom">${x}</feed>`,
    ],
  ])('parses only maxItems of a %s feed of 100,000 items, and counts the rest', (_name, item, wrap) => {
    const text = wrap(Array.from({ length: 100_000 }, (_, i) => item(i)).join(''));
    const started = Date.now();
    const feed = parseFeed(bytes(text), { maxItems: 20 });
    expect(Date.now() - started).toBeLessThan(1000);
    expect(feed.items.map((i) => i.title)).toEqual(Array.from({ length: 20 }, (_, i) => String(i)));
    expect(feed.itemCount).toBe(100_000);
  });

  it('parses only maxItems of a JSON Feed', () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ id: String(i), url: `https://a.example/${i}` }));
    const feed = parseFeed(bytes(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items })), {
      maxItems: 5,
    });
    expect(feed.items).toHaveLength(5);
    expect(feed.itemCount).toBe(1000);
  });

  // Issue 17 finding 5: `items: "nope"` was read as a valid, empty feed.
  it.each([
    ['"nope"', 'string, not an array'],
    ['{"0":{"id":"1"}}', 'object, not an array'],
    ['null', 'null, not an array'],
    ['7', 'number, not an array'],
  ])('refuses a JSON Feed whose items are %s as NOT_A_FEED', (items, why) => {
    const text = `{"version":"https://jsonfeed.org/version/1.1","title":"T","items":${items}}`;
    expect(() => parseFeed(bytes(text))).toThrow(
      expect.objectContaining({
        code: 'NOT_A_FEED',
        message: `not a feed: the JSON Feed's items are ${why}`,
      }),
    );
  });

  it('refuses a JSON Feed without items as NOT_A_FEED', () => {
    expect(() => parseFeed(bytes('{"version":"https://jsonfeed.org/version/1.1","title":"T"}'))).toThrow(
      expect.objectContaining({ code: 'NOT_A_FEED', message: expect.stringMatching(/items are missing/) }),
    );
  });

  it('names a JSON array for what it is', () => {
    expect(() => parseFeed(bytes('[{"version":"https://jsonfeed.org/version/1.1","items":[]}]'))).toThrow(
      expect.objectContaining({
        code: 'NOT_A_FEED',
        message: expect.stringMatching(/JSON document is an array/),
      }),
    );
  });

  it.each([
    ['an unclosed document', '<rss><channel><title>Cut off<item><title>one'],
    ['control characters in text', '<rss><channel><title>a\u0008b\u0001c</title></channel></rss>'],
    ['an <rss> with no channel', '<rss version="2.0"></rss>'],
  ])('does not throw on %s', (_name, text) => {
    expect(() => parseFeed(bytes(text))).not.toThrow();
  });

  it('drops control characters from titles', () => {
    expect(parseFeed(bytes('<rss><channel><title>a\u0008b</title></channel></rss>')).title).toBe('ab');
  });
});
