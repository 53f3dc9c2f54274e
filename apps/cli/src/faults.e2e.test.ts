import { freePort } from '@newsflow/queue/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, TEST_REDIS_URL } from './test-support/cli-process.js';
import {
  APP_QUEUE,
  expectNothingLost,
  FaultRun,
  report,
  STAGE_APPS,
  type StageApp,
} from './test-support/fault-run.js';
import { type GeneratedSite, serveGeneratedSite } from './test-support/generated-site.js';
import { startPrivatePostgres, startPrivateRedis } from './test-support/private-servers.js';

// The pipeline loses nothing under faults (issue 8): for a run of PAGES generated articles
// through every stage as its own process, every accepted URL ends stored exactly once or
// failed with its reason, after each fault. Each scenario prints its counts.

const PAGES = 2_000;
const SHUTDOWN_TIMEOUT_MS = 20_000;
/** A scenario's whole run, faults included, must settle within this. */
const SETTLE_MS = 240_000;

// The default stall detection (10 s locks, a 5 s check): what these tests measure is what
// production gets (issue 24).
const WORKER_ENV = {
  SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
  CONCURRENCY: '8',
};

/**
 * How long the restarted Redis stays down: longer than the test's job locks, so the locks of
 * the jobs in flight expire across the restart (the default 10 s locks) and their second run must still store once.
 */
const REDIS_DOWN_MS = 12_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('faults: nothing lost, nothing stored twice (issue 8)', () => {
  let site: GeneratedSite;
  let run: FaultRun | undefined;
  const cleanups: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    site = await serveGeneratedSite(PAGES);
  });
  afterEach(async () => {
    await run?.close();
    run = undefined;
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  afterAll(async () => {
    await site?.close();
  });

  /** Waits until at least `fraction` of the pages are stored (the fault then strikes mid-run). */
  const storedAtLeast = (r: FaultRun, fraction: number, timeoutMs = SETTLE_MS) =>
    r.until(`${fraction * 100}% stored`, async () => (await r.storedCount()) >= PAGES * fraction, timeoutMs);

  /** Workers on the shared Redis and a fresh database, stalls watched, the feeds ingested. */
  const startWatchedRun = async () => {
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    run = await FaultRun.create({ redisUrl: TEST_REDIS_URL, databaseUrl: db.url, env: WORKER_ENV });
    const r = run;
    await r.start();
    await r.watchStalls();
    const startedAt = Date.now();
    await r.ingest(site.feeds);
    return { r, startedAt };
  };

  it('SIGKILL of a random stage worker, three times: its jobs stall and are picked up again', async () => {
    const { r, startedAt } = await startWatchedRun();
    const kills: string[] = [];
    const killed: { app: StageApp; active: number }[] = [];
    const recoveries: Promise<string>[] = [];
    for (const fraction of [0.15, 0.35, 0.55]) {
      await storedAtLeast(r, fraction);
      // A stage with jobs in hand (a different one each time when possible), so the kill
      // leaves work behind for the stall check.
      const busy: { app: StageApp; active: number }[] = [];
      for (const app of STAGE_APPS) {
        const active = await r.pipeline.queue(APP_QUEUE[app]).getActiveCount();
        if (active > 0) busy.push({ app, active });
      }
      const fresh = busy.filter((b) => !killed.some((k) => k.app === b.app));
      const candidates = fresh.length
        ? fresh
        : busy.length
          ? busy
          : STAGE_APPS.map((app) => ({ app, active: 0 }));
      const victim = candidates[Math.floor(Math.random() * candidates.length)] ?? {
        app: 'cleaner',
        active: 0,
      };
      const code = await r.signal(victim.app, 'SIGKILL');
      expect(code).toBeNull(); // killed by the signal, no exit code
      // One process per stage: what its queue still lists as active now, the dead process held.
      // (Counted before the kill, jobs could finish in between: on a fast machine two did.)
      const orphaned = await r.pipeline.queue(APP_QUEUE[victim.app]).getActiveCount();
      killed.push({ app: victim.app, active: orphaned });
      kills.push(`${victim.app}@${Math.round(fraction * 100)}% (${orphaned} held at death)`);
      // Recovery: from the death until the stall check has moved the dead worker's jobs back.
      const queue = APP_QUEUE[victim.app];
      const stalledBefore = r.stalled[queue];
      const diedAt = Date.now();
      recoveries.push(
        orphaned === 0
          ? Promise.resolve('-')
          : r
              .until(
                `${queue} jobs back from the stall check`,
                async () => r.stalled[queue] > stalledBefore,
                SETTLE_MS,
              )
              .then(() => `${((Date.now() - diedAt) / 1000).toFixed(1)} s`),
      );
      await r.start([victim.app]);
    }
    const recoveryTimes = await Promise.all(recoveries);
    await r.settle(SETTLE_MS);
    const audit = await r.audit(site.urls);
    const stalls = Object.values(r.stalled).reduce((a, b) => a + b, 0);
    report('SIGKILL x3', audit, startedAt, {
      kills: kills.join(' '),
      stalled: r.stalled,
      recovery: recoveryTimes.join(' / '),
    });
    expectNothingLost(audit, PAGES);
    expect(stalls, 'jobs of the killed workers moved back by the stall check').toBeGreaterThan(0);
    // Each killed stage that died with jobs in hand got them back through the stall check.
    for (const { app, active } of killed)
      if (active > 0) expect(r.stalled[APP_QUEUE[app]], app).toBeGreaterThan(0);
  }, 420_000);

  it('a Redis restart mid-run (AOF on): workers reconnect and resume', async () => {
    const redis = await startPrivateRedis();
    cleanups.push(redis.stop);
    const db = await createTestDatabase();
    cleanups.push(db.drop);
    run = await FaultRun.create({ redisUrl: redis.url, databaseUrl: db.url, env: WORKER_ENV });
    const r = run;
    await r.start();
    const startedAt = Date.now();
    await r.ingest(site.feeds);
    await storedAtLeast(r, 0.3);
    const pendingBefore = await r.pendingJobs();
    const restartStarted = Date.now();
    await redis.restart(REDIS_DOWN_MS);
    const restartMs = Date.now() - restartStarted;
    const backAt = Date.now();
    const storedAtBack = await r.storedCount();
    await r.until('storing to resume', async () => (await r.storedCount()) > storedAtBack, SETTLE_MS);
    const resumedAfterMs = Date.now() - backAt;
    await r.settle(SETTLE_MS);
    const audit = await r.audit(site.urls);
    report('Redis restart', audit, startedAt, {
      pendingAtRestart: pendingBefore,
      downMs: restartMs,
      resumedAfterMs,
    });
    expect(pendingBefore).toBeGreaterThan(0);
    expectNothingLost(audit, PAGES);
  }, 420_000);

  it('PostgreSQL refusing connections for 20 s: the storer backs off, /readyz says not ready, nothing is dropped', async () => {
    const postgres = await startPrivatePostgres();
    cleanups.push(postgres.destroy);
    const metricsPort = await freePort();
    run = await FaultRun.create({
      redisUrl: TEST_REDIS_URL,
      databaseUrl: postgres.url,
      env: WORKER_ENV,
      appEnv: { storer: { METRICS_PORT: String(metricsPort) } },
    });
    const r = run;
    const readyz = async () =>
      (
        await fetch(`http://127.0.0.1:${metricsPort}/readyz`, { signal: AbortSignal.timeout(5_000) }).catch(
          () => null,
        )
      )?.status ?? 0;
    await r.start();
    const startedAt = Date.now();
    await r.ingest(site.feeds);
    await storedAtLeast(r, 0.25);
    expect(await readyz()).toBe(200);
    await postgres.stop();
    const downAt = Date.now();
    await r.until('/readyz to report the database down', async () => (await readyz()) === 503, 15_000);
    await sleep(Math.max(0, 20_000 - (Date.now() - downAt)));
    const storeWaiting = await r.pipeline.queue('store').getWaitingCount();
    await postgres.start();
    const upAt = Date.now();
    const downMs = upAt - downAt;
    // Stored rows stand still until the storer's next probe finds the database back.
    const storedAtRestart = await r.storedCount();
    await r.until('storing to resume', async () => (await r.storedCount()) > storedAtRestart, 30_000);
    const resumedAfterMs = Date.now() - upAt;
    await r.until('/readyz to report ready again', async () => (await readyz()) === 200, 30_000);
    await r.settle(SETTLE_MS);
    const audit = await r.audit(site.urls);
    const completed = await r.pipeline.queue('store').getCompleted(0, -1);
    // BullMQ counts the successful run as an attempt; retries under the pause count as started only.
    const maxAttempts = Math.max(0, ...completed.map((j) => j.attemptsMade));
    const maxStarted = Math.max(0, ...completed.map((j) => j.attemptsStarted));
    report('PostgreSQL down 20 s', audit, startedAt, {
      downMs,
      resumedAfterMs,
      storeWaitingAtEndOfOutage: storeWaiting,
      maxStoreAttemptsMade: maxAttempts,
      maxStoreAttemptsStarted: maxStarted,
    });
    expectNothingLost(audit, PAGES);
    expect(storeWaiting).toBeGreaterThan(0);
    // The outage paused intake and put jobs back instead of using their attempts.
    expect(maxStarted).toBeGreaterThan(1);
    expect(maxAttempts).toBe(1);
    expect(r.process('storer').output()).toContain('database unavailable, pausing store intake');
  }, 420_000);

  it('SIGTERM during a burst: active jobs finish, none stall, every worker exits 0; restarted, all completes', async () => {
    const { r, startedAt } = await startWatchedRun();
    await storedAtLeast(r, 0.3);
    const active = async () => {
      let n = 0;
      for (const app of STAGE_APPS) n += await r.pipeline.queue(APP_QUEUE[app]).getActiveCount();
      return n;
    };
    const activeAtSignal = await active();
    const signalAt = Date.now();
    const codes = await Promise.all(STAGE_APPS.map((app) => r.signal(app, 'SIGTERM')));
    const shutdownMs = Date.now() - signalAt;
    // Graceful: everything that was running finished; nothing is left active for a stall check.
    const activeAfter = await active();
    const pendingAfter = await r.pendingJobs();
    await r.start();
    await r.settle(SETTLE_MS);
    // Give the restarted workers' stall checks time to run over anything left behind.
    await sleep(3_000);
    const audit = await r.audit(site.urls);
    report('SIGTERM burst', audit, startedAt, {
      activeAtSignal,
      shutdownMs,
      exitCodes: codes.join('/'),
      pendingAfterShutdown: pendingAfter,
      stalled: r.stalled,
    });
    expect(activeAtSignal).toBeGreaterThan(0);
    expect(codes).toEqual(STAGE_APPS.map(() => 0));
    expect(shutdownMs).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(activeAfter).toBe(0);
    expect(pendingAfter).toBeGreaterThan(0); // the burst was cut mid-run
    expect(r.stalled).toEqual({ fetch: 0, clean: 0, dedup: 0, classify: 0, store: 0 });
    expectNothingLost(audit, PAGES);
  }, 420_000);
});
