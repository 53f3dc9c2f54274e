import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectLanguage } from '@newsflow/classify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, runCli, TEST_REDIS_URL, testPrefix } from './test-support/cli-process.js';
import { fixturePages, type NewsSite, serveNewsSite } from './test-support/news-site.js';

/** Share of the ground truth's distinct words that the stored body contains. */
function wordRecall(truth: string, text: string): number {
  const words = (s: string) => new Set(s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
  const expected = words(truth);
  const got = words(text);
  let hit = 0;
  for (const w of expected) if (got.has(w)) hit++;
  return expected.size ? hit / expected.size : 1;
}

const PAGES = fixturePages(12);
const FIXED = fixturePages(13)[12];

describe('newsflow ingest a feed end to end (CLI processes, real Redis and PostgreSQL)', () => {
  let site: NewsSite;
  let env: Record<string, string>;
  let dataDir: string;
  let dropDb: () => Promise<void>;

  beforeAll(async () => {
    site = await serveNewsSite(PAGES, { '/news/late-story': FIXED?.html ?? '' });
    const db = await createTestDatabase();
    dropDb = db.drop;
    dataDir = await mkdtemp(join(tmpdir(), 'newsflow-e2e-'));
    env = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: db.url,
      NEWSFLOW_QUEUE_PREFIX: testPrefix(),
      NEWSFLOW_DATA_DIR: dataDir,
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
      FETCH_HOST_DELAY_MS: '0', // one loopback site: no politeness spacing needed
      FETCH_TIMEOUT_MS: '5000',
    };
  });

  afterAll(async () => {
    await site?.close();
    await dropDb?.();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('stores every article of the feed with its title and body, and lists the 404 as failed', async () => {
    const run = await runCli(['ingest', site.feedUrl, '--wait', '--json'], env);
    expect(run.code).toBe(0);
    // The 404 is logged as a warning; nothing is logged as an error.
    expect(run.stderr).not.toMatch(/"level":(50|60)/);
    const summary = JSON.parse(run.stdout);
    expect(summary.inserted).toBe(PAGES.length);
    expect(summary.failed).toBe(1);
    const failure = summary.outcomes.find((o: { status: string }) => o.status === 'failed');
    expect(failure).toMatchObject({ code: 'HTTP_NOT_FOUND', url: `${site.base}/news/late-story` });

    const exported = await runCli(['export'], env);
    expect(exported.code).toBe(0);
    const articles = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(articles).toHaveLength(PAGES.length);
    for (const page of PAGES) {
      const article = articles.find((a) => a.url === site.pageUrl(page.id));
      expect(article, page.id).toBeDefined();
      expect(article.title, page.id).toMatch(/\S{3}/);
      expect(wordRecall(page.truth, article.text), page.id).toBeGreaterThan(0.6);
      expect(article.language, page.id).toBe(detectLanguage(null, page.truth).language);
      expect(article.contentHash).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('stores nothing new when the same feed is ingested again', async () => {
    const before = site.hits.get('/news/' + PAGES[0]?.id) ?? 0;
    const run = await runCli(['ingest', site.feedUrl, '--wait', '--json'], env);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary.inserted).toBe(0);
    expect(summary.known).toBe(PAGES.length);
    expect(summary.failed).toBe(1);
    // Pages already processed are not fetched again while their jobs are kept.
    expect(site.hits.get('/news/' + PAGES[0]?.id)).toBe(before);
    const exported = await runCli(['export'], env);
    expect(exported.stdout.trim().split('\n')).toHaveLength(PAGES.length);
  });

  it('shows the failure with its reason in `newsflow failed`, and `replay` stores it once the server is fixed', async () => {
    const failed = await runCli(['failed', '--json'], env);
    expect(failed.code).toBe(0);
    const rows = failed.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      queue: 'fetch',
      code: 'HTTP_NOT_FOUND',
      url: `${site.base}/news/late-story`,
    });
    expect(rows[0].message).toMatch(/404/);
    expect(rows[0].data).toMatchObject({ kind: 'page', url: `${site.base}/news/late-story` });
    expect(rows[0].stacktrace.length).toBeGreaterThan(0);
    expect(Date.parse(rows[0].failedAt)).toBeGreaterThanOrEqual(Date.parse(rows[0].addedAt));

    const human = await runCli(['failed', '--since', '1h'], env);
    expect(human.stdout).toMatch(/^stage +code +jobs\nfetch +HTTP_NOT_FOUND +1\n/);
    expect((await runCli(['failed', '--code', 'HTTP_SERVER_ERROR', '--json'], env)).stdout).toBe('');
    expect(
      (await runCli(['failed', '--match', 'late-story', '--json'], env)).stdout.trim().split('\n'),
    ).toHaveLength(1);

    const dry = await runCli(['replay', '--code', 'HTTP_NOT_FOUND', '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`would replay fetch/${rows[0].id} ${site.base}/news/late-story`);
    expect((await runCli(['failed', '--json'], env)).stdout.trim().split('\n')).toHaveLength(1);

    site.missing.clear();
    const replay = await runCli(['replay', '--queue', 'fetch', '--all', '--wait', '--json'], env);
    expect(replay.code).toBe(0);
    const lines = replay.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines[0]).toMatchObject({ queue: 'fetch', id: rows[0].id, dryRun: false });
    expect(lines.at(-1)).toMatchObject({ inserted: 1, failed: 0 });

    const again = await runCli(['replay', '--queue', 'fetch', '--all', '--json'], env);
    expect(again.code).toBe(0);
    const exported = await runCli(['export'], env);
    const articles = exported.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(articles).toHaveLength(PAGES.length + 1);
    expect(articles.filter((a) => a.url === `${site.base}/news/late-story`)).toHaveLength(1);
    expect((await runCli(['failed', '--json'], env)).stdout.trim()).toBe('');
  });

  it('finds a stored article by words of its title with `newsflow search`', async () => {
    const exported = (await runCli(['export'], env)).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    const target = exported.find((a) => a.language === 'en' && (a.title ?? '').split(' ').length >= 4);
    const words = target.title
      .replace(/[^\p{L}\p{N} ]/gu, ' ')
      .split(/\s+/)
      .filter((w: string) => w.length > 3)
      .slice(0, 4);
    const found = await runCli(['search', words.join(' '), '--json'], env);
    expect(found.code, found.stderr).toBe(0);
    const hits = found.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(hits[0]).toMatchObject({ id: target.id, title: target.title });
    expect((await runCli(['search', "'; DROP TABLE articles; --"], env)).code).toBe(0);
    expect((await runCli(['export'], env)).stdout.trim().split('\n')).toHaveLength(exported.length);

    const csv = await runCli(['export', '--format', 'csv'], env);
    expect(csv.code, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n')[0]).toMatch(/^id,url,finalUrl,canonicalUrl,title,authors,/);
    for (const article of exported) expect(csv.stdout).toContain(`\n${article.id},${article.url},`);
  });

  it('reports queue counts in `newsflow status`', async () => {
    const status = await runCli(['status', '--json'], env);
    expect(status.code).toBe(0);
    const rows = status.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(rows.map((r) => r.queue)).toEqual(['fetch', 'clean', 'dedup', 'classify', 'store']);
    expect(rows.find((r) => r.queue === 'store')).toMatchObject({ completed: PAGES.length + 1, failed: 0 });
  });
});
