// Putting a job back without using one of its attempts: one job (deferJob) or the whole queue (pauseQueue).
import { randomBytes } from 'node:crypto';
import { QueueEvents } from 'bullmq';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from './connection.js';
import { deferJob } from './defer-job.js';
import { pauseQueue } from './pause-queue.js';
import { Pipeline } from './pipeline.js';
import { runStage } from './run-stage.js';

const redisUrl = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `{nftest-${randomBytes(4).toString('hex')}}`;
const connection = createRedis(redisUrl, 'worker');
const pipeline = new Pipeline(connection, prefix);

afterAll(async () => {
  await pipeline.queue('fetch').obliterate({ force: true });
  await pipeline.close();
  await connection.quit();
});

describe('deferJob on real Redis', () => {
  it('delays a job without using an attempt, and the worker takes other jobs meanwhile', async () => {
    const eventsConnection = createRedis(redisUrl, 'worker');
    const events = new QueueEvents('fetch', { connection: eventsConnection, prefix });
    await events.waitUntilReady();
    const starts: { url: string; at: number; attemptsMade: number }[] = [];
    const worker = runStage({
      stage: 'fetch',
      pipeline,
      log: pino({ level: 'silent' }),
      concurrency: 1,
      handle: async (data, { job }) => {
        starts.push({ url: data.url, at: Date.now(), attemptsMade: job.attemptsMade });
        if (data.url.endsWith('/slow') && starts.filter((s) => s.url === data.url).length < 3)
          throw await deferJob(job, 150);
        return { outcome: 'expanded', children: [], items: 0 };
      },
    });
    try {
      const queue = pipeline.queue('fetch');
      const slow = await queue.add('page', { kind: 'page', url: 'https://a.example/slow' }, { attempts: 1 });
      const other = await queue.add(
        'page',
        { kind: 'page', url: 'https://b.example/other' },
        { attempts: 1 },
      );
      await slow.waitUntilFinished(events, 10_000);
      await other.waitUntilFinished(events, 10_000);
      const done = await queue.getJob(slow.id ?? '');
      expect(await done?.getState()).toBe('completed');
      expect(done?.attemptsMade).toBe(1);
      const slowStarts = starts.filter((s) => s.url.endsWith('/slow'));
      expect(slowStarts).toHaveLength(3);
      expect(slowStarts.every((s) => s.attemptsMade === 0)).toBe(true);
      expect((slowStarts[2]?.at ?? 0) - (slowStarts[0]?.at ?? 0)).toBeGreaterThanOrEqual(290);
      // The other host's job ran while the slow one waited, not after it.
      const otherAt = starts.find((s) => s.url.endsWith('/other'))?.at ?? Infinity;
      expect(otherAt).toBeLessThan(slowStarts[2]?.at ?? 0);
    } finally {
      await worker.close();
      await events.close();
      eventsConnection.disconnect();
    }
  });
});

describe('pauseQueue on real Redis', () => {
  it('puts the job back without using an attempt and holds the whole queue for the pause', async () => {
    const eventsConnection = createRedis(redisUrl, 'worker');
    const events = new QueueEvents('fetch', { connection: eventsConnection, prefix });
    await events.waitUntilReady();
    const starts: { url: string; at: number }[] = [];
    let failed = 0;
    const worker = runStage({
      stage: 'fetch',
      pipeline,
      log: pino({ level: 'silent' }),
      concurrency: 1,
      handle: async (data) => {
        starts.push({ url: data.url, at: Date.now() });
        // The first run finds its dependency down: the queue pauses for 400 ms.
        if (starts.length === 1) throw await pauseQueue(pipeline.queue('fetch'), 400);
        return { outcome: 'expanded', children: [], items: 0 };
      },
    });
    worker.on('failed', () => failed++);
    try {
      const queue = pipeline.queue('fetch');
      const first = await queue.add('fetch', { kind: 'feed', url: 'https://a.example/first' });
      const second = await queue.add('fetch', { kind: 'feed', url: 'https://a.example/second' });
      await first.waitUntilFinished(events, 10_000);
      await second.waitUntilFinished(events, 10_000);
      const done = await queue.getJob(first.id ?? '');
      expect(done?.attemptsMade).toBe(1); // the successful run only
      expect(done?.attemptsStarted).toBe(2);
      expect(failed).toBe(0);
      // Nothing ran during the pause, not even the other job.
      const [paused, ...rest] = starts;
      expect(rest.length).toBe(2);
      for (const start of rest) expect(start.at - (paused?.at ?? 0)).toBeGreaterThanOrEqual(350);
    } finally {
      await worker.close();
      await events.close();
      eventsConnection.disconnect();
    }
  });
});
