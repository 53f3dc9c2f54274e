import { ARTICLE_LIMITS } from '@newsflow/schema';
import { describe, expect, it } from 'vitest';
import { cleanHtml } from './clean-html.js';
import { cleanText } from './clean-text.js';

/**
 * Issue 17: a stored article had no size bounds (a 20 MB text or 100,000 authors). The cleaner
 * cuts the lists and short fields a page gives it to the schema's ARTICLE_LIMITS instead of
 * failing the page; the text is bounded by the clean stage (TOO_LARGE, apps/cleaner).
 */

const paragraph = (i: number) =>
  `Paragraph ${i} of the council's very long report on the harbour bridge. ${'The engineers checked every joint. '.repeat(28)}`;

/** A distinct plausible name per index: "Mara Ab", "Mara Ac", … (bylines have no digits). */
const reporter = (i: number) =>
  `Mara ${[...i.toString(26).padStart(2, '0')].map((c, j) => String.fromCharCode((j ? 97 : 65) + Number.parseInt(c, 26))).join('')}`;

describe('the cleaner cuts a huge page to ARTICLE_LIMITS', () => {
  it('leaves the body text whole: the clean stage refuses one over the limit as TOO_LARGE', () => {
    // 400 paragraphs, about 400,000 characters: a long read, under ARTICLE_LIMITS.textChars.
    const body = Array.from({ length: 400 }, (_, i) => paragraph(i)).join('\n\n');
    const article = cleanText(`Harbour bridge report\n\n${body}`, { url: 'https://news.example.org/report' });
    expect(article.isArticle).toBe(true);
    expect(article.text.length).toBeGreaterThan(body.length * 0.99);
  });

  it('keeps the first 50 of 5,000 authors and 100 of 5,000 tags', () => {
    const ld = {
      '@type': 'NewsArticle',
      headline: 'Harbour bridge reopens',
      author: Array.from({ length: 5_000 }, (_, i) => ({ '@type': 'Person', name: reporter(i) })),
      keywords: Array.from({ length: 5_000 }, (_, i) => `tag${i}`).join(', '),
    };
    const html = `<!doctype html><html><head><title>Harbour bridge reopens</title>
      <script type="application/ld+json">${JSON.stringify(ld)}</script></head><body><article>
      <h1>Harbour bridge reopens</h1><p>${paragraph(1)}</p><p>${paragraph(2)}</p></article></body></html>`;
    const article = cleanHtml(html, { url: 'https://news.example.org/bridge' });
    expect(article.authors.length).toBeLessThanOrEqual(ARTICLE_LIMITS.authors);
    expect(article.authors[0]).toBe(reporter(0));
    expect(article.tags.length).toBeLessThanOrEqual(ARTICLE_LIMITS.tags);
    expect(article.text).toContain('Paragraph 2');
  });

  it('cuts a 50,000-character title', () => {
    const html = `<!doctype html><html><head><title>${'Bridge '.repeat(7_000)}</title></head><body><article>
      <p>${paragraph(1)}</p><p>${paragraph(2)}</p></article></body></html>`;
    const article = cleanHtml(html, { url: 'https://news.example.org/bridge' });
    expect(article.title?.length).toBeLessThanOrEqual(ARTICLE_LIMITS.titleChars);
  });
});
