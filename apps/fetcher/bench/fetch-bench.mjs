#!/usr/bin/env node
// Fetch-stage benchmark: pages/s fetched from a loopback server by 1 and 4 fetch workers, and
// per-host spacing kept across 4 workers. Needs Redis (NEWSFLOW_TEST_REDIS_URL or REDIS_URL,
// default redis://127.0.0.1:6379) and built workspaces (`npm run build`). Not a test: it prints figures.
//   node apps/fetcher/bench/fetch-bench.mjs [--pages 400] [--hosts 16] [--delay 200]
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { RawArchive } from '@newsflow/archive';
import { fetchStage } from '@newsflow/fetcher';
import { createLogger, createRedis, Pipeline, startStages } from '@newsflow/queue';

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '400' },
    hosts: { type: 'string', default: '16' },
    delay: { type: 'string', default: '200' },
    concurrency: { type: 'string', default: '8' },
  },
});
const PAGES = Number(values.pages);
const HOSTS = Number(values.hosts);
const DELAY = Number(values.delay);
const CONCURRENCY = Number(values.concurrency);
const REDIS = process.env.NEWSFLOW_TEST_REDIS_URL ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PAGE = `<html><head><title>Story</title></head><body>${'<p>Some text of the story.</p>'.repeat(100)}</body></html>`;

/** Request start times per Host header. */
const hits = new Map();
const server = createServer((req, res) => {
  if (req.url === '/robots.txt') return void res.writeHead(404).end();
  const host = req.headers.host ?? '';
  if (!hits.has(host)) hits.set(host, []);
  hits.get(host).push(performance.now());
  res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(PAGE);
});
// 0.0.0.0 answers on every 127.x.y.z address: each is a host of its own to the fetcher.
await new Promise((r) => server.listen(0, '0.0.0.0', r));
const port = server.address().port;
const hostUrl = (i) => `http://127.0.0.${1 + (i % HOSTS)}:${port}`;
const dir = await mkdtemp(join(tmpdir(), 'newsflow-bench-'));
const log = createLogger({ level: 'silent' });

async function run(workers, politeness, pages, hostCount) {
  hits.clear();
  const prefix = `{nfbench-${randomBytes(4).toString('hex')}}`;
  const admin = createRedis(REDIS, 'worker');
  const producer = new Pipeline(admin, prefix);
  for (let i = 0; i < pages; i++) {
    const url = `http://127.0.0.${1 + (i % hostCount)}:${port}/p/${i}`;
    await producer.enqueue('fetch', { kind: 'page', url }, { jobId: `p${i}` });
  }
  const connections = [];
  const running = [];
  const began = performance.now();
  for (let w = 0; w < workers; w++) {
    const connection = createRedis(REDIS, 'worker');
    connections.push(connection);
    const stage = fetchStage({
      archive: new RawArchive(dir),
      http: { timeoutMs: 10_000, allowPrivateNetworks: true },
      maxFeedItems: 10,
      concurrency: CONCURRENCY,
      politeness,
    });
    running.push(startStages([stage], { connection, prefix, log }));
  }
  const queue = producer.queue('fetch');
  for (;;) {
    const counts = await queue.getJobCounts('completed', 'failed');
    if (counts.completed + counts.failed >= pages) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const seconds = (performance.now() - began) / 1000;
  const counts = await queue.getJobCounts('completed', 'failed');
  for (const r of running) await r.close();
  for (const c of connections) await c.quit();
  await queue.obliterate({ force: true });
  await producer.queue('clean').obliterate({ force: true });
  const keys = await admin.keys(`${prefix}:*`);
  if (keys.length) await admin.del(...keys);
  await producer.close();
  await admin.quit();
  return { seconds, counts };
}

function spacing() {
  let min = Number.POSITIVE_INFINITY;
  const all = [];
  for (const times of hits.values()) {
    const sorted = [...times].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) all.push(sorted[i] - sorted[i - 1]);
  }
  for (const g of all) min = Math.min(min, g);
  all.sort((a, b) => a - b);
  return {
    min,
    median: all[Math.floor(all.length / 2)] ?? Number.NaN,
    gaps: all.length,
    below: all.filter((g) => g < DELAY - 5).length,
  };
}

console.log(
  `fetch bench: ${PAGES} pages over ${HOSTS} loopback hosts, worker concurrency ${CONCURRENCY}, Redis ${REDIS}`,
);
for (const workers of [1, 4]) {
  const { seconds, counts } = await run(workers, { hostDelayMs: 0, hostConcurrency: 0 }, PAGES, HOSTS);
  console.log(
    `throughput ${workers} worker(s), no per-host delay: ${(counts.completed / seconds).toFixed(1)} pages/s (${counts.completed} ok, ${counts.failed} failed, ${seconds.toFixed(2)} s)`,
  );
}
const politePages = 40;
const politeHosts = 2;
const { seconds, counts } = await run(
  4,
  { hostDelayMs: DELAY, hostConcurrency: 2 },
  politePages,
  politeHosts,
);
const s = spacing();
console.log(
  `spacing 4 workers, FETCH_HOST_DELAY_MS=${DELAY}, ${politePages} pages on ${politeHosts} hosts: ${counts.completed} ok in ${seconds.toFixed(2)} s (ideal ≥ ${(((politePages / politeHosts - 1) * DELAY) / 1000).toFixed(2)} s); gaps between requests to one host: min ${s.min.toFixed(1)} ms, median ${s.median.toFixed(1)} ms, ${s.below} of ${s.gaps} below ${DELAY} ms`,
);
server.close();
await rm(dir, { recursive: true, force: true });
