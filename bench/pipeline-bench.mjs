#!/usr/bin/env node
// End-to-end throughput benchmark (npm run bench): a loopback site of BENCH_PAGES real news
// pages behind feeds, ingested through every stage into PostgreSQL, in three layouts (all
// stages in one process; one process per stage; two per stage), next to two references:
// the queue ceiling (no-op processors) and extraction alone on one core.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanPage } from '@newsflow/clean';
import { createRedis, Pipeline } from '@newsflow/queue';
import { Worker } from 'bullmq';
import pg from 'pg';
import { cpuSeconds, cpuSecondsOf } from './proc-cpu.mjs';
import { loadPages, serveSite } from './site.mjs';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const FIXTURES = resolve(REPO, '../shared/fixtures');
const N = Number(process.env.BENCH_PAGES ?? 2000);
const REDIS_URL = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const ADMIN_DB = process.env.NEWSFLOW_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STAGES = ['fetcher', 'cleaner', 'deduper', 'classifier', 'storer'];
const QUEUES = ['fetch', 'clean', 'dedup', 'classify', 'store'];

const pages = loadPages(FIXTURES);
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });

function extractionOnly() {
  const count = Math.min(N, 1000);
  // One pass over the distinct pages first, so the rate is the warm (JIT-compiled) one, as
  // the workers' is after their first pages.
  for (const page of pages) {
    try {
      cleanPage(page, { contentType: 'text/html', url: 'https://bench.example/warm' });
    } catch {}
  }
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    try {
      cleanPage(pages[i % pages.length], { contentType: 'text/html', url: `https://bench.example/${i}` });
    } catch {}
  }
  return count / ((performance.now() - started) / 1000);
}

async function ceiling() {
  const connection = createRedis(REDIS_URL, 'worker');
  const prefix = `{bench-noop-${randomBytes(3).toString('hex')}}`;
  const pipeline = new Pipeline(connection, prefix);
  let done = 0;
  let finish;
  const finished = new Promise((r) => (finish = r));
  const workers = QUEUES.map(
    (name, i) =>
      new Worker(
        name,
        async (job) => {
          const next = QUEUES[i + 1];
          if (next) await pipeline.queue(next).add(next, { n: job.data.n }, { jobId: `j${job.data.n}` });
          else if (++done === N) finish();
          return null;
        },
        { connection, prefix, concurrency: 50 },
      ),
  );
  const started = performance.now();
  for (let i = 0; i < N; i += 500) {
    await pipeline.queue('fetch').addBulk(
      Array.from({ length: Math.min(500, N - i) }, (_, k) => ({
        name: 'fetch',
        data: { n: i + k },
        opts: { jobId: `j${i + k}` },
      })),
    );
  }
  await finished;
  const seconds = (performance.now() - started) / 1000;
  await Promise.all(workers.map((w) => w.close()));
  for (const name of QUEUES) await pipeline.queue(name).obliterate({ force: true });
  await pipeline.close();
  await connection.quit();
  return { articlesPerSecond: N / seconds, jobsPerSecond: (N * QUEUES.length) / seconds };
}

async function withDatabase(fn) {
  const name = `newsflow_bench_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_DB });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const url = new URL(ADMIN_DB);
  url.pathname = `/${name}`;
  try {
    return await fn(url.toString());
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

function rssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

/** Busy and total CPU time of the whole machine so far (Linux /proc/stat), in clock ticks. */
function machineTicks() {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - idle, total };
}

/** Jobs held in Redis across the five queues, in any state. */
async function jobsHeld(pipeline) {
  let held = 0;
  for (const name of QUEUES) {
    const counts = await pipeline.queue(name).getJobCounts();
    for (const n of Object.values(counts)) held += n;
  }
  return held;
}

// Commands and bytes Redis has served since it started (INFO stats); the bench takes differences.
async function redisTraffic(redis) {
  const stats = await redis.info('stats');
  const field = (name) => Number(new RegExp(`${name}:(\\d+)`).exec(stats)?.[1] ?? 0);
  return {
    commands: field('total_commands_processed'),
    bytesIn: field('total_net_input_bytes'),
    bytesOut: field('total_net_output_bytes'),
  };
}

function peakRssMb(pid) {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
  } catch {
    return 0;
  }
}

async function runLayout(label, processes, site) {
  return withDatabase(async (databaseUrl) => {
    const prefix = `{bench-${randomBytes(3).toString('hex')}}`;
    const dataDir = await mkdtemp(join(tmpdir(), 'newsflow-bench-'));
    const env = {
      ...process.env,
      REDIS_URL,
      DATABASE_URL: databaseUrl,
      NEWSFLOW_QUEUE_PREFIX: prefix,
      NEWSFLOW_DATA_DIR: dataDir,
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
      FETCH_HOST_DELAY_MS: '0',
      FETCH_HOST_CONCURRENCY: '0',
      CONCURRENCY: process.env.BENCH_CONCURRENCY ?? '8',
      LOG_LEVEL: 'warn',
    };
    // BENCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the workers.
    const nodeArgs = (process.env.BENCH_NODE_ARGS ?? '').split(' ').filter(Boolean);
    const children = processes.map((args) =>
      spawn(process.execPath, [...nodeArgs, ...args], { env, stdio: ['ignore', 'ignore', 'inherit'] }),
    );
    const redis = createRedis(REDIS_URL, 'producer');
    const db = new pg.Client({ connectionString: databaseUrl });
    let baseline = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
    const redisPid = Number(/process_id:(\d+)/.exec(await redis.info('server'))?.[1] ?? 0);
    let peakBytes = 0;
    let peakJobs = 0;
    const rssAt = [];
    try {
      await db.connect();
      // Wait for the storer's migrations before counting rows.
      for (let i = 0; i < 240; i++) {
        if ((await db.query("SELECT to_regclass('articles') AS t")).rows[0].t) break;
        if (children.some((c) => c.exitCode !== null))
          throw new Error(`${label}: a worker process exited at start`);
        await new Promise((r) => setTimeout(r, 250));
      }
      const ingest = async (feeds) => {
        const child = spawn(process.execPath, [join(REPO, 'apps/cli/dist/main.js'), 'ingest', ...feeds], {
          env,
          stdio: 'ignore',
        });
        await new Promise((r) => child.on('exit', r));
      };
      const countStored = async () =>
        Number((await db.query('SELECT count(*) AS n FROM articles')).rows[0].n);
      // Warm-up: the distinct pages once through every stage, at other URLs, before the clock
      // starts (the extraction reference warms up on them too), so the workers' code is compiled
      // and their models loaded. Nothing before `measuredFrom` is counted.
      let warmed = 0;
      if (site.warm > 0) {
        await ingest(site.warmFeeds);
        const deadline = Date.now() + 5 * 60_000;
        while ((warmed = await countStored()) < site.warm && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 250));
        if (warmed < site.warm) throw new Error(`${label}: warm-up stored ${warmed} of ${site.warm}`);
      }
      const measuredFrom = Date.now();
      baseline = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0);
      const watcher = new Pipeline(redis, prefix);
      const heldBefore = await jobsHeld(watcher);
      await ingest(site.feeds);
      const started = Date.now();
      // Where the machine's CPU goes while the pages flow: the workers, Redis, PostgreSQL and
      // this process (the load generator's site and the polling), against what two cores give.
      const before = {
        machine: machineTicks(),
        redis: cpuSeconds(redisPid),
        postgres: cpuSecondsOf(/^postgres/),
        bench: process.cpuUsage(),
        workers: children.map((c) => cpuSeconds(c.pid)),
        redisStats: await redisTraffic(redis),
      };
      let stored = 0;
      while (Date.now() - started < 15 * 60_000) {
        const used = Number(/used_memory:(\d+)/.exec(await redis.info('memory'))?.[1] ?? 0) - baseline;
        if (used > peakBytes) {
          // The jobs Redis holds, from each queue's counters (a few O(1) commands per queue;
          // KEYS would block Redis for milliseconds and bill the pipeline for the bench's work).
          peakBytes = used;
          peakJobs = Math.max((await jobsHeld(watcher)) - heldBefore, 1);
        }
        stored = (await countStored()) - warmed;
        // RSS per process after warm-up (a fifth of the pages stored), at the middle, at the end:
        // a worker that leaks grows between the three.
        for (const [i, share] of [0.2, 0.6, 1].entries()) {
          if (!rssAt[i] && stored >= N * share) rssAt[i] = children.map((c) => rssMb(c.pid));
        }
        if (stored >= N) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const seconds = (Date.now() - started) / 1000;
      const rss = children.map((c) => peakRssMb(c.pid));
      const cpu = children.map((c, i) => cpuSeconds(c.pid) - (before.workers[i] ?? 0));
      const machine = machineTicks();
      const benchCpu = process.cpuUsage(before.bench);
      const spent = {
        workers: cpu.reduce((a, b) => a + b, 0),
        redis: cpuSeconds(redisPid) - before.redis,
        postgres: cpuSecondsOf(/^postgres/) - before.postgres,
        generator: (benchCpu.user + benchCpu.system) / 1e6,
        busyShare: (machine.busy - before.machine.busy) / Math.max(1, machine.total - before.machine.total),
      };
      const traffic = await redisTraffic(redis);
      const redisPerArticle = {
        commands: (traffic.commands - before.redisStats.commands) / Math.max(1, stored),
        kbIn: (traffic.bytesIn - before.redisStats.bytesIn) / 1024 / Math.max(1, stored),
        kbOut: (traffic.bytesOut - before.redisStats.bytesOut) / 1024 / Math.max(1, stored),
      };
      const latency = (
        await db.query(
          `SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM stored_at - fetched_at)) AS p FROM articles WHERE url NOT LIKE '%/warm/%'`,
        )
      ).rows[0].p.map(Number);
      const perStage = {};
      const pipeline = watcher;
      for (const name of QUEUES) {
        const jobs = (await pipeline.queue(name).getJobs(['completed'], 0, -1)).filter(
          (j) => j.timestamp >= measuredFrom,
        );
        const busy = jobs.reduce((sum, j) => sum + ((j.finishedOn ?? 0) - (j.processedOn ?? 0)), 0) / 1000;
        const finishedOn = jobs.map((j) => j.finishedOn ?? 0).sort((a, b) => a - b);
        const at = (q) => ((finishedOn[Math.floor(q * (finishedOn.length - 1))] ?? started) - started) / 1000;
        perStage[name] = {
          jobs: jobs.length,
          jobsPerSecond: jobs.length / seconds,
          busySeconds: busy,
          // When the stage had done a fifth, half and all of its jobs, from the start of the run.
          doneAt: [at(0.2), at(0.5), at(1)],
        };
      }
      for (const name of QUEUES) await pipeline.queue(name).obliterate({ force: true });
      await pipeline.close();
      const seenKeys = await redis.keys(`${prefix}:*`);
      if (seenKeys.length) await redis.del(...seenKeys);
      return {
        label,
        stored,
        seconds,
        rss,
        rssAt,
        cpu,
        latency,
        perStage,
        spent,
        redisPerArticle,
        redisBytesPerJob: peakBytes / Math.max(peakJobs, 1),
        peakJobs,
      };
    } finally {
      for (const c of children) c.kill('SIGTERM');
      await Promise.all(
        children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.on('exit', r)))),
      );
      await db.end().catch(() => {});
      redis.disconnect();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
}

const app = (name) => [join(REPO, 'apps', name, 'dist/main.js')];
console.log(
  `newsflow pipeline benchmark: ${N} pages (${pages.length} distinct real pages), node ${process.version}, ${(await import('node:os')).cpus().length} cores`,
);
const extractRate = extractionOnly();
console.log(`reference  extraction only (cleanPage, 1 core): ${fmt(extractRate, 1)} pages/s`);
const noop = await ceiling();
console.log(
  `reference  queue ceiling (no-op processors, 1 process): ${fmt(noop.articlesPerSecond)} articles/s, ${fmt(noop.jobsPerSecond)} jobs/s`,
);

// BENCH_WARMUP pages (default: each distinct page once) go through the pipeline unmeasured first.
const WARMUP = Number(process.env.BENCH_WARMUP ?? pages.length);
const site = await serveSite(pages, N, 100, WARMUP);
console.log(`warm-up      ${WARMUP} pages through each layout before it is measured`);
const layouts = [
  ['all stages, 1 process', [[join(REPO, 'apps/cli/dist/main.js'), 'run']]],
  ['1 process per stage', STAGES.map(app)],
  ['2 processes per stage', [...STAGES.map(app), ...STAGES.map(app)]],
];
// BENCH_LAYOUTS=1,2 runs only the first and second layouts (1-based), e.g. while profiling.
const chosen = (process.env.BENCH_LAYOUTS ?? '1,2,3').split(',').map(Number);
for (const [label, processes] of layouts.filter((_, i) => chosen.includes(i + 1))) {
  const r = await runLayout(label, processes, site);
  const rate = r.stored / r.seconds;
  console.log(
    `\n${label}: ${r.stored} stored in ${fmt(r.seconds, 1)} s = ${fmt(rate, 1)} articles/s (${fmt(rate / extractRate, 2)}× extraction-only, ${fmt(rate / noop.articlesPerSecond, 2)}× ceiling); PostgreSQL ${fmt(rate, 1)} rows/s`,
  );
  console.log(
    `  latency fetched→stored p50 ${fmt(r.latency[0], 2)} s, p95 ${fmt(r.latency[1], 2)} s, p99 ${fmt(r.latency[2], 2)} s`,
  );
  console.log(`  Redis at peak: ${fmt(r.redisBytesPerJob / 1024, 1)} KB per job held (${r.peakJobs} jobs)`);
  console.log(`  peak RSS per process (MB): ${r.rss.map((m) => fmt(m)).join(', ')}`);
  console.log(`  CPU seconds per process while the pages flowed: ${r.cpu.map((c) => fmt(c, 1)).join(', ')}`);
  const perPage = (s) => fmt((s * 1000) / r.stored, 1);
  console.log(
    `  CPU ms per article: workers ${perPage(r.spent.workers)}, Redis ${perPage(r.spent.redis)}, PostgreSQL ${perPage(r.spent.postgres)}, load generator ${perPage(r.spent.generator)} (extraction alone ${fmt(1000 / extractRate, 1)}); machine ${fmt(100 * r.spent.busyShare)}% busy`,
  );
  console.log(
    `  Redis per article: ${fmt(r.redisPerArticle.commands, 1)} commands, ${fmt(r.redisPerArticle.kbIn, 1)} KB in, ${fmt(r.redisPerArticle.kbOut, 1)} KB out`,
  );
  const [warm, middle, end] = r.rssAt;
  if (warm && end) {
    console.log(
      `  RSS per process at 20% / 60% / 100% of the pages (MB): ${warm.map((m, i) => `${fmt(m)} / ${fmt(middle?.[i] ?? 0)} / ${fmt(end[i] ?? 0)}`).join(', ')}`,
    );
  }
  for (const [name, s] of Object.entries(r.perStage)) {
    console.log(
      `  ${name.padEnd(9)} ${fmt(s.jobsPerSecond, 1).padStart(8)} jobs/s, busy ${fmt(s.busySeconds, 1)} s over ${s.jobs} jobs; a fifth / half / all done at ${s.doneAt.map((t) => fmt(t, 1)).join(' / ')} s`,
    );
  }
}
await site.close();
// A shared machine's speed drifts: the same reference again after the layouts tells whether
// the ratios above compare like with like.
console.log(`\nreference  extraction only again, after the layouts: ${fmt(extractionOnly(), 1)} pages/s`);
