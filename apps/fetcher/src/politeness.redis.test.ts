import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { RawArchive } from '@newsflow/archive';
import { type StageHarness, stageHarness } from '@newsflow/queue/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FetchStageDeps, fetchStage } from './fetch-stage.js';
import { readSourceState } from './source-state.js';

const REDIS = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const PAGE = '<html><head><title>Story</title></head><body><p>Body.</p></body></html>';

/** Requests the loopback site saw: path, headers, time. */
const seen: { path: string; at: number; headers: IncomingMessage['headers'] }[] = [];
let base = '';
let feedVersion = 1;
let rateLimited = 0;

function rss(items: string[]): string {
  return `<rss version="2.0"><channel><title>T</title>${items
    .map((p) => `<item><title>${p}</title><link>${base}${p}</link></item>`)
    .join('')}</channel></rss>`;
}

function site(req: IncomingMessage, res: ServerResponse): void {
  const path = req.url ?? '/';
  seen.push({ path, at: Date.now(), headers: req.headers });
  const html = { 'content-type': 'text/html; charset=utf-8' };
  if (path === '/robots.txt') {
    res.writeHead(200, { 'content-type': 'text/plain' }).end('User-agent: *\nDisallow: /private/\n');
  } else if (path === '/etag-feed.xml') {
    const etag = `"v${feedVersion}"`;
    if (req.headers['if-none-match'] === etag) res.writeHead(304, { etag }).end();
    else res.writeHead(200, { etag, 'content-type': 'application/rss+xml' }).end(rss(['/e1', '/e2']));
  } else if (path === '/growing.xml') {
    const items = feedVersion === 1 ? ['/g1', '/g2'] : ['/g1', '/g2', '/g3'];
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(items));
  } else if (path === '/busy') {
    if (rateLimited++ === 0) res.writeHead(429, { 'retry-after': '1' }).end();
    else res.writeHead(200, html).end(PAGE);
  } else if (path === '/legal') {
    res.writeHead(451).end();
  } else if (path === '/sitemap-index.xml') {
    res.writeHead(200, { 'content-type': 'application/xml' }).end(
      `<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
        <sitemap><loc>${base}/news-sitemap</loc><lastmod>2026-11-01</lastmod></sitemap></sitemapindex>`,
    );
  } else if (path === '/news-sitemap') {
    const xml = `<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
      xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc>${base}/n1</loc><news:news><news:publication><news:name>Paper</news:name>
      <news:language>en</news:language></news:publication>
      <news:publication_date>2026-11-02T10:00:00Z</news:publication_date><news:title>Headline</news:title>
      </news:news></url></urlset>`;
    // gzip without a .gz name or Content-Encoding: sniffed from the bytes.
    res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(gzipSync(xml));
  } else if (/^\/(e\d|g\d|n\d|page\d+|private\/.*)$/.test(path)) {
    res.writeHead(200, html).end(PAGE);
  } else res.writeHead(404).end();
}

describe('fetch stage politeness, robots, conditional GET, sitemaps and polling on real Redis', () => {
  let server: Server;
  let dir: string;
  let harness: StageHarness;

  beforeAll(async () => {
    server = createServer(site);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    dir = await mkdtemp(join(tmpdir(), 'newsflow-polite-'));
    const deps: FetchStageDeps = {
      archive: new RawArchive(dir),
      http: { timeoutMs: 5_000, userAgent: 'newsflow-test/1.0', allowPrivateNetworks: true },
      maxFeedItems: 50,
      concurrency: 4,
      politeness: { hostDelayMs: 0, hostConcurrency: 0 },
    };
    harness = await stageHarness([fetchStage(deps)], REDIS);
  });

  afterAll(async () => {
    await harness?.close();
    server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('fails a URL robots.txt disallows at once, and fetches robots.txt once per host', async () => {
    const job = await harness.run('fetch', { kind: 'page', url: `${base}/private/x` });
    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toMatch(/^ROBOTS_DISALLOWED: /);
    expect(job.attemptsMade).toBe(1);
    expect(seen.some((s) => s.path === '/private/x')).toBe(false);
    const ok = await harness.run('fetch', { kind: 'page', url: `${base}/page1` });
    expect(await ok.getState()).toBe('completed');
    expect(seen.filter((s) => s.path === '/robots.txt')).toHaveLength(1);
  });

  it('waits out a 429 Retry-After as a delay, without using an attempt', async () => {
    const job = await harness.run('fetch', { kind: 'page', url: `${base}/busy` });
    expect(await job.getState()).toBe('completed');
    expect(job.attemptsMade).toBe(1);
    const hits = seen.filter((s) => s.path === '/busy');
    expect(hits).toHaveLength(2);
    expect((hits[1]?.at ?? 0) - (hits[0]?.at ?? 0)).toBeGreaterThanOrEqual(950);
  });

  it('fails a 451 at once', async () => {
    const job = await harness.run('fetch', { kind: 'page', url: `${base}/legal` });
    expect(job.failedReason).toMatch(/^HTTP_CLIENT_ERROR: HTTP 451/);
    expect(job.attemptsMade).toBe(1);
  });

  it('polls a feed with conditional GET: a 304 costs nothing more', async () => {
    const data = { kind: 'feed' as const, url: `${base}/etag-feed.xml`, sourceId: 'src-etag' };
    const first = await harness.run('fetch', data);
    expect(first.returnvalue.children).toHaveLength(2);
    const second = await harness.run('fetch', data);
    expect(second.returnvalue).toEqual({ outcome: 'expanded', children: [], items: 0 });
    expect(seen.filter((s) => s.path === '/etag-feed.xml').at(-1)?.headers['if-none-match']).toBe('"v1"');
  });

  it('does not fetch item URLs of a polled source again inside the revisit window', async () => {
    feedVersion = 1;
    const data = { kind: 'feed' as const, url: `${base}/growing.xml`, sourceId: 'src-grow' };
    expect((await harness.run('fetch', data)).returnvalue.children).toHaveLength(2);
    feedVersion = 2;
    const again = await harness.run('fetch', data);
    expect(again.returnvalue.items).toBe(3);
    expect(again.returnvalue.children).toHaveLength(1);
  });

  it('skips a scheduled poll that is not due, and records status, next poll and error streak', async () => {
    const schedule = { minMs: 60_000, maxMs: 3_600_000 };
    const data = { kind: 'feed' as const, url: `${base}/growing.xml`, sourceId: 'src-sched', schedule };
    await harness.run('fetch', data);
    const state = await readSourceState(harness.pipeline.connection, harness.prefix, 'src-sched');
    expect(state).toMatchObject({ lastStatus: 'ok', errorStreak: 0 });
    const nextAt = Date.parse(state.nextPollAt ?? '');
    expect(nextAt - Date.now()).toBeGreaterThan(50_000);
    const before = seen.length;
    const skipped = await harness.run('fetch', data);
    expect(skipped.returnvalue).toEqual({ outcome: 'expanded', children: [], items: 0 });
    expect(seen.length).toBe(before);

    const broken = { kind: 'feed' as const, url: `${base}/gone.xml`, sourceId: 'src-broken', schedule };
    await harness.run('fetch', broken);
    const failed = await readSourceState(harness.pipeline.connection, harness.prefix, 'src-broken');
    expect(failed).toMatchObject({ lastStatus: 'HTTP_NOT_FOUND', errorStreak: 1 });
    expect(Date.parse(failed.nextPollAt ?? '') - Date.now()).toBeGreaterThan(50_000);
  });

  it('follows a sitemap index to a gzipped news sitemap and enqueues its pages with hints', async () => {
    const job = await harness.run('fetch', { kind: 'sitemap', url: `${base}/sitemap-index.xml` });
    expect(job.returnvalue.children).toHaveLength(1);
    const childId = job.returnvalue.children[0].jobId as string;
    const childJob = await harness.pipeline.queue('fetch').getJob(childId);
    for (let i = 0; i < 100 && !(await childJob?.getState())?.match(/completed|failed/); i++)
      await new Promise((r) => setTimeout(r, 50));
    const child = await harness.job('fetch', childId);
    expect(await child?.getState()).toBe('completed');
    expect(child?.returnvalue.children).toHaveLength(1);
    const page = await harness.job('fetch', child?.returnvalue.children[0].jobId);
    expect(page?.data).toMatchObject({
      kind: 'page',
      url: `${base}/n1`,
      hint: { title: 'Headline', publishedAt: '2026-11-02T10:00:00Z' },
    });
  });
});
