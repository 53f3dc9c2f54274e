import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { Pipeline } from '@newsflow/queue';
import { settled, type WorkerProcess } from '@newsflow/queue/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childSitemapJobId } from './expand-sitemap.js';
import { type FetcherProcess, startFetcherProcess } from './test-support/fetcher-process.js';

/**
 * Issue 17 finding 2: a sitemap index listing itself 50 times, with SITEMAP_MAX_CHILDREN=10,
 * made the fetcher fetch the same URL 1,111 times (child sitemap jobs had no job id, so every
 * listing was a new job, at every level). Now each distinct URL is fetched once per expansion.
 * Run through the real fetcher process against a loopback server that counts its requests.
 */

/** 150 KB of gzip that inflates to the 50 MiB sitemaps.org limit: 1.6 GB as a DOM. */
const INFLATING = (() => {
  const unit = '<url><loc>http://127.0.0.1:1/page</loc></url>';
  return gzipSync(
    Buffer.from(`<urlset>${unit.repeat(Math.floor((50 * 1024 * 1024 - 20) / unit.length))}</urlset>`),
  );
})();

const index = (locs: string[]) =>
  `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">${locs
    .map((l) => `<sitemap><loc>${l}</loc></sitemap>`)
    .join('')}</sitemapindex>`;

describe('sitemap indexes that loop, through the fetcher worker process', () => {
  let fetcher: FetcherProcess;
  let base = '';
  let pipeline: Pipeline;
  let worker: WorkerProcess;
  const hits = new Map<string, number>();

  beforeAll(async () => {
    fetcher = await startFetcherProcess(
      (req, res) => {
        const path = req.url ?? '/';
        hits.set(path, (hits.get(path) ?? 0) + 1);
        const xml = (body: string) => res.writeHead(200, { 'content-type': 'application/xml' }).end(body);
        if (path === '/self.xml') return xml(index(Array(50).fill(`${base}/self.xml`)));
        // a → b → a, and both list c, which lists a again: three distinct URLs.
        if (path === '/a.xml') return xml(index([`${base}/b.xml`, `${base}/c.xml`, `${base}/a.xml`]));
        if (path === '/b.xml') return xml(index([`${base}/a.xml`, `${base}/c.xml`, `${base}/b.xml`]));
        if (path === '/c.xml') return xml(index(Array(20).fill(`${base}/a.xml`)));
        if (path === '/inflating.xml.gz')
          return res.writeHead(200, { 'content-type': 'application/gzip' }).end(INFLATING);
        res.writeHead(404).end();
      },
      { SITEMAP_MAX_CHILDREN: '10', SITEMAP_MAX_DEPTH: '3', CONCURRENCY: '4' },
    );
    ({ base, pipeline, worker } = fetcher);
  }, 30_000);

  afterAll(async () => {
    expect(await fetcher?.close()).toBe(0);
  });

  /** Enqueues a sitemap job and waits until the fetch queue has nothing left to do. */
  async function expand(path: string, jobId: string): Promise<void> {
    const queue = pipeline.queue('fetch');
    const link = await pipeline.enqueue('fetch', { kind: 'sitemap', url: `${base}${path}` }, { jobId });
    const job = await settled(queue, (await queue.getJob(link.jobId))!);
    expect(await job.getState(), job.failedReason).toBe('completed');
    const deadline = Date.now() + 20_000;
    for (;;) {
      const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized');
      if (Object.values(counts).every((n) => n === 0)) break;
      if (Date.now() > deadline) throw new Error(`fetch queue still busy: ${JSON.stringify(counts)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  it('fetches an index that lists itself 50 times once, not 1,111 times', async () => {
    hits.clear();
    await expand('/self.xml', `self-${randomBytes(4).toString('hex')}`);
    expect(Object.fromEntries(hits)).toEqual({ '/self.xml': 1 });
  });

  it('fetches each URL of indexes that list each other once per expansion', async () => {
    hits.clear();
    await expand('/a.xml', `loop-${randomBytes(4).toString('hex')}`);
    expect(Object.fromEntries(hits)).toEqual({ '/a.xml': 1, '/b.xml': 1, '/c.xml': 1 });
  });

  it('fetches them again in the next expansion (a new poll is a new expansion)', async () => {
    hits.clear();
    await expand('/a.xml', `loop-${randomBytes(4).toString('hex')}`);
    expect(Object.fromEntries(hits)).toEqual({ '/a.xml': 1, '/b.xml': 1, '/c.xml': 1 });
  });

  it('reads a 150 KB gzip sitemap that inflates to 50 MiB without the worker growing by a DOM of it', async () => {
    worker.resetPeak();
    const before = worker.memory().rssMb;
    const queue = pipeline.queue('fetch');
    const link = await pipeline.enqueue('fetch', { kind: 'sitemap', url: `${base}/inflating.xml.gz` });
    const job = await settled(queue, (await queue.getJob(link.jobId))!);
    const growthMb = worker.memory().peakMb - before;
    console.log(`50 MiB inflated sitemap: ${await job.getState()}, peak RSS +${growthMb.toFixed(0)} MiB`);
    expect(await job.getState(), job.failedReason).toBe('completed');
    expect(job.returnvalue).toMatchObject({ outcome: 'expanded', items: 50_000 });
    // The 50 MiB of text itself (and its decoded string) are there; a DOM of it was 1.6 GB.
    expect(growthMb).toBeLessThan(400);
    expect(worker.alive()).toBe(true);
  }, 60_000);

  it('names child jobs by expansion and URL, in ids BullMQ accepts', () => {
    const id = childSitemapJobId('repeat:src-1:1733600000000', 'https://a.example/s.xml');
    expect(id).toMatch(/^sitemap-[0-9a-f]{16}-[0-9a-f]{32}$/);
    expect(id).toBe(childSitemapJobId('repeat:src-1:1733600000000', 'https://a.example/s.xml'));
    expect(id).not.toBe(childSitemapJobId('repeat:src-1:1733600900000', 'https://a.example/s.xml'));
  });
});
