import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a stage with a backlog limit on real Redis', () => {
  it('takes no jobs while the next queue holds the limit, and takes them again once it drains to half', async () => {
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
