import { randomBytes } from 'node:crypto';
import { type StageHarness, stageHarness } from '@newsflow/queue/testing';
import { articleKey, type StoreJobInput } from '@newsflow/schema';
import { openStore, type Store } from '@newsflow/store';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storeStage } from './store-stage.js';

const REDIS = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN_URL = process.env.NEWSFLOW_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

function storeJob(url: string, title: string): StoreJobInput {
  return {
    key: articleKey(url),
    url,
    finalUrl: url,
    fetchedAt: '2024-09-13T10:00:00.000Z',
    rawRef: null,
    article: { title, authors: ['Faizan Hashmi'], publishedAt: '2024-09-13T14:00:00+05:00', text: 'Body.' },
    extractor: { name: 'test', version: '0' },
    dedup: { canonicalUrl: url, contentHash: 'b'.repeat(64), duplicateOf: null, similarity: null },
    classification: { language: 'en', languageScore: 0.9 },
  };
}

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  await client.query(sql);
  await client.end();
}

describe('store stage worker on real Redis and PostgreSQL', () => {
  const database = `newsflow_storer_${randomBytes(4).toString('hex')}`;
  let store: Store;
  let harness: StageHarness;

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    store = await openStore({ databaseUrl: url.toString() });
    harness = await stageHarness([{ ...storeStage({ store, concurrency: 2 }), close: undefined }], REDIS);
  });
  afterAll(async () => {
    await harness?.close();
    await store?.close();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  });

  it('stores an article once, however often its job runs', async () => {
    const url = 'https://news.example.org/one';
    const first = await harness.run('store', storeJob(url, 'First title'), 'run-1');
    expect(first.returnvalue).toEqual({
      outcome: 'stored',
      articleId: articleKey(url),
      change: 'inserted',
      duplicateOf: null,
    });
    const replay = await harness.run('store', storeJob(url, 'First title'), 'run-2');
    expect(replay.returnvalue).toMatchObject({ change: 'unchanged' });
    const edited = await harness.run('store', storeJob(url, 'Corrected title'), 'run-3');
    expect(edited.returnvalue).toMatchObject({ change: 'updated' });
    expect(await store.countArticles()).toBe(1);
    expect((await store.getArticle(articleKey(url)))?.title).toBe('Corrected title');
  });
});
