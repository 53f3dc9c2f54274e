#!/usr/bin/env node
// `newsflow sources import` of a generated OPML (npm run bench:sources-import): BENCH_FEEDS (default
// 1,000) feeds in 20 folders, imported by the CLI as a child process into a throwaway queue prefix on
// REDIS_URL (default 127.0.0.1:6379), then imported again. Prints both times and checks the target of
// issue 21: the first import under 30 s, the second adding no scheduler. The prefix's keys are deleted.
// Usage: BENCH_FEEDS=1000 npm run bench:sources-import
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = resolve(REPO, 'apps/cli/dist/main.js');
const N = Number(process.env.BENCH_FEEDS ?? 1_000);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const TARGET_S = 30;
const prefix = `{nfbench-${randomBytes(4).toString('hex')}}`;
const dir = mkdtempSync(join(tmpdir(), 'newsflow-opml-bench-'));
const file = join(dir, 'feeds.opml');

const folders = Array.from({ length: 20 }, (_, f) => {
  const feeds = [];
  for (let i = f; i < N; i += 20)
    feeds.push(
      `    <outline type="rss" text="Feed ${i}" xmlUrl="https://feeds${i % 97}.example.com/${i}.xml"/>`,
    );
  return `  <outline text="Folder ${f}">\n${feeds.join('\n')}\n  </outline>`;
});
writeFileSync(
  file,
  `<?xml version="1.0"?>\n<opml version="2.0"><head><title>bench</title></head><body>\n${folders.join('\n')}\n</body></opml>\n`,
);

function importOnce() {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const cli = spawn(process.execPath, [CLI, 'sources', 'import', file], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, REDIS_URL, NEWSFLOW_QUEUE_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    cli.stdout.on('data', (d) => (out += d));
    cli.on('error', reject);
    cli.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) reject(new Error(`newsflow sources import exited ${code}`));
      else resolvePromise({ seconds, summary: out.trim().split('\n').at(-1) });
    });
  });
}

const redis = new Redis(REDIS_URL);
try {
  const first = await importOnce();
  const second = await importOnce();
  const schedulers = await redis.zcard(`${prefix}:fetch:repeat`);
  console.log(`first import of ${N} feeds: ${first.seconds.toFixed(2)} s (${first.summary})`);
  console.log(`second import: ${second.seconds.toFixed(2)} s (${second.summary})`);
  console.log(`schedulers on the fetch queue: ${schedulers}`);
  const ok =
    first.seconds < TARGET_S &&
    second.summary === `imported ${N} feeds: 0 added, 0 updated, ${N} unchanged, 0 refused` &&
    schedulers === N;
  console.log(ok ? `ok: under ${TARGET_S} s, no duplicate schedulers` : 'FAILED the target');
  process.exitCode = ok ? 0 : 1;
} finally {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length) await redis.del(...keys);
  } while (cursor !== '0');
  await redis.quit();
  rmSync(dir, { recursive: true, force: true });
}
