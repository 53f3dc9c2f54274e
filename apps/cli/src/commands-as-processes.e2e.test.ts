import type { Server } from 'node:http';
import { connect, createServer, type Server as TcpServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedis } from '@newsflow/queue';
import { freePort } from '@newsflow/queue/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveDemoSite } from './demo-site.js';
import { exited } from './test-support/fault-run.js';
import {
  CLI,
  createTestDatabase,
  runCli,
  startProcess,
  TEST_REDIS_URL,
  testPrefix,
} from './test-support/cli-process.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns true, for at most `ms`. */
async function eventually(check: () => Promise<boolean>, ms = 90_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('timed out waiting');
    await sleep(250);
  }
}

// The README's command table, each run as a user runs it, for the commands no other e2e file runs
// as a process: run, worker <stage>, dedup --jsonl and demo.
describe('README commands as processes', () => {
  let site: { base: string; server: Server };
  let work: string;
  const prefixes: string[] = [];
  const drops: Array<() => Promise<void>> = [];
  const envFor = async () => {
    const db = await createTestDatabase();
    drops.push(db.drop);
    const prefix = testPrefix();
    prefixes.push(prefix);
    return {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: db.url,
      NEWSFLOW_QUEUE_PREFIX: prefix,
      NEWSFLOW_DATA_DIR: join(work, prefix.replace(/\W/g, '')),
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
      FETCH_HOST_DELAY_MS: '0',
    };
  };

  beforeAll(async () => {
    site = await serveDemoSite();
    work = await mkdtemp(join(tmpdir(), 'newsflow-commands-'));
  });
  afterAll(async () => {
    site?.server.close();
    const redis = createRedis(TEST_REDIS_URL, 'worker');
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
    }
    await redis.quit();
    for (const drop of drops) await drop();
    await rm(work, { recursive: true, force: true });
  });

  it('newsflow run processes what ingest enqueues, and SIGTERM stops it cleanly', async () => {
    const env = await envFor();
    const run = startProcess(CLI, ['run'], env);
    const ingest = await runCli(['ingest', `${site.base}/feed.xml`], env);
    expect(ingest.stdout).toMatch(/^enqueued 1 job\(s\) as ing-/);
    await eventually(async () => (await runCli(['export'], env)).stdout.trim().split('\n').length === 5);
    run.kill('SIGTERM');
    expect(await exited(run)).toBe(0);
    expect(run.output()).toContain('shut down cleanly');
  });

  it('newsflow worker fetch runs the fetch stage alone: pages wait for a cleaner', async () => {
    const env = await envFor();
    const worker = startProcess(CLI, ['worker', 'fetch'], env);
    await runCli(['ingest', `${site.base}/feed.xml`], env);
    const counts = async () =>
      Object.fromEntries(
        (await runCli(['status', '--json'], env)).stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l))
          .map((row) => [row.queue, row]),
      );
    await eventually(async () => (await counts()).clean?.waiting === 5);
    const after = await counts();
    expect(after.fetch).toMatchObject({ completed: 6, failed: 0, workers: 1 });
    expect(after.clean).toMatchObject({ waiting: 5, completed: 0, workers: 0 });
    worker.kill('SIGTERM');
    expect(await exited(worker)).toBe(0);
  });

  it('newsflow dedup --jsonl marks the copy of an earlier article', async () => {
    const text =
      'The harbour bridge reopened to traffic on Friday after eight months of repairs, city officials said. ' +
      'The work finished two weeks ahead of schedule and under budget, the transport department added.';
    const input = [
      { id: 'a', title: 'Harbour bridge reopens', text, url: 'https://one.example/bridge' },
      { id: 'b', title: 'Harbour bridge reopens', text, url: 'https://two.example/bridge-copy' },
      { id: 'c', title: 'Chess', text: 'A twelve-year-old won the regional chess championship on Sunday.' },
    ]
      .map((row) => JSON.stringify(row))
      .join('\n');
    const result = await runCli(['dedup', '--jsonl'], {}, input);
    expect(result.code).toBe(0);
    const rows = result.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => [r.id, r.duplicateOf])).toEqual([
      ['a', null],
      ['b', 'a'],
      ['c', null],
    ]);
  });

  it('newsflow demo ingests the bundled site end to end and prints what it stored', async () => {
    const result = await runCli(['demo'], { NEWSFLOW_DATA_DIR: join(work, 'demo') });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^demo site: http:\/\/127\.0\.0\.1:\d+\/feed\.xml$/m);
    expect(result.stdout).toMatch(/^■ Twelve-year-old wins the regional chess championship$/m);
    expect(result.stdout).toMatch(/duplicate of [0-9a-f]+/);
  });
  it('newsflow worker store started while PostgreSQL is down waits for it, /readyz names the database, then it is ready (issue 24)', async () => {
    const env = await envFor();
    // The database is reached through a port nobody listens on yet; later a TCP relay to the
    // real server opens on it, which is PostgreSQL coming up.
    const dbPort = await freePort();
    const realDb = new URL(env.DATABASE_URL);
    const viaRelay = new URL(env.DATABASE_URL);
    viaRelay.port = String(dbPort);
    const metricsPort = await freePort();
    const workerEnv = { ...env, DATABASE_URL: viaRelay.href, METRICS_PORT: String(metricsPort) };
    const storer = startProcess(CLI, ['worker', 'store'], workerEnv);
    let relay: TcpServer | undefined;
    try {
      await eventually(async () => storer.output().includes('waiting for the database'), 30_000);
      await sleep(3_000);
      // The old `worker store` exited 1 at once on ECONNREFUSED.
      expect(storer.exitCode, storer.output().slice(-2_000)).toBeNull();
      const ready = await fetch(`http://127.0.0.1:${metricsPort}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.text()).toMatch(/database/);

      relay = createServer((client) => {
        const upstream = connect(Number(realDb.port || 5432), realDb.hostname);
        client.pipe(upstream).pipe(client);
        client.on('error', () => upstream.destroy());
        upstream.on('error', () => client.destroy());
      });
      await new Promise<void>((resolve) => relay?.listen(dbPort, '127.0.0.1', resolve));
      // Once the database answers, the store opens (migrations applied) and the worker is ready.
      await eventually(async () => (await fetch(`http://127.0.0.1:${metricsPort}/readyz`)).status === 200);
      expect(storer.output()).toContain('database reachable, store open');
    } finally {
      storer.kill('SIGTERM');
      expect(await exited(storer)).toBe(0);
      relay?.close();
    }
  });
});
