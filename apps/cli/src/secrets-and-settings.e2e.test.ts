import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@newsflow/queue/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI,
  createTestDatabase,
  REPO_ROOT,
  runCli,
  startProcess,
  TEST_REDIS_URL,
  testPrefix,
} from './test-support/cli-process.js';

/**
 * Issue 17 (5), the settings and secrets items, each run as an operator would: a feed URL with
 * a password (its failure reason, logs and the API), empty environment values, the metrics
 * server's address, and a wrong Redis password.
 */

const SECRET = 's3cret-feed-pass';

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('secrets and settings', () => {
  let env: Record<string, string>;
  let dataDir: string;
  let dropDb: () => Promise<void>;
  let site: Server;
  let feedUrl = '';

  beforeAll(async () => {
    const db = await createTestDatabase();
    dropDb = db.drop;
    dataDir = await mkdtemp(join(tmpdir(), 'newsflow-secrets-'));
    site = createServer((req, res) => {
      if (req.url === '/ok.xml') {
        res.writeHead(200, { 'content-type': 'application/rss+xml' });
        res.end('<?xml version="1.0"?><rss version="2.0"><channel><title>Feed</title></channel></rss>');
      } else res.writeHead(404, { 'content-type': 'text/plain' }).end('gone');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const address = site.address();
    feedUrl = `http://ops:${SECRET}@127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/feed.xml`;
    env = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: db.url,
      NEWSFLOW_QUEUE_PREFIX: testPrefix(),
      NEWSFLOW_DATA_DIR: dataDir,
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
      FETCH_HOST_DELAY_MS: '0',
    };
  });

  afterAll(async () => {
    site?.close();
    await dropDb?.();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('masks a feed URL’s password (user:***@) in the failure reason, the logs and /api/sources', async () => {
    const ingest = await runCli(['ingest', feedUrl, '--wait', '--json'], { ...env, LOG_LEVEL: 'debug' });
    expect(ingest.code, ingest.stderr).toBe(0);
    // The logs (stderr, at debug level) name the feed with its password masked.
    expect(ingest.stderr).not.toContain(SECRET);
    expect(ingest.stderr).toContain('ops:***@127.0.0.1');
    const summary = JSON.parse(ingest.stdout) as { outcomes: { code: string; message: string }[] };
    expect(summary.outcomes[0]?.code).toBe('HTTP_NOT_FOUND');
    // Nor does anything the CLI prints: the summary's outcomes carry the URL masked.
    expect(ingest.stdout).not.toContain(SECRET);
    expect(ingest.stdout).toContain('ops:***@127.0.0.1');

    // The failure reason as stored in Redis and shown by `newsflow failed`.
    const failed = await runCli(['failed', '--json'], env);
    expect(failed.code, failed.stderr).toBe(0);
    const row = JSON.parse(failed.stdout.split('\n')[0] ?? '') as { message: string; stacktrace: string[] };
    expect(row.message).toContain('ops:***@127.0.0.1');
    expect(row.message).not.toContain(SECRET);
    expect(row.stacktrace.join('\n')).not.toContain(SECRET);
    // Its URL and payload too, in JSON and as text.
    expect(failed.stdout).not.toContain(SECRET);
    const failedText = await runCli(['failed'], env);
    expect(failedText.stdout).toContain('ops:***@127.0.0.1');
    expect(failedText.stdout).not.toContain(SECRET);

    const added = await runCli(
      ['sources', 'add', feedUrl.replace('/feed.xml', '/ok.xml'), '--every', '1h'],
      env,
    );
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout).not.toContain(SECRET);
    for (const listArgs of [['sources', 'list'], ['sources', 'list', '--json']]) {
      const listed = await runCli(listArgs, env);
      expect(listed.stdout).toContain('ops:***@127.0.0.1');
      expect(listed.stdout).not.toContain(SECRET);
    }
    const port = await freePort();
    const serve = startProcess(CLI, ['serve', '--port', String(port)], env);
    try {
      for (let i = 0; i < 150 && !serve.output().includes('"serving"'); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const body = await (await fetch(`http://127.0.0.1:${port}/api/sources`)).text();
      expect(body).toContain('ops:***@127.0.0.1');
      expect(body).not.toContain(SECRET);
    } finally {
      serve.kill('SIGTERM');
    }
    expect(serve.output()).not.toContain(SECRET);
  }, 90_000);

  it.each([
    { who: 'the CLI', script: CLI, args: ['status'], key: 'METRICS_PORT' },
    { who: 'the CLI', script: CLI, args: ['status'], key: 'FETCH_HOST_DELAY_MS' },
    {
      who: 'apps/fetcher',
      script: join(REPO_ROOT, 'apps/fetcher/dist/main.js'),
      args: [],
      key: 'FETCH_HOST_DELAY_MS',
    },
    {
      who: 'apps/storer',
      script: join(REPO_ROOT, 'apps/storer/dist/main.js'),
      args: [],
      key: 'METRICS_PORT',
    },
  ])('$who refuses an empty $key (not 0 or a random port), naming the key', async ({ script, args, key }) => {
    const child = startProcess(script, args, { ...env, [key]: '' });
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await exited(child);
    clearTimeout(timer);
    expect(code, child.output()).toBe(1);
    expect(child.output().trim()).toBe(
      `newsflow: invalid environment ${key}: empty value: unset it or give a value`,
    );
  });

  it('binds the metrics server to 127.0.0.1 unless METRICS_HOST says otherwise', async () => {
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    for (const [host, reachableOutside] of [
      [undefined, false],
      ['0.0.0.0', true],
    ] as const) {
      const port = await freePort();
      const worker = startProcess(CLI, ['worker', 'store'], {
        ...env,
        METRICS_PORT: String(port),
        ...(host ? { METRICS_HOST: host } : {}),
      });
      try {
        let ready = false;
        for (let i = 0; i < 150 && !ready; i++) {
          await new Promise((r) => setTimeout(r, 100));
          ready = (await fetch(`http://127.0.0.1:${port}/healthz`).catch(() => null))?.ok ?? false;
        }
        expect(ready, worker.output()).toBe(true);
        expect(worker.output()).toContain(`"host":"${host ?? '127.0.0.1'}"`);
        if (outside) {
          const answered = await fetch(`http://${outside}:${port}/healthz`).then(
            (r) => r.ok,
            () => false,
          );
          expect(answered, `${outside}:${port} with METRICS_HOST=${host}`).toBe(reachableOutside);
        }
      } finally {
        worker.kill('SIGTERM');
        await exited(worker);
      }
    }
  }, 60_000);

  it('says "authentication failed" for a wrong Redis password, not "not answering"', async () => {
    const url = new URL(TEST_REDIS_URL);
    url.username = 'newsflow-nobody';
    url.password = 'wrong-password';
    const result = await runCli(['status'], { ...env, REDIS_URL: url.toString() });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('authentication failed');
    expect(result.stderr).not.toContain('not answering');
    expect(result.stderr).not.toContain('wrong-password');
  }, 30_000);

  it('a worker app with a wrong Redis password logs "redis authentication failed", masking the password', async () => {
    const url = new URL(TEST_REDIS_URL);
    url.username = 'newsflow-nobody';
    url.password = 'wrong-password';
    const worker = startProcess(join(REPO_ROOT, 'apps/deduper/dist/main.js'), [], {
      ...env,
      REDIS_URL: url.toString(),
    });
    try {
      for (let i = 0; i < 100 && !worker.output().includes('authentication failed'); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(worker.output()).toContain(
        'redis authentication failed: check the user and password in REDIS_URL',
      );
      expect(worker.output()).not.toContain('wrong-password');
      // The dedup index's own connection fails the same way; it is logged once, by the worker's.
      await new Promise((r) => setTimeout(r, 1_000));
      expect(worker.output()).not.toContain('Unhandled error event');
    } finally {
      worker.kill('SIGKILL');
      await exited(worker);
    }
  }, 30_000);
});
