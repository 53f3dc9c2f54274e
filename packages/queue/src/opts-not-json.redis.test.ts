import { randomBytes } from 'node:crypto';
import type { StageResult } from '@newsflow/schema';
import { Queue, type Worker } from 'bullmq';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedis } from './connection.js';
import { Pipeline } from './pipeline.js';
import { runStage } from './run-stage.js';

/**
 * Issue 17 (5): a job hash written by hand whose `opts` is not JSON (its `data` is fine) looped
 * between active and stalled for ever. It must fail at once with a coded reason that says what
 * is wrong, and leave a hash that listing failed jobs (`newsflow failed`, Bull Board) can read.
 */
const redisUrl = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('a job whose opts are not JSON', () => {
  const prefix = `{nftest-${randomBytes(4).toString('hex')}}`;
  const connection = createRedis(redisUrl, 'worker');
  const pipeline = new Pipeline(connection, prefix);
  const rawConnection = createRedis(redisUrl, 'worker');
  const raw = new Queue('fetch', { connection: rawConnection, prefix });
  let worker: Worker;
  let handled = 0;

  beforeAll(() => {
    worker = runStage({
      stage: 'fetch',
      pipeline,
      log: pino({ level: 'silent' }),
      concurrency: 1,
      stalledIntervalMs: 1_000,
      lockDurationMs: 1_000,
      handle: async (): Promise<StageResult> => {
        handled++;
        return { outcome: 'expanded', children: [], items: 0 };
      },
    });
  });

  afterAll(async () => {
    await worker.close();
    await raw.obliterate({ force: true });
    await raw.close();
    await rawConnection.quit();
    await pipeline.close();
    await connection.quit();
  });

  it('fails at once as INVALID_PAYLOAD saying the options are not JSON, and stays listable', async () => {
    const jobId = `raw-${randomBytes(4).toString('hex')}`;
    const key = `${prefix}:fetch`;
    await rawConnection
      .multi()
      .hset(`${key}:${jobId}`, {
        name: 'fetch',
        data: JSON.stringify({ kind: 'page', url: 'https://news.example.org/a' }),
        opts: '{attempts: 3',
        timestamp: Date.now(),
        delay: 0,
        priority: 0,
      })
      .lpush(`${key}:wait`, jobId)
      .zadd(`${key}:marker`, 0, '0')
      .exec();
    let state = '';
    const states = new Set<string>();
    for (let i = 0; i < 120 && state !== 'failed' && state !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
      state = await raw.getJobState(jobId);
      states.add(state);
    }
    expect(state, [...states].join(' → ')).toBe('failed');
    const [failedReason, stalls] = await rawConnection.hmget(`${key}:${jobId}`, 'failedReason', 'stc');
    expect(failedReason).toMatch(/^INVALID_PAYLOAD: fetch job raw-\w+: job options are not valid JSON/);
    expect(stalls).toBeNull();
    expect(handled).toBe(0);
    const failed = await raw.getFailed(0, 100);
    expect(failed.map((job) => job.id)).toContain(jobId);
    // And the worker goes on to the next good job.
    const good = await raw.add('fetch', { kind: 'page', url: 'https://news.example.org/b' });
    for (let i = 0; i < 100 && (await good.getState()) !== 'completed'; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(handled).toBe(1);
  }, 20_000);
});
