import { growth } from '@newsflow/schema/testing';
import { describe, expect, it } from 'vitest';
import { parseOpml, toOpml } from './opml.js';

const doc = (body: string) => `<?xml version="1.0"?><opml version="2.0"><head/><body>${body}</body></opml>`;

describe('parseOpml', () => {
  it.each([
    [
      'a flat feed',
      '<outline type="rss" text="A" xmlUrl="https://a.example/rss"/>',
      [['https://a.example/rss', []]],
    ],
    [
      'folders as tags, entities decoded',
      '<outline text="Tech &amp; Science"><outline text="Dev"><outline xmlUrl="https://a.example/rss"/></outline></outline>',
      [['https://a.example/rss', ['Tech & Science', 'Dev']]],
    ],
    [
      'category paths and commas',
      '<outline xmlUrl="https://a.example/rss" category="/News/World, Daily ,,"/>',
      [['https://a.example/rss', ['News/World', 'Daily']]],
    ],
    [
      'one feed in two folders: one feed, both tags',
      '<outline text="A"><outline xmlUrl="https://a.example/rss"/></outline><outline text="B"><outline xmlUrl="https://a.example/rss"/></outline>',
      [['https://a.example/rss', ['A', 'B']]],
    ],
    [
      'a title instead of text, unclosed folders at the end',
      '<outline title="T"><outline xmlUrl="https://a.example/rss">',
      [['https://a.example/rss', ['T']]],
    ],
  ])('reads %s', (_what, body, want) => {
    const { feeds, refused } = parseOpml(doc(body));
    expect(refused).toEqual([]);
    expect(feeds.map((f) => [f.url, f.tags])).toEqual(want);
  });

  it('reads type="sitemap" as a sitemap source', () => {
    expect(
      parseOpml(doc('<outline type="sitemap" xmlUrl="https://a.example/sitemap.xml"/>')).feeds[0]?.kind,
    ).toBe('sitemap');
  });

  it.each([
    ['javascript:alert(1)', 'BAD_URL'],
    ['file:///etc/passwd', 'BAD_URL'],
    ['not a url', 'BAD_URL'],
    ['http://127.0.0.1:6379/', 'PRIVATE_ADDRESS'],
    ['http://[::1]/feed', 'PRIVATE_ADDRESS'],
    ['http://localhost/feed', 'PRIVATE_ADDRESS'],
    ['http://10.1.2.3/feed', 'PRIVATE_ADDRESS'],
  ])('refuses xmlUrl %s as %s, naming its line', (url, code) => {
    const { feeds, refused } = parseOpml(`<opml><body>\n\n<outline xmlUrl="${url}"/>\n</body></opml>`);
    expect(feeds).toEqual([]);
    expect(refused).toEqual([expect.objectContaining({ line: 3, url, code })]);
  });

  it('takes private addresses when allowed', () => {
    expect(
      parseOpml(doc('<outline xmlUrl="http://127.0.0.1/rss"/>'), { allowPrivate: true }).feeds,
    ).toHaveLength(1);
  });

  it('refuses a document without <opml>, and nesting over 32 levels', () => {
    expect(() => parseOpml('<html><body/></html>')).toThrow(/not an OPML document/);
    expect(() => parseOpml(doc('<outline text="x">'.repeat(33)))).toThrow(/deeper than 32 levels/);
  });

  it('round-trips through toOpml: same feeds, kinds and tags', () => {
    const sources = [
      { url: 'https://a.example/rss?x=1&y="2"', kind: 'feed', tags: ['News, Politics', '<b>'] },
      { url: 'https://b.example/sitemap.xml', kind: 'sitemap', tags: [] },
    ];
    const back = parseOpml(toOpml(sources)).feeds.map((f) => ({
      url: f.url,
      kind: f.kind,
      tags: f.tags.sort(),
    }));
    expect(back.sort((a, b) => a.url.localeCompare(b.url))).toEqual(
      sources.map((s) => ({ ...s, tags: [...s.tags].sort() })),
    );
  });

  it.each([
    ['many feeds', '<outline text="F"><outline type="rss" xmlUrl="https://a.example/', '"/></outline>'],
    [
      'one feed repeated in many folders',
      '<outline text="F',
      '"><outline xmlUrl="https://a.example/rss"/></outline>',
    ],
    ['many refused outlines', '<outline xmlUrl="javascript:', '"/>'],
  ])('is linear in the input for %s', (_what, open, close) => {
    let n = 0;
    const make = (bytes: number): Uint8Array => {
      const parts: string[] = ['<opml><body>'];
      let size = 0;
      while (size < bytes) {
        const unit = `${open}${n++}${close}\n`;
        parts.push(unit);
        size += unit.length;
      }
      parts.push('</body></opml>');
      return new TextEncoder().encode(parts.join(''));
    };
    const decoder = new TextDecoder();
    const { ratio, smallNsPerByte, largeNsPerByte } = growth((b) => parseOpml(decoder.decode(b)), make);
    expect(ratio, `${smallNsPerByte.toFixed(1)} → ${largeNsPerByte.toFixed(1)} ns/byte`).toBeLessThan(20);
  });
});
