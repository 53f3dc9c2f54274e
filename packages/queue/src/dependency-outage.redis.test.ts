import { ErrorCode, PipelineError } from '@newsflow/schema';
import { QueueEvents } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { createRedis } from './connection.js';
import { stageHarness } from './testing.js';

const REDIS = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('stage workers and their dependencies (issue 24)', () => {
  it('an ARCHIVE_UNAVAILABLE job is put back without using an attempt, and completes once the archive is back', async () => {
    let failuresLeft = 3;
    const harness = await stageHarness(
      [
        {
          stage: 'fetch',
          concurrency: 1,
          handle: async () => {
            if (failuresLeft-- > 0)
              throw new PipelineError(ErrorCode.ARCHIVE_UNAVAILABLE, 'archive write failed: ENOSPC');
            return { outcome: 'expanded', children: [], items: 0 };
          },
        },
      ],
      REDIS,
    );
    try {
      const job = await harness.run('fetch', { kind: 'feed', url: 'https://a.example/feed.xml' });
      expect(await job.getState()).toBe('completed');
      // Three tries under the pause, one attempt used (the successful run).
      expect(job.attemptsMade).toBe(1);
      expect(job.attemptsStarted).toBe(4);
    } finally {
      await harness.close();
    }
  }, 30_000);

  it('with the default 10 s lock, a job running 13 s keeps its lock (renewed): no stall, completed once', async () => {
    let runs = 0;
    const harness = await stageHarness(
      [
        {
          stage: 'clean',
          concurrency: 1,
          handle: async () => {
            runs++;
            await sleep(13_000);
            return { outcome: 'forwarded', next: { queue: 'dedup', jobId: 'a-long' } };
          },
        },
      ],
      REDIS,
    );
    const connection = createRedis(REDIS, 'worker');
    const events = new QueueEvents('clean', { connection, prefix: harness.prefix });
    let stalls = 0;
    events.on('stalled', () => stalls++);
    await events.waitUntilReady();
    try {
      const job = await harness.run('clean', {
        key: 'c'.repeat(32),
        url: 'https://a.example/1',
        finalUrl: 'https://a.example/1',
        fetchedAt: new Date().toISOString(),
        raw: { ref: 'd'.repeat(64), bytes: 10, contentType: 'text/html' },
      });
      expect(await job.getState()).toBe('completed');
      expect(stalls).toBe(0);
      expect(runs).toBe(1);
      expect(job.attemptsStarted).toBe(1);
    } finally {
      await events.close();
      connection.disconnect();
      await harness.close();
    }
  }, 40_000);
});
