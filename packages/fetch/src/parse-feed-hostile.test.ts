import { describe, expect, it } from 'vitest';
import { parseFeed } from './parse-feed.js';

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

  it('reads naked, unclosed HTML in many items without calling it deep', () => {
    const item = '<item><title>t</title><description>a<br>b<p>c</description></item>';
    expect(parseFeed(bytes(`<rss><channel>${item.repeat(3000)}</channel></rss>`)).items).toHaveLength(3000);
  });

  it('keeps DOCTYPE entity expansion to one level (no billion laughs)', () => {
    const text = `<!DOCTYPE rss [<!ENTITY a "xx"><!ENTITY b "&a;&a;&a;">]><rss><channel><title>&b;</title></channel></rss>`;
    // b's value goes in as written; the &a; inside it is not expanded again.
    expect(parseFeed(bytes(text)).title).toBe('&a;&a;&a;');
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
