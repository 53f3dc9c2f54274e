#!/usr/bin/env node
// `newsflow export` into a pipe (npm run bench:export): BENCH_ARTICLES (default 200,000) rows seeded
// with one generate_series INSERT into a throwaway PostgreSQL database, then `newsflow export | wc -l`
// (and --format csv): checks every line arrives, prints rows/s and the CLI's peak RSS (VmHWM, from
// /proc: Linux). The database is dropped afterwards.
// Usage: BENCH_ARTICLES=200000 npm run bench:export
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openStore } from '@newsflow/store';
import pg from 'pg';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CLI = resolve(REPO, 'apps/cli/dist/main.js');
const N = Number(process.env.BENCH_ARTICLES ?? 200_000);
const ADMIN_DB = process.env.NEWSFLOW_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const RSS_LIMIT_MB = 200;

const name = `newsflow_bench_export_${randomBytes(4).toString('hex')}`;
const admin = async (sql) => {
  const client = new pg.Client({ connectionString: ADMIN_DB });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
};
const url = new URL(ADMIN_DB);
url.pathname = `/${name}`;

/** Runs `newsflow export args | wc -<flag>`; resolves with wc's count, seconds and the CLI's peak RSS. */
function exportThroughPipe(args, flag) {
  return new Promise((resolvePromise, reject) => {
    const started = process.hrtime.bigint();
    const cli = spawn(process.execPath, [CLI, 'export', ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: url.toString() },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const wc = spawn('wc', [flag], { stdio: ['pipe', 'pipe', 'inherit'] });
    cli.stdout.pipe(wc.stdin);
    let peakKb = 0;
    const sample = setInterval(() => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${cli.pid}/status`, 'utf8'));
        if (hwm) peakKb = Math.max(peakKb, Number(hwm[1]));
      } catch {} // exited
    }, 20);
    let count = '';
    wc.stdout.on('data', (d) => (count += d));
    const cliExit = new Promise((r) => cli.on('exit', (code) => r(code)));
    const wcClose = new Promise((r) => wc.on('close', r));
    wc.on('error', reject);
    Promise.all([cliExit, wcClose]).then(([code]) => {
      clearInterval(sample);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      resolvePromise({ count: Number(count.trim()), seconds, peakMb: peakKb / 1024, code });
    });
  });
}

await admin(`CREATE DATABASE ${name}`);
try {
  const store = await openStore({ databaseUrl: url.toString() });
  await store.close();
  const client = new pg.Client({ connectionString: url.toString() });
  await client.connect();
  const seedStarted = Date.now();
  // About 1.2 KB of article text a row (six paragraphs), with quotes, commas and non-ASCII text.
  await client.query(
    `INSERT INTO articles (id, url, final_url, canonical_url, title, authors, published_at, language,
       text, lead, tags, content_hash, cluster_id, extractor, fetched_at, stored_at, updated_at)
     SELECT md5('a' || i), 'https://news.example/story/' || i, 'https://news.example/story/' || i,
       'https://news.example/story/' || i, 'Story ' || i || ': "the harbour", café, naïve',
       '["Jane Doe"]'::jsonb, '2024-09-13T14:00:00+05:00', 'en',
       array_to_string(array_fill('Paragraph of story ' || i || ', with "quotes", commas; and ünïcödé text about the harbour bridge reopening after months of repairs.'::text, ARRAY[6]), E'\\n\\n'),
       'Lead of story ' || i, '["transport"]'::jsonb, md5('t' || i), md5('a' || i), 'seed@1',
       now(), now() - (($1::int - i) * interval '1 millisecond'), now()
     FROM generate_series(1, $1::int) AS i`,
    [N],
  );
  await client.end();
  console.log(`seeded ${N} articles in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`);

  let failed = false;
  for (const [label, args, flag, expected] of [
    ['jsonl', [], '-l', N],
    ['csv', ['--format', 'csv'], '-l', null], // CSV fields hold newlines: lines > rows
  ]) {
    const r = await exportThroughPipe(args, flag);
    const rowsPerSecond = Math.round(N / r.seconds);
    const ok = r.code === 0 && (expected === null || r.count === expected) && r.peakMb < RSS_LIMIT_MB;
    if (!ok) failed = true;
    console.log(
      `export ${label} | wc ${flag}: ${r.count} lines, ${r.seconds.toFixed(1)} s, ${rowsPerSecond} rows/s, peak RSS ${r.peakMb.toFixed(0)} MB (limit ${RSS_LIMIT_MB}), exit ${r.code}${ok ? '' : '  FAILED'}`,
    );
  }
  process.exitCode = failed ? 1 : 0;
} finally {
  await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
