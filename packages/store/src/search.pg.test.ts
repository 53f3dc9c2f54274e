import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from './open-store.js';
import { pgliteBackend, postgresBackend, type TestBackend } from './test-support/backends.js';
import { storeJob } from './test-support/store-job.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const ARTICLES = [
  {
    url: 'https://news.example.com/bridge',
    language: 'en',
    title: 'Harbour bridges reopen after repairs',
    text: 'Engineers replaced the suspension cables of both bridges over the estuary.',
  },
  {
    url: 'https://news.example.com/library',
    language: 'en',
    title: 'Library scraps late fees',
    text: 'Overdue books came back after the library stopped charging fines for bridge loans.',
  },
  {
    url: 'https://nouvelles.example.fr/ponts',
    language: 'fr',
    title: 'Les ponts du port rouvrent',
    text: 'Les ingénieurs ont remplacé les câbles des deux ponts.',
  },
  {
    url: 'https://news.example.com/chess',
    language: 'en',
    title: 'Twelve-year-old wins chess title',
    text: "The final round lasted more than four hours; O'Brien's record fell.",
  },
  {
    url: 'https://xinwen.example.cn/baoyu',
    language: 'zh',
    title: '气象局发布暴雨预警',
    text: '国家气象局周二发布暴雨橙色预警，预计未来三天南方多个省份将出现强降雨天气。',
  },
  {
    url: 'https://news.example.jp/keizai',
    language: 'ja',
    title: '政府が新しい経済対策を発表',
    text: '日本政府は今日、東京で新しい経済対策を発表した。',
  },
];

describe.each<[string, TestBackend]>([
  ['postgres', postgresBackend()],
  ['pglite', pgliteBackend()],
])('full-text search on %s', (_kind, backend) => {
  let store: Store;

  beforeAll(async () => {
    await backend.setup();
    store = await openStore(backend.options());
    for (const a of ARTICLES) {
      await store.upsertArticle(
        storeJob(a.url, {
          sourceId: a.language === 'fr' ? 'fr-source' : 'en-source',
          article: { title: a.title, text: a.text, lead: null },
          classification: { language: a.language, languageScore: 0.9 },
        }),
      );
    }
  });
  afterAll(async () => {
    await store?.close();
    await backend.dispose();
  });

  const urls = async (options: Parameters<Store['searchArticles']>[0]) =>
    (await store.searchArticles(options)).map((hit) => hit.article.url);

  it('stems with the article language and ranks a title match first', async () => {
    // "bridge" finds "bridges" (English stemmer); the title match outranks a body mention.
    expect(await urls({ query: 'bridge' })).toEqual([
      'https://news.example.com/bridge',
      'https://news.example.com/library',
    ]);
    expect(await urls({ query: 'pont' })).toEqual(['https://nouvelles.example.fr/ponts']);
  });

  it('filters by language, source and date', async () => {
    expect(await urls({ query: 'ponts', language: 'en' })).toEqual([]);
    expect(await urls({ query: 'ponts', language: 'fr' })).toEqual(['https://nouvelles.example.fr/ponts']);
    expect(await urls({ query: 'bridge', sourceId: 'fr-source' })).toEqual([]);
    expect(await urls({ query: 'bridge', since: new Date('2100-01-01T00:00:00Z') })).toEqual([]);
  });

  it('reads punctuation in the query as text', async () => {
    expect(await urls({ query: "O'Brien's record" })).toEqual(['https://news.example.com/chess']);
  });

  it('understands phrases and exclusions', async () => {
    expect(await urls({ query: '"late fees"' })).toEqual(['https://news.example.com/library']);
    expect(await urls({ query: 'bridge -library' })).toEqual(['https://news.example.com/bridge']);
  });

  it('finds words inside Chinese and Japanese text, which has no spaces between words', async () => {
    expect(await urls({ query: '暴雨' })).toEqual(['https://xinwen.example.cn/baoyu']);
    expect(await urls({ query: '南方省份' })).toEqual(['https://xinwen.example.cn/baoyu']);
    expect(await urls({ query: '气象局' })).toEqual(['https://xinwen.example.cn/baoyu']);
    expect(await urls({ query: '气象局 -暴雨' })).toEqual([]);
    expect(await urls({ query: '経済対策' })).toEqual(['https://news.example.jp/keizai']);
    expect(await urls({ query: '東京', language: 'ja' })).toEqual(['https://news.example.jp/keizai']);
    expect(await urls({ query: '北京' })).toEqual([]);
  });

  it.each([
    ['an apostrophe', "O'Brien's record"],
    ['SQL', "'); DROP TABLE articles; --"],
    ['tsquery operators', '%_\\\\ & | ! :* <-> ()'],
    ['10 KB of text', 'x'.repeat(10_000)],
  ])('takes %s as plain search text', async (_name, query) => {
    await expect(store.searchArticles({ query })).resolves.toBeInstanceOf(Array);
    expect(await store.countArticles()).toBe(ARTICLES.length);
  });
});
