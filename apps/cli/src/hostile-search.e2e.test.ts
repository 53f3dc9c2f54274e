import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@newsflow/queue/testing';
import { articleKey, StoreJob } from '@newsflow/schema';
import { openStore } from '@newsflow/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI,
  createTestDatabase,
  runCli,
  startProcess,
  TEST_REDIS_URL,
  testPrefix,
} from './test-support/cli-process.js';

/**
 * Hostile search queries through the two public doors, `newsflow search` and the dashboard's
 * `/api/search` (served by `newsflow serve`), on PostgreSQL. The store's own handling of the
 * same inputs is in packages/store/src/search.pg.test.ts; `'; DROP TABLE articles; --` via the
 * CLI is in e2e.redis.test.ts.
 */

const TITLES = ['Harbour bridge reopens after repairs', 'Library scraps late fees for good'];
const TEN_KB = `harbour ${'bridge '.repeat(1_500)}`.slice(0, 10_240);
const HOSTILE: [string, string][] = [
  ['a tautology', `" OR 1=1 --`],
  ['a UNION into the password table', `%' UNION SELECT usename, passwd FROM pg_shadow --`],
  ['a stacked sleep', `x'); SELECT pg_sleep(30); --`],
  ['dollar quoting and backslashes', `$$ \\' \\\\ $tag$ E'\\x41'`],
  ['tsquery operators', `bridge & !( | <-> :* ) )(`],
  ['unbalanced quotes', `"harbour bridge`],
];

describe('hostile search queries', () => {
  let env: Record<string, string>;
  let dataDir: string;
  let dropDb: () => Promise<void>;
  let serve: ReturnType<typeof startProcess>;
  let api = '';

  beforeAll(async () => {
    const db = await createTestDatabase();
    dropDb = db.drop;
    dataDir = await mkdtemp(join(tmpdir(), 'newsflow-search-'));
    env = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: db.url,
      NEWSFLOW_QUEUE_PREFIX: testPrefix(),
      NEWSFLOW_DATA_DIR: dataDir,
    };
    const store = await openStore({ databaseUrl: db.url, dataDir });
    try {
      for (const [i, title] of TITLES.entries()) {
        const url = `https://news.example.org/story-${i}`;
        await store.upsertArticle(
          StoreJob.parse({
            key: articleKey(url),
            url,
            finalUrl: url,
            fetchedAt: '2024-09-13T10:00:00.000Z',
            rawRef: null,
            article: { title, authors: [], publishedAt: null, text: `${title}. More on this story later.` },
            extractor: { name: 'test', version: '1' },
            dedup: {
              canonicalUrl: url,
              contentHash: String(i).repeat(64),
              duplicateOf: null,
              similarity: null,
            },
            classification: { language: 'en', languageScore: 1 },
          }),
        );
      }
    } finally {
      await store.close();
    }
    const port = await freePort();
    serve = startProcess(CLI, ['serve', '--port', String(port)], env);
    api = `http://127.0.0.1:${port}/api`;
    for (let i = 0; i < 150; i++) {
      if ((await fetch(`${api}/search?q=bridge`).catch(() => null))?.ok) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  });

  afterAll(async () => {
    serve?.kill('SIGTERM');
    await dropDb?.();
    await rm(dataDir, { recursive: true, force: true });
  });

  const titlesFound = (stdout: string): string[] =>
    stdout
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((line) => (JSON.parse(line) as { title: string }).title);

  // Each CLI run starts a process and opens the store: three kinds of attack, the rest via HTTP.
  it.each(HOSTILE.slice(1, 4))('`newsflow search` reads %s as plain text', async (_name, query) => {
    const started = Date.now();
    const result = await runCli(['search', query, '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    titlesFound(result.stdout); // every line is an article, or there are none
    expect(Date.now() - started).toBeLessThan(20_000); // pg_sleep never ran
  });

  it('`newsflow search` refuses a 10 KB query with exit 2, naming the limit, as /api/search does', async () => {
    const result = await runCli(['search', TEN_KB, '--json'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/over the 512-character limit/);
    expect(result.stdout).toBe('');
  });

  it.each(HOSTILE)('/api/search reads %s as plain text', async (_name, query) => {
    const res = await fetch(`${api}/search?q=${encodeURIComponent(query)}`);
    expect(res.status).toBe(200);
    expect((await res.json()) as { hits: unknown[] }).toMatchObject({ hits: expect.any(Array) });
  });

  it('/api/search still finds words inside an unbalanced quote', async () => {
    const res = await fetch(`${api}/search?q=${encodeURIComponent('"harbour bridge')}`);
    const { hits } = (await res.json()) as { hits: { article: { title: string } }[] };
    expect(hits.map((h) => h.article.title)).toEqual([TITLES[0]]);
  });

  it('/api/search refuses a 10 KB query with 400, naming q', async () => {
    const res = await fetch(`${api}/search?q=${encodeURIComponent(TEN_KB)}`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(/^q: /);
  });

  it('leaves every article in place and still finds them', async () => {
    const exported = await runCli(['export'], env);
    expect(exported.stdout.trim().split('\n')).toHaveLength(TITLES.length);
    const res = await fetch(`${api}/search?q=library`);
    const { hits } = (await res.json()) as { hits: { article: { title: string } }[] };
    expect(hits.map((h) => h.article.title)).toEqual([TITLES[1]]);
  });
});
