import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { readFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLI, createTestDatabase } from './test-support/cli-process.js';
import { seedArticles } from './test-support/seed-articles.js';
import { redisServersIn, sh } from './test-support/shell.js';

const ARTICLES = 5_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads stdin 64 KB at a time with a pause after each read, and writes what it got to stdout. */
const SLOW_READER = `
const { readSync, writeSync } = require('node:fs');
const buffer = Buffer.alloc(65536);
for (;;) {
  let n;
  try { n = readSync(0, buffer, 0, buffer.length, null); } catch (e) { if (e.code === 'EAGAIN') continue; throw e; }
  if (n === 0) break;
  writeSync(1, buffer.subarray(0, n));
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 8);
}`;

describe('newsflow writes to a pipe like a Unix tool', () => {
  let work: string;
  let env: Record<string, string>;
  let dropDb: () => Promise<void>;

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'newsflow-pipe-'));
    await writeFile(join(work, 'slow-reader.cjs'), SLOW_READER);
    const db = await createTestDatabase();
    dropDb = db.drop;
    await seedArticles(db.url, ARTICLES);
    // No REDIS_URL: commands that need Redis start their private redis-server in the data folder.
    env = { DATABASE_URL: db.url, NEWSFLOW_DATA_DIR: join(work, 'data') };
  });

  afterAll(async () => {
    await dropDb?.();
    await rm(work, { recursive: true, force: true });
  });

  it('export through a slow reader delivers every line, byte for byte what export > file writes', async () => {
    const run = await sh(
      'newsflow export > file.jsonl && newsflow export | node slow-reader.cjs > piped.jsonl && wc -l < piped.jsonl',
      env,
      work,
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const file = await readFile(join(work, 'file.jsonl'));
    const piped = await readFile(join(work, 'piped.jsonl'));
    expect(file.length).toBeGreaterThan(4_000_000); // several MB: far past any pipe buffer
    expect(Number(run.stdout.trim())).toBe(ARTICLES);
    expect(piped.equals(file)).toBe(true);
  });

  it('CSV export through the slow reader arrives whole too', async () => {
    const run = await sh('newsflow export --format csv | node slow-reader.cjs | wc -c', env, work);
    const file = await sh('newsflow export --format csv | wc -c', env, work);
    expect(run.code).toBe(0);
    expect(Number(run.stdout.trim())).toBeGreaterThan(4_000_000);
    expect(run.stdout).toBe(file.stdout);
  });

  it('export | head -1 prints the first article and ends quietly with status 0', async () => {
    const run = await sh('newsflow export | head -1', env, work);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).url).toBe('https://news.example/story/1');
  });

  it('a command on the private Redis whose reader is gone exits 0 and leaves no redis-server behind', async () => {
    // `true` exits without reading: the CLI's first write meets a closed pipe (EPIPE).
    const run = await sh('newsflow status | true; newsflow failed --json | true', env, work);
    expect(run.stderr).not.toMatch(/EPIPE|Unhandled/);
    expect(run.code).toBe(0);
    expect(redisServersIn(join(work, 'data'))).toEqual([]);
  });

  describe('interrupted while waiting on the pipeline', () => {
    let server: Server;
    let feed: string;
    beforeAll(async () => {
      // A site that accepts the request and never answers: ingest --wait waits until stopped.
      server = createServer(() => {});
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
      const address = server.address();
      feed = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/feed.xml`;
    });
    afterAll(() => {
      server.closeAllConnections();
      server.close();
    });

    it.each([
      ['SIGTERM', 143],
      ['SIGINT', 130],
    ] as const)('%s stops ingest --wait and its private redis-server', async (signal, code) => {
      const dataDir = join(work, `data-${signal}`);
      const cli = spawn(process.execPath, [CLI, 'ingest', feed, '--wait'], {
        env: { ...process.env, ...env, NEWSFLOW_DATA_DIR: dataDir, FETCH_ALLOW_PRIVATE_NETWORKS: 'true' },
        stdio: 'ignore',
      });
      const exit = new Promise<number | null>((r) => cli.once('exit', (c) => r(c)));
      // Interrupt once the private redis-server is up and the fetch is hanging on the site.
      for (let i = 0; i < 100 && redisServersIn(dataDir).length === 0; i++) await sleep(100);
      expect(redisServersIn(dataDir)).toHaveLength(1);
      await sleep(1_000);
      cli.kill(signal);
      expect(await exit).toBe(code);
      // redis-server got SIGTERM at exit; give it a moment to write its AOF and leave.
      for (let i = 0; i < 50 && redisServersIn(dataDir).length > 0; i++) await sleep(100);
      expect(redisServersIn(dataDir)).toEqual([]);
    });
  });
});
