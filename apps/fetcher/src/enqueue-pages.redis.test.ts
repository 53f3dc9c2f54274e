import { createRedis, Pipeline, type StageContext } from '@newsflow/queue';
import { articleKey, type FetchJob } from '@newsflow/schema';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { enqueuePages, PAGE_BATCH, type PageLink } from './enqueue-pages.js';

const REDIS = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `{nftest-${Math.random().toString(16).slice(2, 10)}}`;
const connection = createRedis(REDIS, 'worker');
const pipeline = new Pipeline(connection, prefix);
const ctx = { pipeline, log: pino({ level: 'silent' }), job: {} } as unknown as StageContext;
const WINDOW_MS = 60_000;

afterAll(async () => {
  await pipeline.queue('fetch').obliterate({ force: true });
  const keys = await connection.keys(`${prefix}:*`);
  if (keys.length) await connection.del(...keys);
  await pipeline.close();
  await connection.quit();
});

const poll: FetchJob = {
  kind: 'feed',
  url: 'https://news.example/feed.xml',
  hint: null,
  sourceId: 'src-0123456789abcdef',
  ingestId: null,
};
const link = (i: number): PageLink => ({
  url: `https://news.example/story/${i}`,
  hint: { title: `Story ${i}`, publishedAt: null, authors: [] },
});

describe('enqueuePages for a polled source (issue 24)', () => {
  it('an error part-way leaves the rest unmarked: the retried poll enqueues exactly what is missing', async () => {
    const links = Array.from({ length: 4 * PAGE_BATCH }, (_, i) => link(i));
    // An item the catalog refuses, in the third batch: enqueuing throws there.
    const broken = links.map((l, i) =>
      i === 2 * PAGE_BATCH + 3 ? { ...l, hint: { ...l.hint, publishedAt: 'not a date' } } : l,
    );
    await expect(enqueuePages(poll, broken, ctx, WINDOW_MS)).rejects.toThrow(/INVALID_PAYLOAD|refusing/);
    const seen = await connection.mget(links.map((l) => `${prefix}:fetch:seen:${articleKey(l.url)}`));
    // The two batches in Redis are marked; nothing after them is.
    expect(seen.slice(0, 2 * PAGE_BATCH).every((v) => v !== null)).toBe(true);
    expect(seen.slice(2 * PAGE_BATCH).every((v) => v === null)).toBe(true);
    expect(await pipeline.queue('fetch').getWaitingCount()).toBe(2 * PAGE_BATCH);

    const retry = await enqueuePages(poll, links, ctx, WINDOW_MS);
    expect(retry).toMatchObject({ alreadySeen: 2 * PAGE_BATCH });
    expect(retry.children).toHaveLength(2 * PAGE_BATCH);
    expect(await pipeline.queue('fetch').getWaitingCount()).toBe(4 * PAGE_BATCH);

    // A third poll finds everything seen and adds nothing.
    expect(await enqueuePages(poll, links, ctx, WINDOW_MS)).toMatchObject({
      children: [],
      alreadySeen: 4 * PAGE_BATCH,
    });
    expect(await pipeline.queue('fetch').getWaitingCount()).toBe(4 * PAGE_BATCH);
  });
});
