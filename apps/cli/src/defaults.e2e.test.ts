import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './test-support/cli-process.js';

const SEED = join(FIXTURES, 'seed', 'urdupoint-shoigu-kim.txt');

interface SeedExpectation {
  url: string;
  expect: {
    title: string;
    authors: string[];
    publishedDate: string;
    publishedLocalTime: string;
    dateline: { place: string; agency: string };
    body: { startsWith: string; endsWith: string; paragraphs: number; mustNotContain: string[] };
  };
}

describe('with no configuration: a private redis-server and PGlite', () => {
  let dataDir: string;
  let env: Record<string, string>;
  let seed: SeedExpectation;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'newsflow-defaults-'));
    // No REDIS_URL and no DATABASE_URL: what a user gets on a fresh machine.
    env = { NEWSFLOW_DATA_DIR: dataDir };
    seed = JSON.parse(await readFile(join(FIXTURES, 'seed', 'expected.json'), 'utf8'));
  });
  afterAll(() => rm(dataDir, { recursive: true, force: true }));

  it('`extract` turns the seed text dump into the expected article', async () => {
    const run = await runCli(['extract', '--url', seed.url, SEED], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const article = JSON.parse(run.stdout);
    const want = seed.expect;
    expect(article.title).toBe(want.title);
    expect(article.authors).toEqual(want.authors);
    expect(article.publishedAt).toMatch(new RegExp(`^${want.publishedDate}T${want.publishedLocalTime}`));
    expect(article.dateline).toEqual(want.dateline);
    const paragraphs = article.text.split(/\n\n+/);
    expect(paragraphs).toHaveLength(want.body.paragraphs);
    expect(article.text.startsWith(want.body.startsWith)).toBe(true);
    expect(article.text.endsWith(want.body.endsWith)).toBe(true);
    for (const forbidden of want.body.mustNotContain) expect(article.text).not.toContain(forbidden);
  });

  it('`ingest --text --wait` stores the dump through every stage, and `export` shows it', async () => {
    const run = await runCli(['ingest', '--text', SEED, '--url', seed.url, '--wait', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ inserted: 1, failed: 0 });

    const exported = await runCli(['export'], env);
    expect(exported.code, exported.stderr).toBe(0);
    const lines = exported.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const article = JSON.parse(lines[0] ?? '{}');
    expect(article).toMatchObject({
      url: seed.url,
      title: seed.expect.title,
      authors: seed.expect.authors,
      language: 'en',
      duplicateOf: null,
    });
    expect(article.text.startsWith(seed.expect.body.startsWith)).toBe(true);
  });

  it('keeps sources between commands (the private Redis persists in the data folder)', async () => {
    const add = await runCli(['sources', 'add', 'https://news.example.org/rss.xml', '--every', '30m'], env);
    expect(add.code, add.stderr).toBe(0);
    expect(add.stdout).toMatch(/^added src-[0-9a-f]{16} https:\/\/news\.example\.org\/rss\.xml every 30m/);

    const list = await runCli(['sources', 'list', '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    expect(JSON.parse(list.stdout)).toMatchObject({
      url: 'https://news.example.org/rss.xml',
      everyMs: 1_800_000,
    });

    const remove = await runCli(['sources', 'remove', 'https://news.example.org/rss.xml'], env);
    expect(remove.code).toBe(0);
    expect((await runCli(['sources', 'list', '--json'], env)).stdout.trim()).toBe('');
  });

  it('says in one line what is wrong with bad input', async () => {
    const badUrl = await runCli(['sources', 'add', 'ftp://example.org/feed'], env);
    expect(badUrl.code).toBe(2);
    expect(badUrl.stderr.split('\n')[0]).toBe('newsflow sources: not an http(s) URL: ftp://example.org/feed');

    const badEnv = await runCli(['status'], { ...env, CONCURRENCY: 'lots' });
    expect(badEnv.code).toBe(1);
    expect(badEnv.stderr).toMatch(/^newsflow: invalid environment CONCURRENCY: /);

    const noRedis = await runCli(['status'], { ...env, PATH: '/nonexistent' });
    expect(noRedis.code).toBe(1);
    expect(noRedis.stderr.trim()).toMatch(/^newsflow needs Redis: install redis-server .* or set REDIS_URL=/);
  });
});
