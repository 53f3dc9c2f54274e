import { describe, expect, it } from 'vitest';
import { cleanText } from './clean-text.js';
import { readFixture } from './test-support/fixtures.js';

interface SeedExpectation {
  input: string;
  url: string;
  expect: {
    title: string;
    authors: string[];
    publishedDate: string;
    publishedLocalTime: string;
    dateline: { place: string; agency: string };
    section: string;
    body: { startsWith: string; endsWith: string; paragraphs: number; mustNotContain: string[] };
  };
}

describe('cleanText on the seed dump (expected.json)', () => {
  const seed = JSON.parse(readFixture('seed', 'expected.json')) as SeedExpectation;
  const article = cleanText(readFixture('seed', seed.input), { url: seed.url });
  const { expect: want } = seed;

  it('finds the headline, byline and local publication time', () => {
    expect(article.title).toBe(want.title);
    expect(article.authors).toEqual(want.authors);
    // The dump states no zone, so the time stays local (no offset).
    expect(article.publishedAt).toBe(`${want.publishedDate}T${want.publishedLocalTime}:00`);
  });

  it('splits off the dateline and derives the section', () => {
    expect(article.dateline).toEqual(want.dateline);
    expect(article.section).toBe(want.section);
  });

  it('keeps exactly the body paragraphs', () => {
    const paragraphs = article.text.split('\n\n');
    expect(article.text.startsWith(want.body.startsWith)).toBe(true);
    expect(article.text.endsWith(want.body.endsWith)).toBe(true);
    expect(paragraphs).toHaveLength(want.body.paragraphs);
  });

  it.each(seed.expect.body.mustNotContain)('drops %j', (chrome) => {
    expect(article.text).not.toContain(chrome);
  });
});

describe('cleanText on other dump shapes', () => {
  const wire = [
    'Home | World | Business | Markets',
    'Open Menu',
    'Oil Prices Climb As Supply Fears Grow',
    'By Jane Doe and John Roe',
    'Updated: Sept. 13, 2024 4:05 p.m. ET',
    'WASHINGTON (Reuters) - Oil prices rose on Friday as traders weighed supply risks in the Middle East.',
    'Brent crude futures gained 1.2% to settle at $72.40 a barrel, the highest in two weeks.',
    'Read more',
    'Stocks slip as rate worries return',
    '2 hours ago',
  ].join('\n');

  it('reads a wire story saved one paragraph per line', () => {
    const article = cleanText(wire);
    expect(article).toMatchObject({
      title: 'Oil Prices Climb As Supply Fears Grow',
      authors: ['Jane Doe', 'John Roe'],
      publishedAt: '2024-09-13T16:05:00',
      dateline: { place: 'Washington', agency: 'Reuters' },
    });
    expect(article.text.split('\n\n')).toEqual([
      'Oil prices rose on Friday as traders weighed supply risks in the Middle East.',
      'Brent crude futures gained 1.2% to settle at $72.40 a barrel, the highest in two weeks.',
    ]);
  });

  it('reads an AP-style dump with a sentence-case headline and a timed "Published" line', () => {
    const dump = [
      'Skip to main content',
      'AP NEWS',
      'Top Stories',
      'Ukraine says it downed dozens of drones overnight',
      'By JANE DOE',
      'Published 2:05 PM EDT, September 13, 2024',
      'KYIV, Ukraine (AP) — Ukraine’s air force said Friday it shot down 40 of 46 drones launched overnight.',
      'Officials in several regions reported damage to homes but no deaths, the governors said.',
      'Related Stories',
      'Another story that is not part of this one',
    ].join('\n\n');
    const article = cleanText(dump);
    expect(article).toMatchObject({
      title: 'Ukraine says it downed dozens of drones overnight',
      authors: ['Jane Doe'],
      publishedAt: '2024-09-13T14:05:00',
      dateline: { place: 'Kyiv, Ukraine', agency: 'AP' },
    });
    expect(article.text.split('\n\n')).toHaveLength(2);
    expect(article.text).not.toContain('Related Stories');
  });

  it('returns isArticle false with a reason for a dump without prose', () => {
    expect(cleanText('Home\n\nWorld\n\nOpen Menu\n\nLatest Headlines Here')).toMatchObject({
      isArticle: false,
      notArticleReason: 'no article body text found',
    });
  });
});
