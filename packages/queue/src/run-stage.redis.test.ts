import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { PipelineError, ErrorCode } from '@newsflow/schema';
import { type Job, QueueEvents } from 'bullmq';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from './connection.js';
import { PipelineMetrics } from './metrics.js';
import { Pipeline } from './pipeline.js';
import { runStage } from './run-stage.js';

const redisUrl = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `{nftest-${randomBytes(4).toString('hex')}}`;
const connection = createRedis(redisUrl, 'worker');
const pipeline = new Pipeline(connection, prefix);
const log = pino({ level: 'silent' });

afterAll(async () => {
  for (const name of ['fetch', 'clean'] as const) await pipeline.queue(name).obliterate({ force: true });
  await pipeline.close();
  await connection.quit();
});

async function finished(job: Job, events: QueueEvents): Promise<'completed' | 'failed'> {
  try {
    await job.waitUntilFinished(events, 10_000);
    return 'completed';
  } catch {
    return 'failed';
  }
}

describe('runStage on real Redis', () => {
  it('validates, runs the handler and forwards to the next queue idempotently', async () => {
    const events = new QueueEvents('fetch', { connection: createRedis(redisUrl, 'worker'), prefix });
    await events.waitUntilReady();
    const worker = runStage({
      stage: 'fetch',
      pipeline,
      log,
      handle: async (data) => {
        const next = await pipeline.enqueue(
          'clean',
          {
            key: 'a'.repeat(32),
            url: data.url,
            finalUrl: data.url,
            fetchedAt: new Date().toISOString(),
            raw: { ref: 'b'.repeat(64), bytes: 10, contentType: 'text/html' },
          },
          { jobId: 'a-same' },
        );
        return { outcome: 'forwarded', next };
      },
    });
    try {
      const first = await pipeline.queue('fetch').add('page', { kind: 'page', url: 'https://a.example/1' });
      const second = await pipeline.queue('fetch').add('page', { kind: 'page', url: 'https://a.example/1' });
      expect(await finished(first, events)).toBe('completed');
      expect(await finished(second, events)).toBe('completed');
      const done = await pipeline.queue('fetch').getJob(first.id ?? '');
      expect(done?.returnvalue).toEqual({ outcome: 'forwarded', next: { queue: 'clean', jobId: 'a-same' } });
      expect(await pipeline.queue('clean').getJobCountByTypes('waiting')).toBe(1);
    } finally {
      await worker.close();
      await events.close();
    }
  });

  it.each([
    ['a payload with a bad field', { kind: 'page', url: 'nope' }, null, /^INVALID_PAYLOAD: .*url: /],
    [
      'a permanent error',
      { kind: 'page', url: 'https://a.example/404' },
      new PipelineError(ErrorCode.HTTP_NOT_FOUND, 'HTTP 404 Not Found for https://a.example/404'),
      /^HTTP_NOT_FOUND: HTTP 404/,
    ],
  ])('fails %s at once, without retries', async (_name, data, thrown, reason) => {
    const events = new QueueEvents('fetch', { connection: createRedis(redisUrl, 'worker'), prefix });
    await events.waitUntilReady();
    let calls = 0;
    const worker = runStage({
      stage: 'fetch',
      pipeline,
      log,
      handle: async () => {
        calls++;
        throw thrown;
      },
    });
    try {
      const job = await pipeline
        .queue('fetch')
        .add('page', data, { attempts: 5, backoff: { type: 'fixed', delay: 10 } });
      expect(await finished(job, events)).toBe('failed');
      const failed = await pipeline.queue('fetch').getJob(job.id ?? '');
      expect(failed?.failedReason).toMatch(reason);
      expect(failed?.attemptsMade).toBe(1);
      expect(calls).toBe(thrown ? 1 : 0);
    } finally {
      await worker.close();
      await events.close();
    }
  });

  it('retries a transient error with backoff, then succeeds', async () => {
    const events = new QueueEvents('fetch', { connection: createRedis(redisUrl, 'worker'), prefix });
    await events.waitUntilReady();
    let calls = 0;
    const worker = runStage({
      stage: 'fetch',
      pipeline,
      log,
      handle: async () => {
        calls++;
        if (calls < 3) throw new PipelineError(ErrorCode.HTTP_SERVER_ERROR, 'HTTP 503');
        return { outcome: 'expanded', children: [], items: 0 };
      },
    });
    try {
      const job = await pipeline
        .queue('fetch')
        .add(
          'feed',
          { kind: 'feed', url: 'https://a.example/rss' },
          { attempts: 5, backoff: { type: 'fixed', delay: 20 } },
        );
      expect(await finished(job, events)).toBe('completed');
      expect(calls).toBe(3);
    } finally {
      await worker.close();
      await events.close();
    }
  });

  it('refuses to enqueue an invalid payload', async () => {
    await expect(pipeline.enqueue('fetch', { kind: 'page', url: 'ftp://x' })).rejects.toThrow(/INVALID|url/);
  });
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a stage with a backlog limit on real Redis', () => {
  it('takes no jobs while the next queue holds the limit, and takes them again once it drains to half', async () => {
    // Start from empty queues: the tests above leave jobs in both.
    for (const name of ['fetch', 'clean'] as const) await pipeline.queue(name).obliterate({ force: true });
    const clean = pipeline.queue('clean');
    // Five pages waiting to be cleaned (no cleaner runs here): the limit.
    const waiting = await clean.addBulk(
      Array.from({ length: 5 }, (_, i) => ({
        name: 'clean',
        data: { n: i },
        opts: { jobId: `backlog-${i}` },
      })),
    );
    const handled: string[] = [];
    const worker = runStage({
      stage: 'fetch',
      pipeline,
      log,
      concurrency: 2,
      handle: async (data) => {
        handled.push(data.url);
        return { outcome: 'expanded', children: [], items: 0 };
      },
      backlog: { queue: 'clean', high: 5, low: 2, checkEveryMs: 50 },
    });
    const metrics = new PipelineMetrics(pipeline);
    metrics.observe(worker);
    try {
      await once(worker, 'paused');
      expect(await metrics.registry.getSingleMetricAsString('newsflow_workers_paused')).toContain(
        'newsflow_workers_paused{stage="fetch"} 1',
      );
      const fetch = pipeline.queue('fetch');
      for (let i = 0; i < 3; i++) await fetch.add('page', { kind: 'page', url: `https://a.example/${i}` });
      await sleep(1_000);
      // A worker that was blocked waiting for work when it paused takes the one job that wakes
      // it (BullMQ's pause does not cut its blocking wait); none after that.
      expect(handled.length).toBeLessThanOrEqual(1);
      expect(await fetch.getJobCountByTypes('waiting')).toBe(3 - handled.length);

      // Three cleaned: two left, at the low mark.
      for (const job of waiting.slice(0, 3)) await job.remove();
      const deadline = Date.now() + 10_000;
      while (handled.length < 3 && Date.now() < deadline) await sleep(50);
      expect(handled.sort()).toEqual(['https://a.example/0', 'https://a.example/1', 'https://a.example/2']);
      expect(worker.isPaused()).toBe(false);
      expect(await metrics.registry.getSingleMetricAsString('newsflow_workers_paused')).toContain(
        'newsflow_workers_paused{stage="fetch"} 0',
      );
    } finally {
      await worker.close();
    }
  });
});
