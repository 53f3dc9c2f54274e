import { describe, expect, it } from 'vitest';
import { cleanPage, detectCharset } from './clean-page.js';

const SENTENCE = 'The café reopened on Monday after a two-year renovation, its owners said in a statement.';
const HTML = `<html><head><meta charset="windows-1252"></head><body><article><p>${SENTENCE}</p></article></body></html>`;

/** windows-1252 bytes for text whose only non-ASCII character is "é" (0xE9). */
function cp1252(text: string): Uint8Array {
  return Uint8Array.from([...text].map((ch) => (ch === 'é' ? 0xe9 : ch.charCodeAt(0))));
}

describe('detectCharset', () => {
  it.each([
    ['text/html; charset=ISO-8859-1', '', 'windows-1252'],
    ['text/html', '<meta charset="windows-1252">', 'windows-1252'],
    ['text/html', '<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS">', 'shift_jis'],
    ['text/html', '<p>no declaration</p>', 'utf-8'],
    ['text/html; charset=bogus-x', '', 'utf-8'],
  ])('%s + %s -> %s', (contentType, head, expected) => {
    expect(detectCharset(new TextEncoder().encode(head), contentType)).toBe(expected);
  });

  it('lets a byte-order mark outrank the declared charset', () => {
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, 0x3c, 0x70, 0x3e]);
    expect(detectCharset(bom, 'text/html; charset=windows-1252')).toBe('utf-8');
  });
});

describe('cleanPage', () => {
  it('decodes bytes with the meta charset', () => {
    expect(cleanPage(cp1252(HTML), { contentType: 'text/html' }).text).toBe(SENTENCE);
  });

  it('decodes UTF-8 by default', () => {
    const utf8 = new TextEncoder().encode(HTML.replace('windows-1252', 'utf-8'));
    expect(cleanPage(utf8, { contentType: 'text/html' }).text).toBe(SENTENCE);
  });

  it('treats text/plain as a text dump', () => {
    const dump = `Cafe Reopens After Renovation\n\nBy Jane Doe\n\n${SENTENCE}`;
    const article = cleanPage(dump, {
      contentType: 'text/plain; charset=utf-8',
      url: 'https://news.example/en/food/cafe-1.html',
    });
    expect(article).toMatchObject({
      title: 'Cafe Reopens After Renovation',
      authors: ['Jane Doe'],
      text: SENTENCE,
      section: 'Food',
    });
  });
});
