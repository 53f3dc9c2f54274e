import { readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freePort } from '@newsflow/queue/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_REDIS_URL } from './test-support/cli-process.js';
import { expectNothingLost, FaultRun, report, type StageApp } from './test-support/fault-run.js';
import { type GeneratedSite, serveGeneratedSite } from './test-support/generated-site.js';
import { startPrivatePostgres } from './test-support/private-servers.js';

// A dependency outage uses no attempts and loses nothing (issue 24): the archive made unusable
// mid-run, and a storer started while PostgreSQL is down. Every stage is its own process, with
// the default stall and outage settings.

const PAGES = 300;
const SETTLE_MS = 180_000;
/** Longer than a page's five attempts take with the queue's backoff (2 + 4 + 8 + 16 s, jittered). */
const ARCHIVE_DOWN_MS = 32_000;
const WORKER_ENV = { SHUTDOWN_TIMEOUT_MS: '20000', CONCURRENCY: '8' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function probe(port: number, path: string): Promise<{ status: number; body: string }> {
  const response = await fetch(`http://127.0.0.1:${port}${path}`, {
    signal: AbortSignal.timeout(5_000),
  }).catch(() => null);
  return { status: response?.status ?? 0, body: (await response?.text().catch(() => '')) ?? '' };
}

/** The highest attemptsMade among the completed jobs of `queue` (1: none was retried). */
async function maxAttempts(r: FaultRun, queue: 'fetch' | 'clean' | 'store'): Promise<number> {
  const completed = await r.pipeline.queue(queue).getCompleted(0, -1);
  return Math.max(0, ...completed.map((job) => job.attemptsMade));
}

describe('faults: dependency outages use no attempts (issue 24)', () => {
  let site: GeneratedSite;
  const cleanups: (() => Promise<void>)[] = [];
  beforeAll(async () => {
    site = await serveGeneratedSite(PAGES, 100, 3);
  });
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await site?.close();
  });

  it('the archive unusable for 32 s: fetch and clean pause with ARCHIVE_UNAVAILABLE, nothing fails, no temp file is left', async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    const fetcherPort = await freePort();
    const r = await FaultRun.create({
      redisUrl: TEST_REDIS_URL,
      databaseUrl: db.url,
      env: WORKER_ENV,
      appEnv: { fetcher: { METRICS_PORT: String(fetcherPort) } },
    });
    cleanups.push(() => r.close());
    const archive = join(r.dataDir, 'archive');
    // The first feed fetched and archived while no cleaner runs: its pages wait to be read.
    await r.start(['fetcher', 'deduper', 'classifier', 'storer']);
    const startedAt = Date.now();
    const [first, ...rest] = site.feeds;
    await r.ingest([first ?? '']);
    await r.until(
      'the first feed to be archived',
      async () => (await r.pipeline.queue('clean').getWaitingCount()) >= 100,
      60_000,
    );
    // The folder replaced by a file: writes and reads fail (ENOTDIR) even for root, which a
    // read-only folder would not stop. The cleaner now starts on pages it cannot read, and the
    // other feeds bring pages the fetcher cannot write.
    await rename(archive, `${archive}.away`);
    await writeFile(archive, 'the archive volume is gone');
    await r.start(['cleaner']);
    await r.ingest(rest);
    const downAt = Date.now();
    await r.until(
      '/readyz to name the archive',
      async () => {
        const ready = await probe(fetcherPort, '/readyz');
        return ready.status === 503 && ready.body.includes('archive');
      },
      15_000,
    );
    await sleep(Math.max(0, ARCHIVE_DOWN_MS - (Date.now() - downAt)));
    const storedDuringOutage = await r.storedCount();
    const fetchAttemptsDuringOutage = await r.pipeline.queue('fetch').getFailedCount();
    const metrics = (await probe(fetcherPort, '/metrics')).body;
    await rm(archive);
    await rename(`${archive}.away`, archive);
    const upAt = Date.now();
    await r.until('storing to resume', async () => (await r.storedCount()) > 0, 60_000);
    const resumedAfterMs = Date.now() - upAt;
    await r.settle(SETTLE_MS);
    const audit = await r.audit(site.urls);
    const attempts = { fetch: await maxAttempts(r, 'fetch'), clean: await maxAttempts(r, 'clean') };
    const tmpFiles = (await readdir(archive, { recursive: true })).filter((name) => name.endsWith('.tmp'));
    report('archive unusable 32 s', audit, startedAt, {
      downMs: upAt - downAt,
      resumedAfterMs,
      maxAttemptsMade: attempts,
      tmpFilesLeft: tmpFiles.length,
    });
    expectNothingLost(audit, PAGES);
    expect(storedDuringOutage).toBe(0);
    expect(fetchAttemptsDuringOutage).toBe(0);
    expect(attempts).toEqual({ fetch: 1, clean: 1 });
    expect(tmpFiles).toEqual([]);
    expect(metrics).toMatch(
      /newsflow_dependency_outage_pauses_total\{stage="fetch",code="ARCHIVE_UNAVAILABLE"\} [1-9]/,
    );
    expect(r.process('fetcher').output()).toContain('archive unavailable, pausing fetch intake');
    expect(r.process('fetcher').output()).toContain('"code":"ARCHIVE_UNAVAILABLE"');
    expect(r.process('cleaner').output()).toContain('archive unavailable, pausing clean intake');
    expect((await probe(fetcherPort, '/readyz')).status).toBe(200);
  }, 300_000);

  it('a storer started while PostgreSQL is down waits for it, /readyz names the database, then stores everything', async () => {
    const postgres = await startPrivatePostgres();
    cleanups.push(postgres.destroy);
    await postgres.stop();
    const storerPort = await freePort();
    const r = await FaultRun.create({
      redisUrl: TEST_REDIS_URL,
      databaseUrl: postgres.url,
      env: WORKER_ENV,
      appEnv: { storer: { METRICS_PORT: String(storerPort) } },
    });
    cleanups.push(() => r.close());
    const others: StageApp[] = ['fetcher', 'cleaner', 'deduper', 'classifier'];
    await r.start(others);
    await r.start(['storer'], { waitForSchema: false });
    const startedAt = Date.now();
    await r.ingest(site.feeds);
    await r.until(
      '/readyz to name the database',
      async () => {
        const ready = await probe(storerPort, '/readyz');
        return ready.status === 503 && ready.body.includes('database');
      },
      30_000,
    );
    await r.until(
      'store jobs to wait',
      async () => (await r.pipeline.queue('store').getWaitingCount()) > 0,
      60_000,
    );
    // Well past the moment the old storer exited 1 (at once, on ECONNREFUSED).
    await sleep(5_000);
    const storer = r.process('storer');
    expect(storer.exitCode, storer.output().slice(-2_000)).toBeNull();
    expect(storer.output()).toContain('waiting for the database');
    await postgres.start();
    const upAt = Date.now();
    await r.until('storing to begin', async () => (await r.storedCount().catch(() => 0)) > 0, 60_000);
    const storingAfterMs = Date.now() - upAt;
    await r.settle(SETTLE_MS);
    const audit = await r.audit(site.urls);
    const storeAttempts = await maxAttempts(r, 'store');
    report('storer started with PostgreSQL down', audit, startedAt, {
      storingAfterMs,
      maxStoreAttemptsMade: storeAttempts,
    });
    expectNothingLost(audit, PAGES);
    expect(storeAttempts).toBe(1);
    expect((await probe(storerPort, '/readyz')).status).toBe(200);
  }, 300_000);
});
