import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createRedis, Pipeline } from '@newsflow/queue';
import { articleKey, StoreJob } from '@newsflow/schema';
import { openStore, type Store } from '@newsflow/store';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard } from './server.js';

const ADMIN_URL = process.env.NEWSFLOW_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const TOKEN = 'a-test-token-of-32-characters-xx';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  await client.query(sql);
  await client.end();
}

function job(url: string, title: string, text: string, language = 'en') {
  return StoreJob.parse({
    key: articleKey(url),
    url,
    finalUrl: url,
    fetchedAt: '2024-09-13T10:00:00.000Z',
    rawRef: null,
    article: { title, authors: ['Mara Lindqvist'], publishedAt: '2024-09-13T09:00:00Z', text },
    extractor: { name: 'test', version: '0' },
    dedup: { canonicalUrl: url, contentHash: 'c'.repeat(64), duplicateOf: null, similarity: null },
    classification: {
      language,
      languageScore: 0.9,
      topics: [{ label: title.includes('chess') ? 'sport' : 'society', score: 0.7 }],
      entities: {
        people: [],
        places: title.includes('bridge') ? [{ text: 'Harbour', count: 1, offset: 0 }] : [],
      },
    },
    trail: {
      cleaned: '2024-09-13T10:00:01.500Z',
      deduped: '2024-09-13T10:00:01.600Z',
      classified: '2024-09-13T10:00:02.000Z',
    },
  });
}

interface Page {
  articles: { title: string }[];
  next: string | null;
}
interface Doc {
  openapi: string;
  components: { schemas: { Article: { properties: Record<string, unknown> } } };
}
/** A cursor crafted the way the store encodes its own: base64url JSON. */
const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const json = async <T>(response: Promise<Response>): Promise<T> => (await (await response).json()) as T;

describe('newsflow serve: API, Bull Board and article browser', () => {
  const database = `newsflow_dash_${randomBytes(4).toString('hex')}`;
  const prefix = `{nftest-${randomBytes(4).toString('hex')}}`;
  const connection = createRedis(REDIS_URL, 'worker');
  const pipeline = new Pipeline(connection, prefix);
  const log = pino({ level: 'silent' });
  let store: Store;
  let open: Server;
  let locked: Server;
  let readOnly: Server;
  let failedJobId = '';
  const base = (server: Server) => {
    const address = server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  };

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    store = await openStore({ databaseUrl: url.toString() });
    await store.upsertArticle(
      job('https://news.example.org/bridge', 'Harbour bridge reopens', 'The bridge reopened on Friday.'),
    );
    await store.upsertArticle(
      job('https://news.example.org/library', 'Library scraps late fees', 'Books came back.'),
    );
    await store.upsertArticle(
      job('https://news.example.org/chess', 'Young player wins chess title', 'A twelve-year-old won.'),
    );
    const failed = await pipeline
      .queue('fetch')
      .add('page', { kind: 'page', url: 'https://news.example.org/missing' });
    failedJobId = failed.id ?? '';
    // Fail it the way a worker would, without running one.
    const worker = new (await import('bullmq')).Worker(
      'fetch',
      async () => {
        throw new (await import('bullmq')).UnrecoverableError('HTTP_NOT_FOUND: HTTP 404 Not Found');
      },
      { connection, prefix },
    );
    for (
      let i = 0;
      i < 100 && !(await (await pipeline.queue('fetch').getJob(failedJobId))?.isFailed());
      i++
    ) {
      await new Promise((r) => setTimeout(r, 50));
    }
    await worker.close();
    open = await startDashboard({ store, pipeline, log, host: '127.0.0.1', port: 0 });
    locked = await startDashboard({ store, pipeline, log, host: '127.0.0.1', port: 0, token: TOKEN });
    readOnly = await startDashboard({ store, pipeline, log, host: '127.0.0.1', port: 0, readOnly: true });
  });

  afterAll(async () => {
    for (const server of [open, locked, readOnly]) server?.close();
    await store?.close();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    for (const name of ['fetch'] as const) await pipeline.queue(name).obliterate({ force: true });
    await pipeline.close();
    await connection.quit();
  });

  it('pages through articles newest first and shows one with its trail', async () => {
    const first = await json<Page>(fetch(`${base(open)}/api/articles?limit=2`));
    expect(first.articles.map((a) => a.title)).toEqual([
      'Young player wins chess title',
      'Library scraps late fees',
    ]);
    const second = await json<Page>(fetch(`${base(open)}/api/articles?limit=2&cursor=${first.next}`));
    expect(second).toMatchObject({ next: null, articles: [{ title: 'Harbour bridge reopens' }] });

    const id = articleKey('https://news.example.org/bridge');
    const article = await (await fetch(`${base(open)}/api/articles/${id}`)).json();
    expect(article).toMatchObject({
      id,
      title: 'Harbour bridge reopens',
      trail: [
        { stage: 'fetched', at: '2024-09-13T10:00:00.000Z', afterMs: null },
        { stage: 'cleaned', at: '2024-09-13T10:00:01.500Z', afterMs: 1_500 },
        { stage: 'deduped', at: '2024-09-13T10:00:01.600Z', afterMs: 100 },
        { stage: 'classified', at: '2024-09-13T10:00:02.000Z', afterMs: 400 },
        { stage: 'stored' },
      ],
    });
    expect((await fetch(`${base(open)}/api/articles/${'0'.repeat(32)}`)).status).toBe(404);
  });

  it('searches, and answers bad parameters with 400 and the field', async () => {
    const { hits } = await json<{ hits: { article: { title: string } }[] }>(
      fetch(`${base(open)}/api/search?q=bridge`),
    );
    expect(hits.map((h) => h.article.title)).toEqual(['Harbour bridge reopens']);
    const bad = await fetch(`${base(open)}/api/search?q=${'x'.repeat(600)}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toMatch(/^q: /);
    expect((await fetch(`${base(open)}/api/articles?cursor=nonsense`)).status).toBe(400);
  });

  it.each([
    ['a year-0 since', '/api/search?q=bridge&since=0000-01-01T00:00:00Z', /^since: /],
    [
      'a year-0 cursor',
      `/api/articles?cursor=${cursor(['0000-01-01T00:00:00Z', 'a'.repeat(32)])}`,
      /^cursor: /,
    ],
    [
      'a NUL-byte id in a cursor',
      `/api/articles?cursor=${cursor(['2024-09-13T10:00:00Z', '\u0000'])}`,
      /^cursor: /,
    ],
    ['a number as cursor time', `/api/articles?cursor=${cursor([1e300, 'a'.repeat(32)])}`, /^cursor: /],
    [
      'a day that does not exist',
      `/api/articles?cursor=${cursor(['2024-02-31T00:00:00Z', 'a'.repeat(32)])}`,
      /^cursor: /,
    ],
    ['an object for a cursor', `/api/articles?cursor=${cursor({ at: 'x' })}`, /^cursor: /],
  ])('answers %s with 400 and a reason, not 500 (issue 17)', async (_name, path, reason) => {
    const res = await fetch(`${base(open)}${path}`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'BAD_REQUEST', error: expect.stringMatching(reason) });
  });

  it('filters lists and searches by topic, entity and cluster', async () => {
    const titles = async (path: string) => {
      const body = await json<Page & { hits?: { article: { title: string } }[] }>(
        fetch(`${base(open)}${path}`),
      );
      return (body.hits?.map((h) => h.article) ?? body.articles).map((a) => a.title);
    };
    expect(await titles('/api/articles?topic=sport')).toEqual(['Young player wins chess title']);
    expect(await titles('/api/articles?entity=Harbour')).toEqual(['Harbour bridge reopens']);
    expect(await titles('/api/search?q=bridge&topic=sport')).toEqual([]);
    expect(await titles('/api/search?q=bridge&entity=Harbour')).toEqual(['Harbour bridge reopens']);
    const id = articleKey('https://news.example.org/library');
    expect(await titles(`/api/articles?cluster=${id}`)).toEqual(['Library scraps late fees']);
    expect((await fetch(`${base(open)}/api/articles?cluster=nope`)).status).toBe(400);
    const doc = await json<{ paths: Record<string, { get: { parameters: { name: string }[] } }> }>(
      fetch(`${base(open)}/api/openapi.json`),
    );
    expect(doc.paths['/api/search']?.get.parameters.map((p) => p.name)).toEqual(
      expect.arrayContaining(['topic', 'entity', 'cluster']),
    );
  });

  it('reports queues and publishes an OpenAPI document built from the zod schemas', async () => {
    const { queues } = await json<{ queues: { queue: string }[] }>(fetch(`${base(open)}/api/queues`));
    expect(queues.find((q) => q.queue === 'fetch')).toMatchObject({ failed: 1 });
    const doc = await json<Doc>(fetch(`${base(open)}/api/openapi.json`));
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.schemas.Article.properties).toHaveProperty('canonicalUrl');
  });

  it('lists polled sources with their tags', async () => {
    // As `newsflow sources import` / `sync` schedule a source: tags ride on the scheduler's template.
    await pipeline
      .queue('fetch')
      .upsertJobScheduler(
        'src-tagged',
        { every: 3_600_000 },
        {
          name: 'feed',
          data: { kind: 'feed', url: 'https://news.example.org/rss', tags: ['World', 'daily'] },
        },
      );
    const { sources } = await json<{ sources: { id: string; tags: string[] }[] }>(
      fetch(`${base(open)}/api/sources`),
    );
    expect(sources.find((s) => s.id === 'src-tagged')).toMatchObject({
      url: 'https://news.example.org/rss',
      everyMs: 3_600_000,
      tags: ['World', 'daily'],
    });
    await pipeline.queue('fetch').removeJobScheduler('src-tagged');
  });

  it('serves the article browser and Bull Board, which retries a failed job', async () => {
    expect(await (await fetch(`${base(open)}/`)).text()).toContain('<title>newsflow</title>');
    expect((await fetch(`${base(open)}/queues`)).status).toBe(200);
    const board = await json<{ queues: { name: string }[] }>(
      fetch(`${base(open)}/queues/api/queues?activeQueue=fetch&status=failed`),
    );
    expect(board.queues.map((q) => q.name)).toEqual(['fetch', 'clean', 'dedup', 'classify', 'store']);

    expect(
      (await fetch(`${base(readOnly)}/queues/api/queues/fetch/${failedJobId}/retry`, { method: 'PUT' }))
        .status,
    ).toBeGreaterThanOrEqual(400);
    expect(await (await pipeline.queue('fetch').getJob(failedJobId))?.isFailed()).toBe(true);

    const retry = await fetch(`${base(open)}/queues/api/queues/fetch/${failedJobId}/retry`, {
      method: 'PUT',
    });
    expect(retry.status).toBe(204);
    expect(await (await pipeline.queue('fetch').getJob(failedJobId))?.getState()).toBe('waiting');
  });

  it('asks for the token when one is set, as Bearer or basic-auth password', async () => {
    const denied = await fetch(`${base(locked)}/api/articles`);
    expect(denied.status).toBe(401);
    expect(denied.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(
      (await fetch(`${base(locked)}/api/articles`, { headers: { authorization: `Bearer ${TOKEN}` } })).status,
    ).toBe(200);
    const basic = Buffer.from(`ops:${TOKEN}`).toString('base64');
    expect(
      (await fetch(`${base(locked)}/queues`, { headers: { authorization: `Basic ${basic}` } })).status,
    ).toBe(200);
    expect(
      (await fetch(`${base(locked)}/api/articles`, { headers: { authorization: 'Bearer wrong' } })).status,
    ).toBe(401);
  });

  it('refuses to listen beyond loopback without a token', async () => {
    await expect(startDashboard({ store, pipeline, log, host: '0.0.0.0', port: 0 })).rejects.toThrow(
      /NEWSFLOW_API_TOKEN/,
    );
  });
});
