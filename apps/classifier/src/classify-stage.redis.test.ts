import { type StageHarness, stageHarness } from '@newsflow/queue/testing';
import { articleJobId, articleKey, StoreJob } from '@newsflow/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyStage } from './classify-stage.js';

const REDIS = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function classifyJob(url: string, title: string, text: string, declaredLanguage: string | null = null) {
  return {
    key: articleKey(url),
    url,
    finalUrl: url,
    fetchedAt: '2024-09-13T10:00:00.000Z',
    rawRef: null,
    article: { title, authors: [], publishedAt: null, text, declaredLanguage },
    extractor: { name: 'test', version: '0' },
    dedup: { canonicalUrl: url, contentHash: 'a'.repeat(64), duplicateOf: null, similarity: null },
  };
}

describe('classify stage worker on real Redis', () => {
  let harness: StageHarness;
  beforeAll(async () => {
    harness = await stageHarness([classifyStage({ concurrency: 2 })], REDIS);
  });
  afterAll(() => harness?.close());

  it.each([
    [
      'https://a.example/en',
      'Shoigu meets Kim',
      "The head of Russia's Security Council met North Korean leader Kim Jong Un on Friday, Moscow said.",
      'en',
    ],
    [
      'https://a.example/de',
      'Schoigu trifft Kim',
      'Der Sekretär des russischen Sicherheitsrats hat am Freitag den nordkoreanischen Machthaber getroffen.',
      'de',
    ],
  ])('adds the language of %s and forwards to store', async (url, title, text, language) => {
    const job = await harness.run('classify', classifyJob(url, title, text));
    expect(await job.getState()).toBe('completed');
    const next = StoreJob.parse((await harness.job('store', articleJobId(articleKey(url))))?.data);
    expect(next.classification.language).toBe(language);
    expect(next.classification.languageScore).toBeGreaterThan(0);
  });

  it('falls back to the language the page declares when the text says nothing', async () => {
    const url = 'https://a.example/numbers';
    await harness.run('classify', classifyJob(url, '', '1 2 3 4', 'pt-BR'));
    const next = StoreJob.parse((await harness.job('store', articleJobId(articleKey(url))))?.data);
    expect(next.classification.language).toBe('pt');
  });
});
