import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@newsflow/queue/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  REPO_ROOT,
  runCli,
  startProcess,
  TEST_REDIS_URL,
  testPrefix,
} from './test-support/cli-process.js';
import { fixturePages, type NewsSite, serveNewsSite } from './test-support/news-site.js';

const PAGES = fixturePages(20).slice(12);
// Two cleaners: a stage scales by starting more of its process.
const APPS = ['fetcher', 'cleaner', 'cleaner', 'deduper', 'classifier', 'storer'];

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve(child.exitCode);
    else child.once('exit', (code) => resolve(code));
  });
}

describe('one process per stage (apps/*), as docker-compose runs them', () => {
  let site: NewsSite;
  let env: Record<string, string>;
  let dataDir: string;
  let dropDb: () => Promise<void>;
  let workers: (ChildProcess & { output: () => string })[] = [];
  let metricsPort = 0;
  const appMetricsPort: Record<string, number> = {};

  beforeAll(async () => {
    site = await serveNewsSite(PAGES);
    const db = await createTestDatabase();
    dropDb = db.drop;
    dataDir = await mkdtemp(join(tmpdir(), 'newsflow-apps-'));
    env = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: db.url,
      NEWSFLOW_QUEUE_PREFIX: testPrefix(),
      NEWSFLOW_DATA_DIR: dataDir,
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
      FETCH_HOST_DELAY_MS: '0', // one loopback site: no politeness spacing needed
      CONCURRENCY: '2',
    };
    metricsPort = await freePort();
    appMetricsPort.storer = metricsPort;
    appMetricsPort.fetcher = await freePort();
    appMetricsPort.deduper = await freePort();
    workers = APPS.map((app) => {
      const port = appMetricsPort[app];
      return startProcess(
        join(REPO_ROOT, 'apps', app, 'dist', 'main.js'),
        [],
        port ? { ...env, METRICS_PORT: String(port) } : env,
      );
    });
  });

  afterAll(async () => {
    for (const w of workers) if (w.exitCode === null) w.kill('SIGKILL');
    await site?.close();
    await dropDb?.();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stores a feed enqueued by the CLI, then every worker shuts down cleanly on SIGTERM', async () => {
    const ingest = await runCli(['ingest', site.feedUrl], env);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(ingest.stdout).toMatch(/^enqueued 1 job\(s\)/);

    const deadline = Date.now() + 90_000;
    let stored = 0;
    while (Date.now() < deadline) {
      const exported = await runCli(['export'], env);
      stored = exported.stdout.trim() ? exported.stdout.trim().split('\n').length : 0;
      if (stored >= PAGES.length) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(stored).toBe(PAGES.length);

    // The storer serves its health and metrics for orchestrators and Prometheus.
    expect((await fetch(`http://127.0.0.1:${metricsPort}/readyz`)).status).toBe(200);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    expect(metrics).toContain(
      `newsflow_jobs_completed_total{stage="store",outcome="stored"} ${PAGES.length}`,
    );
    expect(metrics).toMatch(/newsflow_fetch_to_store_seconds_count \d+/);
    expect(metrics).toContain(
      `newsflow_articles_stored_total{source="none",change="inserted"} ${PAGES.length}`,
    );
    // Fetches per host and status (the feed and every page), and articles per dedup layer.
    const scrape = async (app: string) =>
      (await fetch(`http://127.0.0.1:${appMetricsPort[app]}/metrics`)).text();
    const host = new URL(site.feedUrl).host;
    const fetcherMetrics = await scrape('fetcher');
    expect(fetcherMetrics).toContain(
      `newsflow_fetches_total{host="${host}",status="200"} ${PAGES.length + 1}`,
    );
    // The site has no robots.txt: its one fetch is counted too, by its error code.
    expect(fetcherMetrics).toContain(`newsflow_fetches_total{host="${host}",status="HTTP_NOT_FOUND"} 1`);
    expect(await scrape('deduper')).toMatch(/newsflow_dedup_articles_total\{layer="none"\} \d+/);

    // `newsflow serve` shows the same articles over HTTP.
    const servePort = await freePort();
    const serve = startProcess(
      join(REPO_ROOT, 'apps', 'cli', 'dist', 'main.js'),
      ['serve', '--port', String(servePort)],
      env,
    );
    let listed: { articles: unknown[] } = { articles: [] };
    for (let i = 0; i < 100; i++) {
      const res = await fetch(`http://127.0.0.1:${servePort}/api/articles?limit=100`).catch(() => null);
      if (res?.ok) {
        listed = (await res.json()) as { articles: unknown[] };
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(listed.articles).toHaveLength(PAGES.length);
    serve.kill('SIGTERM');
    expect(await exited(serve)).toBe(0);

    for (const w of workers) w.kill('SIGTERM');
    const codes = await Promise.all(workers.map(exited));
    expect(codes).toEqual(APPS.map(() => 0));
    for (const w of workers) expect(w.output()).toContain('shut down cleanly');
    const cleaners = workers.filter((_, i) => APPS[i] === 'cleaner');
    const cleaned = cleaners.map((w) => (w.output().match(/article cleaned/g) ?? []).length);
    expect(cleaned.reduce((a, b) => a + b, 0)).toBe(PAGES.length);
  });
});
