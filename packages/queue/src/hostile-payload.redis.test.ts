import { randomBytes } from 'node:crypto';
import type { StageResult } from '@newsflow/schema';
import { Queue, type Worker } from 'bullmq';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PayloadInput, QUEUE_NAMES, type QueueName } from './catalog.js';
import { createRedis } from './connection.js';
import { Pipeline } from './pipeline.js';
import { runStage } from './run-stage.js';

/**
 * Payloads that violate the schema, written into Redis by hand (BullMQ's own `Queue.add`,
 * which skips the catalog's validation, and raw job hashes), for every stage queue. Each must
 * fail at once as INVALID_PAYLOAD naming the bad field, and the stage's worker must go on to
 * process the next good job. The workers run the real `runStage` wrapper every app uses; the
 * handlers only count calls, since a bad payload must never reach a stage's own code.
 */

const redisUrl = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `{nftest-${randomBytes(4).toString('hex')}}`;
const URL_A = 'https://news.example.org/a';
const PAGE = {
  key: 'a'.repeat(32),
  url: URL_A,
  finalUrl: URL_A,
  fetchedAt: '2024-09-13T10:00:00.000Z',
};
const ARTICLE = { title: 'Bridge reopens', authors: [], publishedAt: null, text: 'The bridge reopened.' };
const DEDUP = { canonicalUrl: URL_A, contentHash: 'b'.repeat(64), duplicateOf: null, similarity: null };

const VALID: { [Q in QueueName]: PayloadInput<Q> } = {
  fetch: { kind: 'page', url: URL_A },
  clean: { ...PAGE, raw: { ref: 'c'.repeat(64), bytes: 10, contentType: 'text/html' } },
  dedup: { ...PAGE, rawRef: null, article: ARTICLE, extractor: { name: 'x', version: '1' } },
  classify: { ...PAGE, rawRef: null, article: ARTICLE, extractor: { name: 'x', version: '1' }, dedup: DEDUP },
  store: {
    ...PAGE,
    rawRef: null,
    article: ARTICLE,
    extractor: { name: 'x', version: '1' },
    dedup: DEDUP,
    classification: { language: 'en', languageScore: 0.9 },
  },
};

/** One schema violation per queue, each in a different place: the reason must name the field. */
const VIOLATIONS: { [Q in QueueName]: [string, object, RegExp] } = {
  fetch: ['a javascript: URL', { kind: 'page', url: 'javascript:alert(1)' }, /\burl: /],
  clean: [
    'a raw ref that walks out of the archive',
    { ...VALID.clean, raw: { ref: '../../../etc/passwd', bytes: 10, contentType: 'text/html' } },
    /\braw\.ref: /,
  ],
  dedup: [
    'article text that is a number',
    { ...VALID.dedup, article: { ...ARTICLE, text: 42 } },
    /\barticle\.text: /,
  ],
  classify: [
    'a content hash that is not one',
    { ...VALID.classify, dedup: { ...DEDUP, contentHash: "'; DROP TABLE articles; --" } },
    /\bdedup\.contentHash: /,
  ],
  store: ['no classification at all', { ...VALID.store, classification: undefined }, /\bclassification: /],
};

describe.each(QUEUE_NAMES)('hostile payloads on the %s queue', (queueName) => {
  const connection = createRedis(redisUrl, 'worker');
  const pipeline = new Pipeline(connection, prefix);
  // A producer that bypasses the catalog: what anyone with Redis access can do.
  const rawConnection = createRedis(redisUrl, 'worker');
  const raw = new Queue(queueName, { connection: rawConnection, prefix });
  const log = pino({ level: 'silent' });
  let worker: Worker;
  let handled = 0;

  beforeAll(() => {
    worker = runStage({
      stage: queueName,
      pipeline,
      log,
      concurrency: 2,
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

  /** The job's end, read from its hash: `getJob` itself would choke on data that is not JSON. */
  async function outcome(
    jobId: string,
  ): Promise<{ state: string; failedReason?: string; attemptsMade: number }> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const state = await raw.getJobState(jobId);
      if (state === 'completed' || state === 'failed') {
        const [failedReason, attemptsMade] = await connection.hmget(
          `${prefix}:${queueName}:${jobId}`,
          'failedReason',
          'atm',
        );
        return { state, failedReason: failedReason ?? undefined, attemptsMade: Number(attemptsMade ?? 0) };
      }
      if (Date.now() > deadline) throw new Error(`job ${jobId} still ${state}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Writes a job hash and queues it the way BullMQ's addStandardJob script does, with no checks at all. */
  async function writeRawJob(jobId: string, data: string): Promise<void> {
    const key = `${prefix}:${queueName}`;
    await connection
      .multi()
      .hset(`${key}:${jobId}`, {
        name: queueName,
        data,
        opts: JSON.stringify({ attempts: 3 }),
        timestamp: Date.now(),
        delay: 0,
        priority: 0,
      })
      .lpush(`${key}:wait`, jobId)
      .zadd(`${key}:marker`, 0, '0')
      .exec();
  }

  it(`fails ${VIOLATIONS[queueName][0]}, added with Queue.add, as INVALID_PAYLOAD naming the field`, async () => {
    const [, data, field] = VIOLATIONS[queueName];
    const before = handled;
    const job = await raw.add(queueName, data, { attempts: 5 });
    const done = await outcome(job.id ?? '');
    expect(done.state).toBe('failed');
    expect(done.failedReason).toMatch(/^INVALID_PAYLOAD: /);
    expect(done.failedReason).toMatch(field);
    expect(done.attemptsMade).toBe(1);
    expect(handled).toBe(before);
  });

  it.each([
    ['data that is JSON null', 'null', /INVALID_PAYLOAD: .*\(root\): /],
    ['data that is a JSON array', '[1,2,3]', /INVALID_PAYLOAD: .*\(root\): /],
    ['data with every field missing', '{}', /INVALID_PAYLOAD: .*(kind|key): /],
    ['10 MB of data in one field', JSON.stringify({ url: 'x'.repeat(10_000_000) }), /INVALID_PAYLOAD: /],
  ])('fails a raw job hash with %s as INVALID_PAYLOAD', async (_name, data, reason) => {
    const jobId = `raw-${randomBytes(4).toString('hex')}`;
    await writeRawJob(jobId, data);
    const done = await outcome(jobId);
    expect(done.failedReason).toMatch(reason);
    // The reason stays readable: it names the problem, not the 10 MB that caused it.
    expect(done.failedReason?.length).toBeLessThan(2_000);
    expect(done.state).toBe('failed');
    expect(done.attemptsMade).toBe(1);
  });

  it('fails a raw job hash whose data is not JSON, and keeps consuming', async () => {
    const jobId = `raw-${randomBytes(4).toString('hex')}`;
    await writeRawJob(jobId, '{"kind": "page", "url": ');
    const done = await outcome(jobId);
    expect(done.state).toBe('failed');
    expect(done.failedReason).toMatch(
      /^INVALID_PAYLOAD: \w+ job raw-\w+: job data is not valid JSON \(it starts "\{\\"kind\\": \\"page\\", \\"url\\": "\)/,
    );
    expect(done.attemptsMade).toBe(1);
    // Listing failed jobs (`newsflow failed`, the dashboard) parses every one: it must still work.
    const failed = await raw.getFailed(0, 100);
    expect(failed.map((job) => job.id)).toContain(jobId);
  });

  it('processes a good job after all of them', async () => {
    const before = handled;
    const job = await raw.add(queueName, VALID[queueName]);
    const done = await outcome(job.id ?? '');
    expect(done.state, done.failedReason).toBe('completed');
    expect(handled).toBe(before + 1);
    expect(worker.isRunning()).toBe(true);
  });
});
