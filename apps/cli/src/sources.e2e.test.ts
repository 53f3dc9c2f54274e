import { createServer, type Server } from 'node:http';
import { writeSourceState } from '@newsflow/fetcher';
import { createRedis } from '@newsflow/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, TEST_REDIS_URL, testPrefix } from './test-support/cli-process.js';

/** `newsflow sources` against a loopback site with a home page, a feed, robots.txt and a sitemap. */
describe('newsflow sources (CLI processes, real Redis)', () => {
  let server: Server;
  let base = '';
  let env: Record<string, string>;
  const prefix = testPrefix();

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        res.end(`<html><head><title>Site</title>
          <link rel="alternate" type="application/rss+xml" title="News" href="/rss.xml">
          </head><body><p>Home</p></body></html>`);
      } else if (req.url === '/robots.txt') {
        res
          .writeHead(200, { 'content-type': 'text/plain' })
          .end(`User-agent: *\nAllow: /\nSitemap: ${base}/news-sitemap.xml\n`);
      } else if (req.url === '/rss.xml') {
        res
          .writeHead(200, { 'content-type': 'application/rss+xml' })
          .end('<rss version="2.0"><channel><title>T</title></channel></rss>');
      } else if (req.url === '/news-sitemap.xml') {
        res
          .writeHead(200, { 'content-type': 'application/xml' })
          .end('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"></urlset>');
      } else res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    env = { REDIS_URL: TEST_REDIS_URL, NEWSFLOW_QUEUE_PREFIX: prefix, FETCH_ALLOW_PRIVATE_NETWORKS: 'true' };
  });

  afterAll(async () => {
    server?.close();
    const redis = createRedis(TEST_REDIS_URL, 'worker');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('adds the feeds a home page links and the sitemaps its robots.txt lists, and lists their state', async () => {
    const add = await runCli(['sources', 'add', `${base}/`, '--every', '10m', '--max-every', '6h'], env);
    expect(add.code, add.stderr).toBe(0);
    const lines = add.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      new RegExp(`^added src-[0-9a-f]{16} ${base}/rss\\.xml every 10m \\(feed found on`),
    );
    expect(lines[1]).toMatch(
      new RegExp(`^added src-[0-9a-f]{16} ${base}/news-sitemap\\.xml every 10m \\(sitemap found on`),
    );

    const list = await runCli(['sources', 'list', '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    const rows = list.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.kind, r.url]).sort()).toEqual([
      ['feed', `${base}/rss.xml`],
      ['sitemap', `${base}/news-sitemap.xml`],
    ]);
    for (const row of rows)
      expect(row).toMatchObject({
        everyMs: 600_000,
        maxEveryMs: 21_600_000,
        lastStatus: null,
        errorStreak: 0,
      });

    const text = await runCli(['sources', 'list'], env);
    expect(text.stdout).toMatch(/next .* last never polled {2}errors 0/);
  }, 300_000);

  it('lists the schedule as /api/sources and Bull Board give it (every 1m), the adapted interval apart', async () => {
    const add = await runCli(['sources', 'add', `${base}/rss.xml`, '--every', '1m', '--kind', 'feed'], env);
    expect(add.code, add.stderr).toBe(0);
    const id = /^added (src-[0-9a-f]{16}) /.exec(add.stdout)?.[1] ?? '';
    // What the fetcher records after a poll of a source that publishes about three times a day.
    const redis = createRedis(TEST_REDIS_URL, 'worker');
    await writeSourceState(redis, prefix, id, { intervalMs: 504 * 60_000 });
    await redis.quit();
    const json = await runCli(['sources', 'list', '--json'], env);
    const row = json.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .find((r) => r.id === id);
    expect(row).toMatchObject({ everyMs: 60_000, intervalMs: 30_240_000 });
    const text = await runCli(['sources', 'list'], env);
    // It said "every 504m" where /api/sources said everyMs 60000 and Bull Board "every 1m".
    expect(text.stdout).toContain(`${id}  ${base}/rss.xml  feed  every 1m  adapted 8h24m  next `);
    expect((await runCli(['sources', 'remove', id], env)).code).toBe(0);
  }, 300_000);

  it('adds a feed URL as itself, and refuses a URL that is not there', async () => {
    const feed = await runCli(['sources', 'add', `${base}/rss.xml`], env);
    expect(feed.stdout).toMatch(new RegExp(`^added src-[0-9a-f]{16} ${base}/rss\\.xml every 15m\\n$`));
    expect((await runCli(['sources', 'remove', `${base}/rss.xml`], env)).code).toBe(0);
    const missing = await runCli(['sources', 'add', `${base}/missing`], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot add .*HTTP_NOT_FOUND/);
  }, 300_000);
});
