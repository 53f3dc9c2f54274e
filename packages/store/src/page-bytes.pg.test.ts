import { ARTICLE_LIMITS } from '@newsflow/schema';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAX_PAGE_BYTES } from './list-articles.js';
import { openStore, type Store } from './open-store.js';
import { postgresBackend } from './test-support/backends.js';
import { storeJob } from './test-support/store-job.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

/**
 * Issue 17: articles of any size made the default `/api/articles` page 22 MB. With each
 * article bounded by ARTICLE_LIMITS, a page also stops at MAX_PAGE_BYTES of JSON; the rest
 * follow through `next`, without gaps or repeats.
 */
describe('a page of articles stops at MAX_PAGE_BYTES', () => {
  const backend = postgresBackend();
  let store: Store;
  const COUNT = 8;
  const big = (i: number) =>
    Array.from({ length: 190 }, (_, p) => `Story ${i}, paragraph ${p}: ${'the harbour bridge '.repeat(50)}`)
      .join('\n\n')
      .slice(0, ARTICLE_LIMITS.textChars);

  beforeAll(async () => {
    await backend.setup();
    store = await openStore(backend.options());
    for (let i = 0; i < COUNT; i++) {
      const url = `https://news.example.com/long-${i}`;
      await store.upsertArticle(storeJob(url, { article: { text: big(i) } }));
    }
  });
  afterAll(async () => {
    await store?.close();
    await backend.dispose();
  });

  it('returns fewer articles than asked for, with a cursor to the rest', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listArticles({ limit: 200, cursor });
      expect(Buffer.byteLength(JSON.stringify(page))).toBeLessThan(MAX_PAGE_BYTES + 1_000);
      expect(page.articles.length).toBeGreaterThan(0);
      seen.push(...page.articles.map((a) => a.id));
      cursor = page.next ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(COUNT);
    expect(seen).toHaveLength(COUNT);
  });

  it('caps search hits the same way', async () => {
    const hits = await store.searchArticles({ query: 'harbour bridge', limit: 200 });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.length).toBeLessThan(COUNT);
    expect(Buffer.byteLength(JSON.stringify(hits))).toBeLessThan(MAX_PAGE_BYTES + 1_000);
  });
});
