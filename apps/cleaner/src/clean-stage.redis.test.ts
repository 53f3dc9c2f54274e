import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RawArchive } from '@newsflow/archive';
import { type StageHarness, stageHarness } from '@newsflow/queue/testing';
import { articleJobId, articleKey, DedupJob } from '@newsflow/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cleanStage } from './clean-stage.js';

const REDIS = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const SEED = fileURLToPath(
  new URL('../../../../shared/fixtures/seed/urdupoint-shoigu-kim.txt', import.meta.url),
);
const HTML = `<html lang="en"><head><title>Harbour bridge reopens</title></head><body><nav><a href="/">Home</a></nav>
<article><h1>Harbour bridge reopens</h1><p>The bridge reopened to traffic on Friday morning after two years of repairs, officials said.</p>
<p>Engineers replaced every one of its suspension cables during the works, which ran over budget.</p></article></body></html>`;

describe('clean stage worker on real Redis', () => {
  let dir: string;
  let archive: RawArchive;
  let harness: StageHarness;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'newsflow-cleaner-'));
    archive = new RawArchive(dir);
    harness = await stageHarness([cleanStage({ archive, concurrency: 2 })], REDIS);
  });
  afterAll(async () => {
    await harness?.close();
    await rm(dir, { recursive: true, force: true });
  });

  const cleanJob = async (url: string, body: string, contentType: string, hint: object | null = null) => {
    const stored = await archive.put(new TextEncoder().encode(body));
    return {
      key: articleKey(url),
      url,
      finalUrl: url,
      fetchedAt: '2024-09-13T10:00:00.000Z',
      raw: { ref: stored.ref, bytes: stored.bytes, contentType },
      hint,
    };
  };

  it('extracts an archived HTML page and forwards the article to dedup', async () => {
    const url = 'https://news.example.org/bridge';
    const job = await harness.run(
      'clean',
      await cleanJob(url, HTML, 'text/html; charset=utf-8', {
        title: null,
        publishedAt: '2024-09-13T08:00:00Z',
        authors: ['Mara Lindqvist'],
      }),
    );
    expect(await job.getState()).toBe('completed');
    const next = DedupJob.parse((await harness.job('dedup', articleJobId(articleKey(url))))?.data);
    expect(next.article.title).toBe('Harbour bridge reopens');
    expect(next.article.text).toContain('Engineers replaced every one');
    expect(next.article.text).not.toContain('Home');
    // What the page does not say comes from the feed.
    expect(next.article.publishedAt).toBe('2024-09-13T08:00:00Z');
    expect(next.article.authors).toEqual(['Mara Lindqvist']);
    expect(next.extractor.name).toBe('newsflow-clean');
  });

  it('cleans a text dump', async () => {
    const url =
      'https://www.urdupoint.com/en/world/russian-security-chief-shoigu-meets-kim-jong-1887543.html';
    const job = await harness.run('clean', await cleanJob(url, readFileSync(SEED, 'utf8'), 'text/plain'));
    expect(await job.getState()).toBe('completed');
    const next = DedupJob.parse((await harness.job('dedup', articleJobId(articleKey(url))))?.data);
    expect(next.article.authors).toEqual(['Faizan Hashmi']);
    expect(next.article.text).not.toContain('Recent Stories');
  });

  it('fails a job whose raw page is not in the archive, naming it', async () => {
    const data = await cleanJob('https://news.example.org/gone', HTML, 'text/html');
    const job = await harness.run('clean', { ...data, raw: { ...data.raw, ref: 'f'.repeat(64) } });
    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toMatch(
      /^ARCHIVE_MISSING: raw page f{64} of https:\/\/news\.example\.org\/gone/,
    );
  });

  it("fails an index page permanently with the extractor's reason", async () => {
    const teasers = [1, 2, 3, 4]
      .map((i) => `<article><h2><a href="/s${i}">Story ${i}</a></h2><p>Teaser ${i}.</p></article>`)
      .join('');
    const job = await harness.run(
      'clean',
      await cleanJob('https://news.example.org/world', `<html><body>${teasers}</body></html>`, 'text/html'),
    );
    expect(await job.getState()).toBe('failed');
    expect(job.attemptsMade).toBe(1);
    expect(job.failedReason).toMatch(/^NOT_AN_ARTICLE: index or listing page: it lists other stories/);
  });

  it('fails a page with no article text as NOT_AN_ARTICLE', async () => {
    const job = await harness.run(
      'clean',
      await cleanJob(
        'https://news.example.org/empty',
        '<html><body><nav>Menu</nav></body></html>',
        'text/html',
      ),
    );
    expect(await job.getState()).toBe('failed');
    expect(job.failedReason).toMatch(
      /^NOT_AN_ARTICLE: no article body text found \(https:\/\/news\.example\.org\/empty\)/,
    );
  });
});
