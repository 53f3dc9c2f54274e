import { Redis } from 'ioredis';
import { type StageHarness, stageHarness } from '@newsflow/queue/testing';
import { articleJobId, articleKey, ClassifyJob, type DedupJobInput } from '@newsflow/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redisDeduplicator } from './deduper-from-env.js';
import { dedupStage } from './dedup-stage.js';

const REDIS = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TEXT =
  'The head of the Security Council met the leader on Friday in the capital of the country.\n\nThe visit comes weeks after a defence pact was signed by the two governments.';

function dedupJob(url: string, text: string, canonicalUrl: string | null = null): DedupJobInput {
  return {
    key: articleKey(url),
    url,
    finalUrl: url,
    fetchedAt: '2024-09-13T10:00:00.000Z',
    rawRef: null,
    article: { title: 'Shoigu meets Kim', authors: [], publishedAt: null, text, canonicalUrl },
    extractor: { name: 'test', version: '0' },
  };
}

describe('dedup stage worker on real Redis', () => {
  let redis: Redis;
  let harness: StageHarness;

  beforeAll(async () => {
    redis = new Redis(REDIS);
    // The index lives under the harness's own prefix, as a worker's does under NEWSFLOW_QUEUE_PREFIX.
    harness = await stageHarness(
      (prefix) => [dedupStage({ dedup: redisDeduplicator(redis, prefix, 1 / 24), concurrency: 2 })],
      REDIS,
    );
  });
  afterAll(async () => {
    await harness?.close();
    await redis.quit();
  });

  const next = async (url: string) =>
    ClassifyJob.parse((await harness.job('classify', articleJobId(articleKey(url))))?.data);

  it('forwards the first copy as the original and copies from other outlets in its cluster', async () => {
    const originalKey = articleKey('https://a.example/story');
    await harness.run('dedup', dedupJob('https://a.example/story?utm_source=x', TEXT));
    await harness.run('dedup', dedupJob('https://b.example/copy', `  ${TEXT.toUpperCase()} `));
    await harness.run(
      'dedup',
      dedupJob('https://c.example/wire', `MOSCOW (Reuters) - ${TEXT}\n\nMore at c.example.`),
    );
    await harness.run(
      'dedup',
      dedupJob('https://d.example/partner', 'A short teaser only.', 'https://a.example/story'),
    );
    const original = await next('https://a.example/story?utm_source=x');
    expect(original.dedup).toMatchObject({
      canonicalUrl: 'https://a.example/story',
      duplicateOf: null,
      similarity: null,
      clusterId: originalKey,
      matchedBy: null,
    });
    const copy = await next('https://b.example/copy');
    expect(copy.dedup).toMatchObject({
      duplicateOf: originalKey,
      similarity: 1,
      matchedBy: 'content',
      clusterId: originalKey,
    });
    expect(copy.dedup.contentHash).toBe(original.dedup.contentHash);
    const wire = await next('https://c.example/wire');
    expect(wire.dedup).toMatchObject({ duplicateOf: originalKey, matchedBy: 'near', clusterId: originalKey });
    expect(wire.dedup.similarity).toBeGreaterThan(0.5);
    const partner = await next('https://d.example/partner');
    expect(partner.dedup).toMatchObject({
      duplicateOf: originalKey,
      matchedBy: 'canonical',
      clusterId: originalKey,
    });
  });

  it('treats a replay of the same article as the original again, not as its own duplicate', async () => {
    const job = dedupJob('https://c.example/replayed', 'A story that is only told once, and replayed.');
    await harness.run('dedup', job, 'first');
    await harness.run('dedup', job, 'again');
    expect((await next('https://c.example/replayed')).dedup.duplicateOf).toBeNull();
  });
});
