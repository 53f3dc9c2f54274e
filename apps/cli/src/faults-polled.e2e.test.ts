import { createServer, type Server } from 'node:http';
import { createRedis } from '@newsflow/queue';
import type { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestDatabase, runCli } from './test-support/cli-process.js';
import { expectNothingLost, FaultRun, report } from './test-support/fault-run.js';
import { generatedArticle } from './test-support/generated-site.js';
import { startPrivateRedis } from './test-support/private-servers.js';

// A polled source loses nothing when the fetcher dies while it expands the feed (issue 24):
// the fetcher is SIGKILLed at several points of a 500-item feed's expansion and restarted;
// every item ends stored. Workers run with the default stall settings.

const ITEMS = 500;
const KILLS = 3;
const SETTLE_MS = 180_000;
const ETAG = '"courier-v1"';

interface PolledSite {
  feed: string;
  urls: string[];
  /** Feed requests answered 200 and 304. */
  served: { full: number; notModified: number };
  close(): Promise<void>;
}

/**
 * One RSS feed of `count` generated stories with an ETag, answering 304 to its own ETag (so a
 * poll that saved its validators before enqueuing the items would see nothing on its retry).
 */
async function servePolledSite(count: number): Promise<PolledSite> {
  let base = '';
  const served = { full: 0, notModified: 0 };
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/feed.xml') {
      if (req.headers['if-none-match'] === ETAG) {
        served.notModified++;
        res.writeHead(304, { etag: ETAG }).end();
        return;
      }
      served.full++;
      const items = Array.from({ length: count }, (_, i) => {
        const link = `${base}/story/${i}`;
        return `<item><title>Story ${i}</title><link>${link}</link><guid>${link}</guid></item>`;
      });
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8', etag: ETAG });
      res.end(
        `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Courier</title><link>${base}/</link>${items.join('')}</channel></rss>`,
      );
      return;
    }
    const story = /^\/story\/(\d+)$/.exec(path);
    if (story && Number(story[1]) < count) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(generatedArticle(Number(story[1]), 7).html);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no port');
  base = `http://127.0.0.1:${address.port}`;
  return {
    feed: `${base}/feed.xml`,
    urls: Array.from({ length: count }, (_, i) => `${base}/story/${i}`),
    served,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Page jobs (ids `a-…`) in the fetch queue, in any state. Plain reads, no Lua: BullMQ's
 * counting scripts would wait out a `CLIENT PAUSE WRITE` like any script.
 */
async function pageJobs(redis: Redis, prefix: string): Promise<number> {
  const key = (state: string) => `${prefix}:fetch:${state}`;
  const replies =
    (await redis
      .multi()
      .lrange(key('wait'), 0, -1)
      .lrange(key('active'), 0, -1)
      .lrange(key('paused'), 0, -1)
      .zrange(key('delayed'), 0, -1)
      .zrange(key('prioritized'), 0, -1)
      .zrange(key('completed'), 0, -1)
      .zrange(key('failed'), 0, -1)
      .exec()) ?? [];
  const ids = new Set<string>();
  for (const [, list] of replies) for (const id of list as string[]) if (id.startsWith('a-')) ids.add(id);
  return ids.size;
}

describe('faults: a polled source loses nothing when the fetcher dies mid-expansion (issue 24)', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  it('SIGKILL of the fetcher at several points of a 500-item feed: every item is stored', async () => {
    const site = await servePolledSite(ITEMS);
    cleanups.push(site.close);
    // A Redis of its own: the test freezes its writes (CLIENT PAUSE) to kill the fetcher at a
    // known point of the expansion, which must not stall the other tests on the shared one.
    const redis = await startPrivateRedis();
    cleanups.push(redis.stop);
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const r = await FaultRun.create({
      redisUrl: redis.url,
      databaseUrl: db.url,
      env: { SHUTDOWN_TIMEOUT_MS: '20000', CONCURRENCY: '8' },
    });
    cleanups.push(() => r.close());
    const admin: Redis = createRedis(redis.url, 'worker');
    cleanups.push(async () => admin.disconnect());
    await r.start();
    const startedAt = Date.now();
    const add = await runCli(['sources', 'add', site.feed, '--every', '1m', '--kind', 'feed'], r.env);
    expect(add.code, add.stderr).toBe(0);

    const kills: { pagesAtKill: number; recoveredAfterMs: number | null }[] = [];
    let killedAt = 0;
    /** Waits until the expansion has added page jobs beyond `pages` (its retry resumed). */
    const expansionPast = async (pages: number) => {
      // Polled back to back, not every 250 ms: an expansion takes a fraction of a second.
      const deadline = Date.now() + SETTLE_MS;
      while ((await pageJobs(admin, r.prefix)) <= pages) {
        if (Date.now() > deadline)
          throw new Error(`no page job beyond the first ${pages} was added\n${r.outputs()}`);
      }
    };
    for (let k = 0; k < KILLS; k++) {
      const last = kills.at(-1);
      await expansionPast(last?.pagesAtKill ?? 0);
      if (last) last.recoveredAfterMs = Date.now() - killedAt;
      // The expansion is under way: freeze every write and kill the fetcher, which dies with
      // the rest of the feed not enqueued yet.
      await admin.call('CLIENT', 'PAUSE', '10000', 'WRITE');
      let pages: number;
      try {
        pages = await pageJobs(admin, r.prefix);
        await r.signal('fetcher', 'SIGKILL');
        killedAt = Date.now();
      } finally {
        await admin.call('CLIENT', 'UNPAUSE');
      }
      kills.push({ pagesAtKill: pages, recoveredAfterMs: null });
      await r.start(['fetcher']);
      if (pages >= ITEMS) break;
    }
    // The first kill struck part-way through the expansion, so its retry had the rest to do.
    expect(kills[0]?.pagesAtKill ?? ITEMS).toBeLessThan(ITEMS);
    const last = kills.at(-1);
    if (last && last.pagesAtKill < ITEMS) {
      await expansionPast(last.pagesAtKill);
      last.recoveredAfterMs = Date.now() - killedAt;
    }
    // Every item is enqueued now; the source's next scheduled poll would keep a job delayed.
    await r.until('every item to be stored', async () => (await r.storedCount()) >= ITEMS, SETTLE_MS);
    const removed = await runCli(['sources', 'remove', site.feed], r.env);
    expect(removed.code, removed.stderr).toBe(0);
    await r.settle(SETTLE_MS);
    const audit = await r.audit(site.urls);
    report('polled feed, fetcher SIGKILL mid-expansion', audit, startedAt, {
      kills: kills.map((k) => `${k.pagesAtKill}/${ITEMS} enqueued`).join(' '),
      recoveryMs: kills.map((k) => k.recoveredAfterMs ?? '-').join('/'),
      feedServed: site.served,
    });
    expectNothingLost(audit, ITEMS);
  }, 420_000);
});
