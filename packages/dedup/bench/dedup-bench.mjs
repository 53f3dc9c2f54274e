#!/usr/bin/env node
// Dedup benchmark: signatures/s per core, dedup jobs/s through the worker on real Redis with
// 1 and 2 workers, index memory and lookups per article, candidates per query at 10k/100k/1M.
// Runs its own redis-server on a free port (no persistence) unless BENCH_REDIS_URL is set.
// Usage: npm run bench:dedup [-- --max 1000000 --skip-workers]
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { parseArgs } from 'node:util';
import {
  Deduplicator,
  minhashSignature,
  RedisDedupIndex,
  bandKeys,
  encodeSketch,
  textFeatures,
} from '@newsflow/dedup';
import { Pipeline } from '@newsflow/queue';
import { articleKey } from '@newsflow/schema';
import { Redis } from 'ioredis';

const { values: opts } = parseArgs({
  options: {
    max: { type: 'string', default: '1000000' },
    'skip-workers': { type: 'boolean', default: false },
  },
});
const ROOT = new URL('../../../', import.meta.url);
const FIXTURE = new URL('../shared/fixtures/dedup/wire-variants/dev.jsonl', ROOT);
const docs = readFileSync(FIXTURE, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l));
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const fmt = (n, d = 0) => n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// --- 1. signatures per core -------------------------------------------------------------
{
  let best = 0;
  let bestWall = 0;
  for (let round = 0; round < 5; round++) {
    const c0 = cpuMs();
    const w0 = performance.now();
    for (const d of docs) minhashSignature(textFeatures(d.text, d.title).shingles);
    const cpu = cpuMs() - c0;
    const wall = performance.now() - w0;
    best = Math.max(best, (docs.length / cpu) * 1000);
    bestWall = Math.max(bestWall, (docs.length / wall) * 1000);
  }
  const words = docs.reduce((a, d) => a + d.text.split(/\s+/).length, 0) / docs.length;
  console.log(
    `signatures (shingling + 128-permutation MinHash), ${docs.length} wire-variants docs of ${fmt(words)} words on average:`,
  );
  console.log(`  ${fmt(best)} signatures/s per core (CPU time, best of 5), ${fmt(bestWall)}/s wall clock`);
}

// --- a private redis-server --------------------------------------------------------------
async function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}
let redisProcess = null;
let REDIS_URL = process.env.BENCH_REDIS_URL;
if (!REDIS_URL) {
  const port = await freePort();
  redisProcess = spawn(
    'redis-server',
    ['--port', String(port), '--save', '', '--appendonly', 'no', '--loglevel', 'warning'],
    {
      stdio: 'ignore',
    },
  );
  REDIS_URL = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    const probe = new Redis(REDIS_URL, {
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
    });
    probe.on('error', () => {});
    try {
      await probe.connect();
      await probe.ping();
      await probe.quit();
      break;
    } catch {
      probe.disconnect();
      await sleep(50);
    }
  }
}
const redis = new Redis(REDIS_URL);
const cleanup = async () => {
  await redis.quit().catch(() => {});
  if (redisProcess) redisProcess.kill('SIGTERM');
};
process.on('SIGINT', () => cleanup().then(() => process.exit(130)));

async function dedupKeyBytes(prefix) {
  let total = 0;
  let keys = 0;
  let chrome = 0;
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:dedup:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of batch) {
      const bytes = Number(await redis.memory('USAGE', key, 'SAMPLES', 0));
      if (key.includes(':dedup:chrome:')) chrome += bytes;
      else {
        total += bytes;
        keys++;
      }
    }
  } while (cursor !== '0');
  return { total, keys, chrome };
}

// --- 2. jobs/s through the worker, 1 and 2 workers ---------------------------------------
if (!opts['skip-workers']) {
  const main = new URL('apps/deduper/dist/main.js', ROOT).pathname;
  for (const workers of [1, 2]) {
    const prefix = `{bench-${randomBytes(3).toString('hex')}}`;
    const pipeline = new Pipeline(redis, prefix);
    for (const d of docs) {
      await pipeline.enqueue(
        'dedup',
        {
          key: articleKey(d.url),
          url: d.url,
          finalUrl: d.url,
          fetchedAt: '2024-09-13T10:00:00.000Z',
          rawRef: null,
          article: { title: d.title, authors: [], publishedAt: null, text: d.text },
          extractor: { name: 'bench', version: '0' },
        },
        { jobId: `a-${articleKey(d.url)}` },
      );
    }
    const classify = pipeline.queue('classify');
    const children = Array.from({ length: workers }, () =>
      spawn(process.execPath, [main], {
        stdio: 'ignore',
        env: {
          ...process.env,
          REDIS_URL,
          NEWSFLOW_QUEUE_PREFIX: prefix,
          CONCURRENCY: '8',
          LOG_LEVEL: 'warn',
        },
      }),
    );
    let first = null;
    let firstCount = 0;
    let done = 0;
    const deadline = Date.now() + 300_000;
    while (Date.now() < deadline) {
      done = await classify.count();
      if (done > 0 && first === null) {
        first = performance.now();
        firstCount = done;
      }
      if (done >= docs.length) break;
      await sleep(20);
    }
    const seconds = (performance.now() - (first ?? performance.now())) / 1000;
    for (const child of children) child.kill('SIGTERM');
    await Promise.all(
      children.map((c) => new Promise((r) => (c.exitCode !== null ? r() : c.once('exit', r)))),
    );
    console.log(
      `worker throughput, ${workers} deduper process(es) × CONCURRENCY 8 on real Redis: ${fmt((done - firstCount) / seconds)} dedup jobs/s (${done} jobs)`,
    );
    if (workers === 1) {
      const { total, keys, chrome } = await dedupKeyBytes(prefix);
      console.log(
        `  index memory after ${docs.length} real articles: ${fmt(total / docs.length)} bytes/article (${fmt(keys / docs.length, 1)} keys/article; MEMORY USAGE of URL, body, art, doc and LSH keys) + ${fmt(chrome / 1024)} KiB host-chrome counts in all`,
      );
      console.log(
        '  lookups per article: 1 Lua claim (URL + body + LSH look-up and insert) + 1 Lua host-chrome count; +1 cluster write when it had candidates',
      );
    }
    await pipeline.close();
  }
}

// --- 3. candidates per query at 10k, 100k, 1M --------------------------------------------
{
  const max = Number(opts.max);
  const prefix = `{bench-lsh-${randomBytes(3).toString('hex')}}`;
  const index = new RedisDedupIndex(redis, prefix, 3_600);
  // 200 hot stories, each with a base signature; 2% of the synthetic articles are copies of
  // one of them (4 of 128 values changed), so their buckets fill to the cap.
  // xorshift32: crypto random bytes cost more than the rest of the fill.
  let state = 0x9e3779b9;
  const rand32 = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
  const randomSig = () => Uint32Array.from({ length: 128 }, rand32);
  const hot = Array.from({ length: 200 }, randomSig);
  const copyOf = (sig) => {
    const s = sig.slice();
    for (let i = 0; i < 4; i++) s[rand32() % 128] = rand32();
    return s;
  };
  const sketchFor = (sig) =>
    encodeSketch({
      signature: Uint16Array.from(sig, (v) => v & 0xffff),
      shingles: 300,
      leadHash: 0,
      titleWords: new Uint32Array(0),
    });
  const request = (id, sig) => ({
    articleId: id,
    urls: [],
    canonicalHint: null,
    contentHash: `${rand32().toString(16).padStart(8, '0')}${id
      .padEnd(56, '0')
      .slice(0, 56)
      .replace(/[^0-9a-f]/g, '0')}`,
    buckets: Array.from(bandKeys(sig, 32, 4), (k, b) => `${b}:${k.toString(36)}`),
    sketch: sketchFor(sig),
  });
  // Real articles first, through the whole Deduplicator.
  const dedup = new Deduplicator(index, null);
  for (const d of docs) await dedup.dedup({ id: d.id, title: d.title, text: d.text, urls: [] });
  let n = docs.length;
  // Synthetic fill: unique articles (random signatures) are written straight into the
  // structures the claim script reads (a 4-byte bucket field in its epoch group hash, a doc
  // hash) through a plain pipeline; their buckets are new, so there is nothing to append to.
  // Copies of the hot stories go through the real claim script.
  const { hashString } = await import('../dist/hash32.js');
  const epoch = Math.floor(Date.now() / 1000 / 3_600);
  await redis.set(`${prefix}:dedup:seq`, 10_000_000); // synthetic seqs sit below the queries' ones
  const memBefore = Number((await redis.info('memory')).match(/used_memory:(\d+)/)?.[1]);
  for (const target of [10_000, 100_000, 1_000_000].filter((t) => t <= max)) {
    const c0 = performance.now();
    const startN = n;
    while (n < target) {
      const pipe = redis.pipeline();
      const claims = [];
      for (let i = 0; i < 500 && n < target; i++, n++) {
        if (n % 50 === 0) {
          claims.push(index.claim(request(`s${n}`, copyOf(hot[(n / 50) % hot.length]))));
          continue;
        }
        const sig = randomSig();
        const seq = Buffer.alloc(4);
        seq.writeUInt32LE(n);
        for (const [band, key] of bandKeys(sig, 32, 4).entries()) {
          const field = `${band}:${key.toString(36)}`;
          pipe.hset(`${prefix}:dedup:lsh:${epoch}:${hashString(field) >>> 19}`, field, seq);
        }
        pipe.hset(`${prefix}:dedup:doc:${n}`, 'i', `s${n}`, 'k', sketchFor(sig));
        pipe.expire(`${prefix}:dedup:doc:${n}`, 3_600);
      }
      await Promise.all([pipe.exec(), ...claims]);
    }
    const fill = performance.now() - c0;
    const memNow = Number((await redis.info('memory')).match(/used_memory:(\d+)/)?.[1]);
    const measure = async (make, count) => {
      const sizes = [];
      const t0 = performance.now();
      for (let i = 0; i < count; i++) {
        const outcome = await index.claim(request(`q${target}-${sizes.length}-${rand32()}`, make(i)));
        sizes.push(outcome.kind === 'candidates' ? outcome.candidates.length : 0);
      }
      const ms = (performance.now() - t0) / count;
      sizes.sort((a, b) => a - b);
      const mean = sizes.reduce((a, b) => a + b, 0) / sizes.length;
      return `mean ${fmt(mean, 2)}, p99 ${sizes[Math.floor(sizes.length * 0.99)]}, max ${sizes[sizes.length - 1]} (${fmt(ms, 2)} ms/claim)`;
    };
    console.log(
      `LSH index with ${fmt(target)} articles (synthetic fill at ${fmt(((target - startN) / fill) * 1000)} articles/s):`,
    );
    console.log(`  candidates per query, new story:   ${await measure(() => randomSig(), 300)}`);
    console.log(
      `  candidates per query, hot story:   ${await measure((i) => copyOf(hot[i % hot.length]), 300)}`,
    );
    console.log(
      `  Redis used_memory per article:     ${fmt((memNow - memBefore) / (target - docs.length))} bytes (synthetic articles, no URL keys)`,
    );
  }
}
await cleanup();
