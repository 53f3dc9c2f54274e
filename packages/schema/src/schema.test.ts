import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  ARTICLE_LIMITS,
  ArticleDateTime,
  articleJobId,
  articleKey,
  CleanArticle,
  describeZodError,
  FetchJob,
  formatFailure,
  normalizeUrl,
  parseFailure,
  Revision,
  SourceTags,
  StoreJob,
} from './index.js';

describe('normalizeUrl', () => {
  it.each([
    ['HTTP://Example.COM:80/a?b=2&a=1#frag', 'http://example.com/a?a=1&b=2'],
    ['https://example.com/story?utm_source=x&id=7&fbclid=abc', 'https://example.com/story?id=7'],
    ['https://example.com:443/', 'https://example.com/'],
    ['https://user:pw@example.com/a', 'https://example.com/a'],
    ['https://example.com/%7euser/caf%c3%a9', 'https://example.com/~user/caf%C3%A9'],
    ['https://example.com/a%2Fb?q=%41%42', 'https://example.com/a%2Fb?q=AB'],
    ['https://example.com/a?utm_source=x&UTM_Medium=y&utm_campaign_id=1', 'https://example.com/a'],
    ['https://example.com/a?gclid=1&msclkid=2&mc_cid=3&mc_eid=4&_hsenc=5&_hsmi=6', 'https://example.com/a'],
    ['https://example.com/a?pk_campaign=x&mtm_source=y&xtor=RSS-1&ncid=rss&smid=tw', 'https://example.com/a'],
    ['https://example.com/a?id=7&p=2&ref=home&page=3', 'https://example.com/a?id=7&p=2&page=3&ref=home'],
    ['https://WWW.Example.com/a', 'https://www.example.com/a'],
    ['https://example.com/a?b=1&a=2&a=1', 'https://example.com/a?a=1&a=2&b=1'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeUrl(input)).toBe(expected);
  });

  it('rejects non-http schemes', () => {
    expect(() => normalizeUrl('ftp://example.com/')).toThrow(/not an http/);
  });
});

describe('articleKey', () => {
  it.each([
    'https://example.com/story?id=7',
    'https://www.example.com/2024/09/13/news-story',
    'http://example.com/a?a=1&b=2',
    'https://example.com/caf%C3%A9',
  ])('keeps the key of the already-normalized %s', (url) => {
    expect(normalizeUrl(url)).toBe(url);
    expect(articleKey(url)).toBe(createHash('sha256').update(url).digest('hex').slice(0, 32));
  });
  it.each(['HTTP://Example.COM:80/a?b=2&a=1#frag', 'https://example.com/%7euser?utm_source=x&q=%41'])(
    'normalizes %s idempotently',
    (url) => {
      expect(normalizeUrl(normalizeUrl(url))).toBe(normalizeUrl(url));
    },
  );
  it('is the same for URLs that differ only in tracking and fragment', () => {
    expect(articleKey('https://a.example/x?utm_medium=rss#top')).toBe(articleKey('https://a.example/x'));
    expect(articleKey('https://a.example/x')).toMatch(/^[0-9a-f]{32}$/);
  });
  it('makes BullMQ-safe job ids', () => {
    const id = articleJobId(articleKey('https://a.example/1'));
    expect(id).not.toContain(':');
    expect(id).not.toMatch(/^\d+$/);
  });

  it('gives a reprocess run its own ids, the same for every replay of the run', () => {
    const key = articleKey('https://a.example/1');
    expect(articleJobId(key, undefined)).toBe(`a-${key}`);
    expect(articleJobId(key, 'r20261127T233512Z-3fa2')).toBe(`a-${key}-r20261127T233512Z-3fa2`);
    expect(articleJobId(key, 'r1')).toBe(articleJobId(key, 'r1'));
    expect(Revision.safeParse('r1:2').success).toBe(false);
    expect(Revision.safeParse('').success).toBe(false);
  });
});

describe('payload validation', () => {
  it('names the bad field', () => {
    const result = FetchJob.safeParse({ kind: 'page', url: 'not a url' });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeZodError(result.error)).toMatch(/^url: /);
  });
  it('fills defaults', () => {
    expect(FetchJob.parse({ kind: 'feed', url: 'https://a.example/rss' })).toEqual({
      kind: 'feed',
      url: 'https://a.example/rss',
      hint: null,
      sourceId: null,
      ingestId: null,
    });
  });
});

describe('failure reasons', () => {
  it('round-trips the code', () => {
    expect(parseFailure(formatFailure('HTTP_NOT_FOUND', 'HTTP 404 for x'))).toEqual({
      code: 'HTTP_NOT_FOUND',
      message: 'HTTP 404 for x',
    });
    expect(parseFailure('something odd').code).toBe('INTERNAL');
  });
});

describe('ArticleDateTime', () => {
  it.each(['2024-09-13T14:00:00+05:00', '2024-09-13T14:00:00', '2024-09-13T09:00:00Z'])(
    'accepts %s',
    (value) => {
      expect(ArticleDateTime.safeParse(value).success).toBe(true);
    },
  );
  it('rejects a bare date word', () => {
    expect(ArticleDateTime.safeParse('September 13').success).toBe(false);
  });
});

describe('URL fields are http(s) only (issue 17)', () => {
  const URL_A = 'https://news.example.org/a';
  const store = {
    key: 'a'.repeat(32),
    url: URL_A,
    finalUrl: URL_A,
    fetchedAt: '2024-09-13T10:00:00.000Z',
    rawRef: null,
    article: { title: 'Bridge reopens', authors: [], publishedAt: null, text: 'The bridge reopened.' },
    extractor: { name: 'x', version: '1' },
    dedup: { canonicalUrl: URL_A, contentHash: 'b'.repeat(64), duplicateOf: null, similarity: null },
    classification: { language: 'en', languageScore: 0.9 },
  };
  const JS = 'javascript:alert(document.domain)//';

  it('accepts the valid store job', () => {
    expect(StoreJob.safeParse(store).success).toBe(true);
  });

  it.each([
    ['dedup.canonicalUrl', { ...store, dedup: { ...store.dedup, canonicalUrl: JS } }],
    ['article.canonicalUrl', { ...store, article: { ...store.article, canonicalUrl: JS } }],
    ['article.imageUrl', { ...store, article: { ...store.article, imageUrl: 'data:image/svg+xml,<svg/>' } }],
    ['article.images.0.url', { ...store, article: { ...store.article, images: [{ url: JS }] } }],
    ['finalUrl', { ...store, finalUrl: 'file:///etc/passwd' }],
  ])('refuses a non-http(s) %s, naming it', (field, payload) => {
    const result = StoreJob.safeParse(payload);
    expect(result.success).toBe(false);
    if (!result.success) expect(describeZodError(result.error)).toBe(`${field}: an absolute http(s) URL`);
  });
});

describe('article size bounds (issue 17: a 20 MB text or 100,000 authors were stored)', () => {
  const base = { title: 'Bridge reopens', authors: [], publishedAt: null, text: 'The bridge reopened.' };
  it.each([
    [
      'text',
      { text: 'x'.repeat(ARTICLE_LIMITS.textChars + 1) },
      'text: at most 1000000 characters (ARTICLE_LIMITS.textChars)',
    ],
    [
      'authors',
      { authors: Array.from({ length: 100_000 }, (_, i) => `Author ${i}`) },
      'authors: at most 50 entries (ARTICLE_LIMITS.authors)',
    ],
    [
      'an author',
      { authors: ['y'.repeat(201)] },
      'authors.0: at most 200 characters (ARTICLE_LIMITS.authorChars)',
    ],
    [
      'tags',
      { tags: Array.from({ length: 101 }, (_, i) => `t${i}`) },
      'tags: at most 100 entries (ARTICLE_LIMITS.tags)',
    ],
    [
      'images',
      { images: Array.from({ length: 101 }, (_, i) => ({ url: `https://a.example/${i}.jpg` })) },
      'images: at most 100 entries (ARTICLE_LIMITS.images)',
    ],
    ['a title', { title: 't'.repeat(1_001) }, 'title: at most 1000 characters (ARTICLE_LIMITS.titleChars)'],
  ])('refuses too many %s, naming the limit', (_name, over, reason) => {
    const result = CleanArticle.safeParse({ ...base, ...over });
    expect(result.success).toBe(false);
    if (!result.success) expect(describeZodError(result.error)).toBe(reason);
  });

  it('takes an article at every limit', () => {
    const L = ARTICLE_LIMITS;
    const result = CleanArticle.safeParse({
      ...base,
      text: 'x'.repeat(L.textChars),
      authors: Array.from({ length: L.authors }, () => 'a'.repeat(L.authorChars)),
      tags: Array.from({ length: L.tags }, () => 't'.repeat(L.tagChars)),
      images: Array.from({ length: L.images }, (_, i) => ({ url: `https://a.example/${i}.jpg` })),
    });
    expect(result.success).toBe(true);
  });
});

describe('source tags (issue 21: OPML folders and sources-file tags)', () => {
  it('ride on a scheduled fetch job, trimmed', () => {
    const job = FetchJob.parse({ kind: 'feed', url: 'https://a.example/rss', tags: [' World ', 'daily'] });
    expect(job.tags).toEqual(['World', 'daily']);
    expect(FetchJob.parse({ kind: 'feed', url: 'https://a.example/rss' }).tags).toBeUndefined();
  });

  it.each([
    ['an empty tag', ['  ']],
    ['a tag over 100 characters', ['x'.repeat(101)]],
    ['a control character', ['a\nb']],
    ['more than 50 tags', Array.from({ length: 51 }, (_, i) => `t${i}`)],
  ])('refuse %s', (_what, tags) => {
    expect(SourceTags.safeParse(tags).success).toBe(false);
  });
});
