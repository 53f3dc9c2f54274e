import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RawArchive } from '@newsflow/archive';
import { createRedis, Pipeline } from '@newsflow/queue';
import { articleKey, DedupJob } from '@newsflow/schema';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settled, startWorker, type WorkerProcess } from '@newsflow/queue/testing';

/**
 * Hostile pages driven through the real cleaner process (apps/cleaner/dist/main.js) on a real
 * Redis, from the archive the fetcher would have filled: each ends with an article or a reason
 * code, the worker keeps running, and its memory stays bounded (peak RSS from /proc, per case).
 * What the extractor itself does with such pages is in packages/clean/src/robustness.test.ts.
 */

const REDIS = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const WORKER = fileURLToPath(new URL('../dist/main.js', import.meta.url));
/** Most one page may add to the worker's resident memory: a 5 MB page, its DOM and its text. */
const PEAK_GROWTH_LIMIT_MB = 128;
/** Most the worker may hold after all of them, over its size after the first page (V8 keeps some heap). */
const RETAINED_LIMIT_MB = 192;

const PARA =
  '<p>The council voted on Tuesday to expand the bus network, adding four routes and longer evening hours, officials said.</p>';
const WORDS = 'the council voted on tuesday to expand the bus network, officials said. ';
const page = (body: string, head = '<title>Bus network grows</title>') =>
  `<!doctype html><html lang="en"><head>${head}</head><body>${body}</body></html>`;

const PAGES: Record<string, { body: Uint8Array; contentType: string }> = {
  normal: {
    body: text(page(`<article><h1>Bus network grows</h1>${PARA.repeat(4)}</article>`)),
    contentType: 'text/html',
  },
  oneLineText: {
    // 5 MB of prose on one line, in one paragraph: no news article is that long.
    body: text(page(`<article><p>${WORDS.repeat(Math.ceil(5_000_000 / WORDS.length))}</p></article>`)),
    contentType: 'text/html; charset=utf-8',
  },
  longRead: {
    // 1.2 million characters in 10,000 ordinary paragraphs: over the stage's text limit.
    body: text(page(`<article>${PARA.repeat(10_000)}</article>`)),
    contentType: 'text/html',
  },
  oneLineDump: {
    // The same as a text dump: one 5 MB line.
    body: text(WORDS.repeat(Math.ceil(5_000_000 / WORDS.length))),
    contentType: 'text/plain; charset=utf-8',
  },
  oneLineScript: {
    // A whole page minified onto one 5 MB line, nearly all of it an inline bundle.
    body: text(
      page(
        `<script>var a=[${'1,'.repeat(2_500_000)}0];</script><article><h1>Bus network grows</h1>${PARA.repeat(4)}</article>`,
      ),
    ),
    contentType: 'text/html',
  },
  deep: {
    body: text(
      page(`${'<div>'.repeat(100_000)}<article>${PARA.repeat(4)}</article>${'</div>'.repeat(100_000)}`),
    ),
    contentType: 'text/html',
  },
  deepUnclosed: { body: text(page(`${PARA}${'<div><span>x'.repeat(100_000)}`)), contentType: 'text/html' },
  pdf: {
    body: new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(500_000)])),
    contentType: 'text/html',
  },
  png: {
    body: new Uint8Array(
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(200_000)]),
    ),
    contentType: 'text/html; charset=utf-8',
  },
  declaredImage: { body: text(page(PARA)), contentType: 'image/webp' },
  badUtf8: {
    body: new Uint8Array(
      // A truncated sequence, a bare 0xFF and a lone continuation byte in the middle of a word.
      Buffer.concat(
        page(
          `<article>${PARA.repeat(2)}<p>The caf\0 on the corner closes on Friday after forty years, its owner said.</p>${PARA.repeat(2)}</article>`,
        )
          .split('\0')
          .flatMap((part, i) =>
            i === 0 ? [Buffer.from(part)] : [Buffer.from([0xc3, 0x28, 0xff, 0x80]), Buffer.from(part)],
          ),
      ),
    ),
    contentType: 'text/html; charset=utf-8',
  },
};

function text(s: string): Uint8Array {
  return new TextEncoder().encode(s);
}

describe('hostile pages through the cleaner worker process', () => {
  let dir: string;
  let archive: RawArchive;
  let connection: Redis;
  let pipeline: Pipeline;
  let worker: WorkerProcess;
  let baselineMb = 0;
  const prefix = `{nftest-${randomBytes(4).toString('hex')}}`;

  async function runClean(name: keyof typeof PAGES, { warmUp = false } = {}) {
    const { body, contentType } = PAGES[name] as (typeof PAGES)[string];
    const url = `https://news.example.org/${name}-${randomBytes(3).toString('hex')}`;
    const stored = await archive.put(body);
    worker.resetPeak();
    const before = worker.memory().rssMb;
    const started = Date.now();
    const link = await pipeline.enqueue('clean', {
      key: articleKey(url),
      url,
      finalUrl: url,
      fetchedAt: new Date().toISOString(),
      raw: { ref: stored.ref, bytes: stored.bytes, contentType },
    });
    const job = await settled(
      pipeline.queue('clean'),
      (await pipeline.queue('clean').getJob(link.jobId))!,
      60_000,
    );
    const state = await job.getState();
    const { peakMb, rssMb } = worker.memory();
    const growthMb = peakMb - before;
    console.log(
      `${name} (${(body.length / 1e6).toFixed(1)} MB): ${state} in ${Date.now() - started} ms, ` +
        `${job.failedReason ?? JSON.stringify(job.returnvalue)}; ` +
        `RSS ${before.toFixed(0)} MiB before, peak ${peakMb.toFixed(0)} MiB (+${growthMb.toFixed(0)}), ${rssMb.toFixed(0)} MiB after`,
    );
    expect(worker.alive(), worker.output()).toBe(true);
    // The first job also loads the extractor's code: only later ones are held to the bound.
    if (!warmUp) expect(growthMb).toBeLessThan(PEAK_GROWTH_LIMIT_MB);
    const next =
      state === 'completed'
        ? DedupJob.parse((await pipeline.queue('dedup').getJob(job.returnvalue.next.jobId))?.data)
        : null;
    return { job, state, next };
  }

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'newsflow-hostile-clean-'));
    archive = new RawArchive(dir);
    connection = createRedis(REDIS, 'worker');
    pipeline = new Pipeline(connection, prefix);
    worker = startWorker(WORKER, {
      REDIS_URL: REDIS,
      NEWSFLOW_QUEUE_PREFIX: prefix,
      NEWSFLOW_DATA_DIR: dir,
      NEWSFLOW_ARCHIVE_DIR: dir,
      CONCURRENCY: '1',
      LOG_LEVEL: 'warn',
    });
    const { state } = await runClean('normal', { warmUp: true });
    expect(state).toBe('completed');
    baselineMb = worker.memory().rssMb;
    console.log(`cleaner worker baseline RSS after warm-up: ${baselineMb.toFixed(0)} MiB`);
  }, 60_000);

  afterAll(async () => {
    expect(await worker?.stop()).toBe(0);
    if (pipeline) {
      for (const name of ['clean', 'dedup'] as const) await pipeline.queue(name).obliterate({ force: true });
      await pipeline.close();
    }
    await connection?.quit();
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses 5 MB of text on one line before extracting it', async () => {
    const { job, state } = await runClean('oneLineText');
    expect(state).toBe('failed');
    expect(job.failedReason).toMatch(
      /^NOT_AN_ARTICLE: one run of \d{7} characters of text without a break \(over 500000\): not an article page/,
    );
    expect(job.attemptsMade).toBe(1);
  });

  it('refuses a 5 MB single-line text dump before extracting it', async () => {
    const { job, state } = await runClean('oneLineDump');
    expect(state).toBe('failed');
    expect(job.failedReason).toMatch(/^NOT_AN_ARTICLE: one run of \d{7} characters of text without a break/);
  });

  it('fails an article text over the limit as TOO_LARGE, instead of passing it down the pipeline', async () => {
    const { job, state } = await runClean('longRead');
    expect(state).toBe('failed');
    expect(job.failedReason).toMatch(
      /^TOO_LARGE: article text of \S+ is \d{7} characters, over the 1000000-character limit/,
    );
    expect(job.attemptsMade).toBe(1);
  });

  it('finds the article in a page minified onto one 5 MB line', async () => {
    const { state, next } = await runClean('oneLineScript');
    expect(state).toBe('completed');
    expect(next?.article.text).toContain('The council voted on Tuesday');
    expect(next?.article.text.length).toBeLessThan(2_000);
  });

  it.each([
    ['a DOM nested 100,000 deep', 'deep'],
    ['100,000 unclosed elements', 'deepUnclosed'],
  ] as const)('reads %s without running away', async (_name, name) => {
    const { job, state, next } = await runClean(name);
    // Either the article, or NOT_AN_ARTICLE with a reason: never a crash, a stall or a timeout.
    if (state === 'completed') expect(next?.article.text).toContain('The council voted on Tuesday');
    else expect(job.failedReason).toMatch(/^NOT_AN_ARTICLE: \w/);
  });

  it.each([
    [
      'a PDF served as text/html',
      'pdf',
      /^UNSUPPORTED_CONTENT_TYPE: \S+ is a PDF document, not a page \(served as text\/html\)/,
    ],
    ['a PNG served as text/html', 'png', /^UNSUPPORTED_CONTENT_TYPE: \S+ is a PNG image, not a page/],
    [
      'a page declared as an image',
      'declaredImage',
      /^UNSUPPORTED_CONTENT_TYPE: \S+ is image\/webp content, not a page/,
    ],
  ] as const)('fails %s at once with its reason', async (_name, name, reason) => {
    const { job, state } = await runClean(name);
    expect(state).toBe('failed');
    expect(job.failedReason).toMatch(reason);
    expect(job.attemptsMade).toBe(1);
  });

  it('reads invalid UTF-8 as text with replacement characters', async () => {
    const { state, next } = await runClean('badUtf8');
    expect(state).toBe('completed');
    expect(next?.article.text).toMatch(/The caf\uFFFD\(\uFFFD\uFFFD on the corner closes/);
  });

  it('still cleans a normal page after all of it, and lets go of the memory', async () => {
    const { state } = await runClean('normal');
    expect(state).toBe('completed');
    expect(worker.output()).not.toMatch(/worker error|uncaught|unhandled|stalled/i);
    const { rssMb } = worker.memory();
    console.log(
      `cleaner worker RSS at the end: ${rssMb.toFixed(0)} MiB (baseline ${baselineMb.toFixed(0)} MiB)`,
    );
    expect(rssMb - baselineMb).toBeLessThan(RETAINED_LIMIT_MB);
  });

  it('does not grow when the heaviest pages come again (nothing leaks)', async () => {
    // One reading of RSS lands anywhere in a garbage-collection cycle: single readings after the
    // same pages came out 70 MiB apart, and the lowest of 3 s of readings still 40 MiB apart. A
    // leak grows with every round instead. These pages build DOMs of tens of MiB (100,000
    // elements; a 5 MB line), so one kept per round would add 100 MiB or more over four rounds;
    // the bound sits between that and the noise.
    const settled = async () => {
      let low = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 10; i++) {
        low = Math.min(low, worker.memory().rssMb);
        await new Promise((resolve) => setTimeout(resolve, 150));
      }
      return low;
    };
    const round = async () => {
      for (const name of ['oneLineText', 'longRead', 'deepUnclosed'] as const) await runClean(name);
    };
    await round();
    await round();
    const before = await settled();
    for (let i = 0; i < 4; i++) await round();
    const after = await settled();
    console.log(
      `cleaner worker RSS (lowest over 1.5 s) after two more rounds ${before.toFixed(0)} MiB, after four after those ${after.toFixed(0)} MiB`,
    );
    expect(after - before).toBeLessThan(64);
  }, 120_000);
});
