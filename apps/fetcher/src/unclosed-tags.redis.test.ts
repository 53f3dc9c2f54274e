import type { Pipeline } from '@newsflow/queue';
import { settled, type WorkerProcess } from '@newsflow/queue/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FetcherProcess, startFetcherProcess } from './test-support/fetcher-process.js';

/**
 * Issue 17 finding 1, as the attacker ran it: 12 KB of tags that never close, served as
 * application/rss+xml to the real fetcher process. The old nesting pre-scan (a cubic regex on
 * the worker's event loop) blocked it for about 2.5 minutes per attempt, past the job lock, and
 * every other job of the worker waited.
 */

const UNCLOSED = '<a'.repeat(6000);

describe('a feed of unclosed tags through the fetcher worker process', () => {
  let fetcher: FetcherProcess;
  let base = '';
  let pipeline: Pipeline;
  let worker: WorkerProcess;

  beforeAll(async () => {
    fetcher = await startFetcherProcess(
      (req, res) => {
        const rss = (body: string) => res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(body);
        if (req.url === '/unclosed.xml') return rss(UNCLOSED);
        if (req.url === '/comments.html')
          return res
            .writeHead(200, { 'content-type': 'text/html' })
            .end(`${'<!-- -->'.repeat(256)}<html><body><article><p>Body.</p></article></body></html>`);
        if (req.url === '/ok.xml')
          return rss('<rss version="2.0"><channel><title>OK</title></channel></rss>');
        res.writeHead(404).end();
      },
      { CONCURRENCY: '2' },
    );
    ({ base, pipeline, worker } = fetcher);
  }, 30_000);

  afterAll(async () => {
    expect(await fetcher?.close()).toBe(0);
  });

  it('fails NOT_A_FEED on the first attempt within seconds, and the job beside it is not held up', async () => {
    const started = Date.now();
    const hostile = await pipeline.enqueue('fetch', { kind: 'feed', url: `${base}/unclosed.xml` });
    const normal = await pipeline.enqueue('fetch', { kind: 'feed', url: `${base}/ok.xml` });
    const queue = pipeline.queue('fetch');
    const [bad, good] = await Promise.all(
      [hostile, normal].map(async (link) => settled(queue, (await queue.getJob(link.jobId))!, 20_000)),
    );
    const elapsedMs = Date.now() - started;
    console.log(`unclosed-tag feed: ${await bad!.getState()} in ${elapsedMs} ms: ${bad!.failedReason}`);
    expect(await bad!.getState()).toBe('failed');
    expect(bad!.failedReason).toMatch(/^NOT_A_FEED: not a feed: no root element/);
    expect(bad!.attemptsMade).toBe(1);
    expect(await good!.getState(), good!.failedReason).toBe('completed');
    // Worker start-up included; the old code took minutes here.
    expect(elapsedMs).toBeLessThan(10_000);
    expect(worker.output()).not.toMatch(/Missing lock|uncaught|unhandled/i);
  });

  // The feed/sitemap sniff's `(<!--[\s\S]*?-->\s*)*` backtracked exponentially on a head of
  // comments: 256 of them before <html> would have held the worker's event loop for ever.
  it('takes a page that opens with 256 comments, ingested as a URL of unknown kind, as a page at once', async () => {
    const started = Date.now();
    const link = await pipeline.enqueue('fetch', { kind: 'auto', url: `${base}/comments.html` });
    const queue = pipeline.queue('fetch');
    const job = await settled(queue, (await queue.getJob(link.jobId))!, 20_000);
    expect(await job.getState(), job.failedReason).toBe('completed');
    expect(job.returnvalue).toMatchObject({ outcome: 'forwarded', next: { queue: 'clean' } });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
