import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RawArchive } from '@newsflow/archive';
import { createLogger, createRedis, type RunningStages, startStages } from '@newsflow/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchStage } from './fetch-stage.js';
import { RobotsCache } from './robots-cache.js';

const REDIS = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `{nftest-${randomBytes(4).toString('hex')}}`;
const DELAY_MS = 250;

describe('per-host politeness across two fetch workers on real Redis', () => {
  const starts: number[] = [];
  const otherHost: number[] = [];
  let server: Server;
  let base = '';
  let dir: string;
  const connections = [
    createRedis(REDIS, 'worker'),
    createRedis(REDIS, 'worker'),
    createRedis(REDIS, 'worker'),
  ];
  const workers: RunningStages[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/robots.txt') return void res.writeHead(404).end();
      (req.headers.host?.startsWith('localhost') ? otherHost : starts).push(Date.now());
      // Each page takes a while, so a sleeping worker would show in the total time.
      setTimeout(() => res.writeHead(200, { 'content-type': 'text/html' }).end('<p>x</p>'), 20);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    dir = await mkdtemp(join(tmpdir(), 'newsflow-spacing-'));
    for (const connection of connections.slice(0, 2)) {
      const stage = fetchStage({
        archive: new RawArchive(dir),
        http: { timeoutMs: 5_000, allowPrivateNetworks: true },
        maxFeedItems: 10,
        concurrency: 2,
        politeness: { hostDelayMs: DELAY_MS, hostConcurrency: 1 },
      });
      workers.push(startStages([stage], { connection, prefix, log: createLogger({ level: 'silent' }) }));
    }
  });

  afterAll(async () => {
    for (const w of workers) await w.close();
    const admin = connections[2];
    if (admin) {
      const keys = await admin.keys(`${prefix}:*`);
      if (keys.length) await admin.del(...keys);
    }
    for (const c of connections) await c.quit();
    server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('spaces requests to one host by FETCH_HOST_DELAY_MS while other hosts go on', async () => {
    const producer = workers[0]?.pipeline;
    if (!producer) throw new Error('no worker');
    const port = new URL(base).port;
    const jobs = [];
    for (let i = 0; i < 6; i++) {
      const link = await producer.enqueue('fetch', { kind: 'page', url: `${base}/p${i}` });
      jobs.push(await producer.queue('fetch').getJob(link.jobId));
    }
    for (let i = 0; i < 3; i++) {
      const link = await producer.enqueue('fetch', { kind: 'page', url: `http://localhost:${port}/q${i}` });
      jobs.push(await producer.queue('fetch').getJob(link.jobId));
    }
    for (const job of jobs) {
      for (let i = 0; i < 400 && !/completed|failed/.test((await job?.getState()) ?? ''); i++)
        await new Promise((r) => setTimeout(r, 25));
    }

    expect(starts).toHaveLength(6);
    const gaps = starts.slice(1).map((t, i) => t - (starts[i] ?? 0));
    // Server clock and Redis clock are the same machine's: allow a few ms of scheduling noise.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(DELAY_MS - 10);
    // The other host was not held up behind the busy one.
    expect(otherHost).toHaveLength(3);
    expect(Math.min(...otherHost)).toBeLessThan(starts[3] ?? 0);
  }, 30_000);

  it("honours the site's Crawl-delay when it is longer than FETCH_HOST_DELAY_MS", async () => {
    const times: number[] = [];
    const polite = createServer((req, res) => {
      if (req.url === '/robots.txt') return void res.writeHead(200).end('User-agent: *\nCrawl-delay: 0.4\n');
      times.push(Date.now());
      res.writeHead(200, { 'content-type': 'text/html' }).end('<p>x</p>');
    });
    await new Promise<void>((r) => polite.listen(0, '127.0.0.1', r));
    const address = polite.address();
    const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const producer = workers[0]?.pipeline;
    if (!producer) throw new Error('no worker');
    try {
      const jobs = [];
      for (let i = 0; i < 3; i++) {
        const link = await producer.enqueue('fetch', { kind: 'page', url: `${origin}/c${i}` });
        jobs.push(await producer.queue('fetch').getJob(link.jobId));
      }
      for (const job of jobs) {
        for (let i = 0; i < 400 && !/completed|failed/.test((await job?.getState()) ?? ''); i++)
          await new Promise((r) => setTimeout(r, 25));
      }
      expect(times).toHaveLength(3);
      const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(390);
    } finally {
      polite.close();
    }
  }, 30_000);

  it('caches an unreachable robots.txt as a temporary disallow for the error TTL', async () => {
    const broken = createServer((_req, res) => res.writeHead(503).end());
    await new Promise<void>((r) => broken.listen(0, '127.0.0.1', r));
    const address = broken.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/a`;
    const redis = connections[2];
    if (!redis) throw new Error('no connection');
    const cache = new RobotsCache(redis, prefix, {
      http: { allowPrivateNetworks: true, timeoutMs: 2_000 },
      ttlMs: 60_000,
      errorTtlMs: 5_000,
    });
    try {
      const verdict = await cache.check(url);
      expect(verdict).toMatchObject({ allowed: false, temporary: true });
      const ttl = await redis.pttl(`${prefix}:fetch:robots:${new URL(url).origin}`);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(5_000);
    } finally {
      broken.close();
    }
  });
});
