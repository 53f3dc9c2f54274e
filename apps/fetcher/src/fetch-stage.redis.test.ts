import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RawArchive } from '@newsflow/archive';
import { type StageHarness, stageHarness } from '@newsflow/queue/testing';
import { articleJobId, articleKey, CleanJob } from '@newsflow/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchStage } from './fetch-stage.js';

const REDIS = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PAGE =
  '<html><head><title>Story</title></head><body><article><p>Body text.</p></article></body></html>';

describe('fetch stage worker on real Redis', () => {
  let server: Server;
  let base = '';
  let dir: string;
  let archive: RawArchive;
  let harness: StageHarness;
  let strict: StageHarness;

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/feed.xml') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end(`<rss version="2.0"><channel><title>T</title>
          <item><title>One</title><link>${base}/a?utm_source=rss</link><pubDate>Fri, 13 Sep 2024 09:00:00 GMT</pubDate><author>jo@example.org (Jo Roe)</author></item>
          <item><title>Two</title><link>${base}/b</link></item>
          <item><title>No link</title></item></channel></rss>`);
      } else if (req.url === '/a' || req.url === '/a?utm_source=rss' || req.url === '/b') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
      } else if (req.url === '/image.png') {
        res.writeHead(200, { 'content-type': 'image/png' }).end('PNG');
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    dir = await mkdtemp(join(tmpdir(), 'newsflow-fetcher-'));
    archive = new RawArchive(dir);
    const http = { timeoutMs: 5_000, maxBytes: 1_000_000, maxRedirects: 3, userAgent: 'newsflow-test' };
    harness = await stageHarness(
      [
        fetchStage({
          archive,
          http: { ...http, allowPrivateNetworks: true },
          maxFeedItems: 10,
          concurrency: 2,
        }),
      ],
      REDIS,
    );
    strict = await stageHarness(
      [
        fetchStage({
          archive,
          http: { ...http, allowPrivateNetworks: false },
          maxFeedItems: 10,
          concurrency: 1,
        }),
      ],
      REDIS,
    );
  });

  afterAll(async () => {
    await harness?.close();
    await strict?.close();
    server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('expands a feed into one page job per linked item, keyed by the article URL', async () => {
    const job = await harness.run(
      'fetch',
      { kind: 'feed', url: `${base}/feed.xml`, sourceId: 'src-1' },
      'feed-1',
    );
    expect(await job.getState()).toBe('completed');
    expect(job.returnvalue).toMatchObject({ outcome: 'expanded', items: 3 });
    expect(job.returnvalue.children).toHaveLength(2);
    const first = await harness.job('fetch', articleJobId(articleKey(`${base}/a`)));
    expect(first?.data).toMatchObject({
      kind: 'page',
      url: `${base}/a?utm_source=rss`,
      sourceId: 'src-1',
      hint: { title: 'One', publishedAt: '2024-09-13T09:00:00Z' },
    });
  });

  it('archives a page and hands clean a reference, not the bytes', async () => {
    const url = `${base}/b`;
    const job = await harness.run('fetch', { kind: 'page', url }, 'page-b');
    expect(job.returnvalue).toEqual({
      outcome: 'forwarded',
      next: { queue: 'clean', jobId: articleJobId(articleKey(url)) },
    });
    const clean = await harness.job('clean', articleJobId(articleKey(url)));
    const data = CleanJob.parse(clean?.data);
    expect(data.finalUrl).toBe(url);
    expect(JSON.stringify(clean?.data)).not.toContain('Body text');
    expect(new TextDecoder().decode((await archive.get(data.raw.ref)) ?? new Uint8Array())).toBe(PAGE);
  });

  it.each([
    ['a missing page', '/missing', /^HTTP_NOT_FOUND: HTTP 404/],
    ['an image', '/image.png', /^UNSUPPORTED_CONTENT_TYPE: /],
  ])('fails %s at once with its reason', async (_name, path, reason) => {
    const job = await harness.run('fetch', { kind: 'page', url: `${base}${path}` });
    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toMatch(reason);
    expect(job.attemptsMade).toBe(1);
  });

  it.each([
    ['a cloud metadata endpoint', 'http://169.254.169.254/latest/meta-data/'],
    ['a private network', 'http://10.20.30.40/admin'],
  ])('refuses a feed item linking to %s, before any connection', async (_name, url) => {
    // The page job a feed item with this link becomes, on a fetcher with the guard on (the
    // default). Literal addresses are refused before connecting, so no packet leaves.
    const job = await strict.run('fetch', { kind: 'page', url });
    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toMatch(/^PRIVATE_ADDRESS: /);
    expect(job.attemptsMade).toBe(1);
  });

  it('refuses loopback addresses unless allowed', async () => {
    const job = await strict.run('fetch', { kind: 'page', url: `${base}/b` });
    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toMatch(/^PRIVATE_ADDRESS: /);
  });
});
