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
      const sport = i % 2 === 0;
      await store.upsertArticle(
        storeJob(url, {
          classification: {
            language: i === 4 ? 'fr' : 'en',
            languageScore: 0.9,
            topics: [
              { label: sport ? 'sport' : 'politics', score: 0.8 },
              { label: 'economy', score: 0.1 },
            ],
            entities: {
              people: i === 1 ? [{ text: 'Ada Lovelace', count: 2, offset: 10 }] : [],
              places: i === 3 ? [{ text: 'Ada Lovelace', count: 1, offset: 40 }] : [],
              organizations: [{ text: 'Harbour Board', count: 1, offset: 0 }],
            },
          },
          dedup: {
            canonicalUrl: url,
            contentHash: String(i).repeat(64),
            duplicateOf: i >= 3 ? 'c'.repeat(32) : null,
            similarity: i >= 3 ? 0.9 : null,
            clusterId: i >= 3 ? 'c'.repeat(32) : null,
          },
        }),
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

  it('filters by topic (any of the article topics), entity (any kind) and story cluster', async () => {
    const urlsOf = async (options: Parameters<Store['listArticles']>[0]) =>
      (await store.listArticles(options)).articles.map((a) => a.url);
    expect(await urlsOf({ topic: 'sport' })).toEqual([urls[4], urls[2], urls[0]]);
    expect(await urlsOf({ topic: 'economy' })).toHaveLength(5);
    expect(await urlsOf({ topic: 'sport', language: 'en' })).toEqual([urls[2], urls[0]]);
    expect(await urlsOf({ entity: 'Ada Lovelace' })).toEqual([urls[3], urls[1]]);
    expect(await urlsOf({ entity: 'Ada' })).toEqual([]);
    expect(await urlsOf({ clusterId: 'c'.repeat(32) })).toEqual([urls[4], urls[3]]);
    expect(await urlsOf({ topic: 'sport', clusterId: 'c'.repeat(32) })).toEqual([urls[4]]);
    const hits = await store.searchArticles({
      query: 'harbour bridge',
      entity: 'Ada Lovelace',
      topic: 'politics',
    });
    expect(hits.map((h) => h.article.url).sort()).toEqual([urls[1], urls[3]].sort());
  });

  it('refuses a cursor it did not make', async () => {
    await expect(store.listArticles({ cursor: 'bm90IGEgY3Vyc29y' })).rejects.toThrow(RangeError);
  });
});
