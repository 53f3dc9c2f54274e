import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from './open-store.js';
import { pgliteBackend, postgresBackend, type TestBackend } from './test-support/backends.js';
import { storeJob } from './test-support/store-job.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

describe.each<[string, TestBackend]>([
  ['postgres', postgresBackend()],
  ['pglite', pgliteBackend()],
])('listing articles on %s', (_kind, backend) => {
  let store: Store;
  const urls = Array.from({ length: 5 }, (_, i) => `https://news.example.com/story-${i}`);

  beforeAll(async () => {
    await backend.setup();
    store = await openStore(backend.options());
    for (const [i, url] of urls.entries()) {
      await store.upsertArticle(
        storeJob(url, { classification: { language: i === 4 ? 'fr' : 'en', languageScore: 0.9 } }),
      );
    }
  });
  afterAll(async () => {
    await store?.close();
    await backend.dispose();
  });

  it('pages newest first with a cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await store.listArticles({ limit: 2, cursor });
      seen.push(...page.articles.map((a) => a.url));
      cursor = page.next ?? undefined;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([...urls].reverse());
  });

  it('filters by language', async () => {
    const page = await store.listArticles({ language: 'fr' });
    expect(page.articles.map((a) => a.url)).toEqual([urls[4]]);
    expect(page.next).toBeNull();
  });

  it('refuses a cursor it did not make', async () => {
    await expect(store.listArticles({ cursor: 'bm90IGEgY3Vyc29y' })).rejects.toThrow(RangeError);
  });
});
