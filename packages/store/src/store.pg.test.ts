import { Article, ErrorCode, PipelineError } from '@newsflow/schema';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Db } from './db.js';
import { loadMigrations } from './migrate.js';
import { openDb } from './open-db.js';
import { openStore, type Store, storeOver } from './open-store.js';
import { pgliteBackend, postgresBackend, recordingLog, type TestBackend } from './test-support/backends.js';
import { storeJob } from './test-support/store-job.js';
import { upsertArticle } from './upsert-article.js';

// PGlite's first open runs initdb (10 s or more on a slow machine).
vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

const url = (slug: string) => `https://news.example.com/2024/09/13/${slug}`;

describe.each<[string, TestBackend]>([
  ['postgres', postgresBackend()],
  ['pglite', pgliteBackend()],
])('store on %s', (kind, backend) => {
  let db: Db;
  let store: Store;
  const firstLog = recordingLog();

  const open = async (log = recordingLog()) => {
    ({ db } = await openDb(backend.options(log)));
    store = storeOver(db, kind === 'postgres' ? 'postgres' : 'pglite');
  };
  const migrationRows = () =>
    db.query('SELECT version, name, applied_at::text AS applied_at FROM schema_migrations ORDER BY version');

  beforeAll(async () => {
    await backend.setup();
    await open(firstLog);
  });
  afterAll(async () => {
    await store?.close();
    await backend.dispose();
  });

  it('applies each migration once, and nothing on reopen', async () => {
    const versions = (await loadMigrations()).map((m) => m.version);
    expect(firstLog.applied()).toEqual(versions);
    const before = await migrationRows();
    expect(before.map((r) => r.version)).toEqual(versions);

    await store.close();
    const again = recordingLog();
    const reopened = await openStore(backend.options(again));
    expect(reopened.kind).toBe(kind);
    await reopened.close();
    await open(again);
    expect(again.applied()).toEqual([]);
    expect(await migrationRows()).toEqual(before);
  });

  it('inlines the search configuration into the search vector, not a function call per row', async () => {
    // A call that cannot be inlined is parsed and planned again on every upsert (migration 010).
    const plan = await db.query<Record<string, string>>(
      'EXPLAIN VERBOSE SELECT newsflow_ts_config(language) FROM articles',
    );
    const text = plan.map((row) => Object.values(row)[0]).join('\n');
    expect(text).toContain("'english'::regconfig");
    expect(text).not.toContain('newsflow_ts_config');
  });

  if (kind === 'postgres')
    it('applies migrations once when storers start at once', async () => {
      const options = await backend.fresh();
      const logs = [recordingLog(), recordingLog(), recordingLog(), recordingLog()];
      const opened = await Promise.all(logs.map((log) => openStore({ ...options, log })));
      await Promise.all(opened.map((s) => s.close()));
      const versions = (await loadMigrations()).map((m) => m.version);
      expect(logs.flatMap((log) => log.applied()).sort((a, b) => Number(a) - Number(b))).toEqual(versions);
    });

  if (kind === 'postgres')
    it('reports an unreachable server as a retryable DATABASE error without the password', async () => {
      const error = await openStore({ databaseUrl: 'postgres://newsflow:hunter2@127.0.0.1:1/news' }).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(PipelineError);
      expect(error).toMatchObject({ code: ErrorCode.DATABASE, permanent: false });
      expect(error.message).toContain('newsflow:***@127.0.0.1:1');
      expect(error.message).not.toContain('hunter2');
    });

  if (kind === 'pglite')
    it('refuses a second open of the same data directory, naming the holder', async () => {
      await expect(openStore(backend.options())).rejects.toThrow(`in use by process ${process.pid}`);
      await store.ping(); // the failed opener left the holder's lock alone
    });

  it('inserts, then reports the same job as unchanged, then a changed one as updated', async () => {
    const job = storeJob(url('insert-update'));
    expect(await store.upsertArticle(job)).toEqual({ articleId: job.key, change: 'inserted' });
    expect(await store.upsertArticle(job)).toEqual({ articleId: job.key, change: 'unchanged' });
    const first = await store.getArticle(job.key);

    const refetched = storeJob(url('insert-update'), { fetchedAt: '2024-09-14T08:00:00.000Z' });
    expect((await store.upsertArticle(refetched)).change).toBe('unchanged');

    await new Promise((resolve) => setTimeout(resolve, 5));
    const edited = storeJob(url('insert-update'), { article: { title: 'Harbour bridge reopens early' } });
    expect(await store.upsertArticle(edited)).toEqual({ articleId: job.key, change: 'updated' });
    const second = await store.getArticle(job.key);
    expect(second?.title).toBe('Harbour bridge reopens early');
    expect(second?.storedAt).toBe(first?.storedAt);
    expect(second && first && second.updatedAt > first.updatedAt).toBe(true);
  });

  it('records a reprocess run on the same row: rev and trail always, updated_at only when the article changed', async () => {
    const trail = { cleaned: '2024-09-13T15:02:12.000Z', deduped: '2024-09-13T15:02:13.000Z' };
    const job = storeJob(url('reprocess'), {
      trail,
      rawBytes: 5120,
      rawContentType: 'text/html; charset=utf-8',
    });
    expect((await store.upsertArticle(job)).change).toBe('inserted');
    const first = await store.getArticle(job.key);
    expect(first).toMatchObject({ rev: null, rawBytes: 5120, rawContentType: 'text/html; charset=utf-8' });
    expect(first?.trail).toMatchObject(trail);
    expect(Date.parse(first?.trail.stored ?? '')).toBeGreaterThan(0);

    await new Promise((resolve) => setTimeout(resolve, 5));
    const rerun = { ...trail, classified: '2024-10-01T08:00:00.000Z' };
    const same = storeJob(url('reprocess'), { rev: 'r1', trail: rerun, rawBytes: 5120 });
    expect((await store.upsertArticle(same)).change).toBe('unchanged');
    const second = await store.getArticle(job.key);
    expect(second).toMatchObject({ rev: 'r1', updatedAt: first?.updatedAt, storedAt: first?.storedAt });
    expect(second?.trail.classified).toBe('2024-10-01T08:00:00.000Z');
    // Replaying the same run's job changes nothing.
    expect((await store.upsertArticle(same)).change).toBe('unchanged');
    expect((await store.getArticle(job.key))?.trail).toEqual(second?.trail);

    const reclassified = storeJob(url('reprocess'), {
      rev: 'r2',
      classification: { language: 'en', languageScore: 0.98, modelVersion: 'model-b' },
    });
    expect((await store.upsertArticle(reclassified)).change).toBe('updated');
    const third = await store.getArticle(job.key);
    expect(third).toMatchObject({ rev: 'r2', classifierVersion: 'model-b', storedAt: first?.storedAt });
    expect(third && second && third.updatedAt > second.updatedAt).toBe(true);
    expect(await db.query('SELECT id FROM articles WHERE id = $1', [job.key])).toHaveLength(1);
  });

  it('maps a stored row back to a valid Article with the job’s values', async () => {
    const job = storeJob(url('mapping'), {
      dedup: {
        canonicalUrl: url('mapping'),
        contentHash: 'a'.repeat(64),
        duplicateOf: 'f'.repeat(32),
        similarity: 0.93,
      },
    });
    await store.upsertArticle(job);
    const article = await store.getArticle(job.key);
    expect(Article.parse(article)).toEqual(article);
    expect(article).toMatchObject({
      id: job.key,
      url: job.url,
      finalUrl: job.finalUrl,
      canonicalUrl: url('mapping'),
      authors: ['Jane Doe', 'Ahmed Khan'],
      publishedAt: '2024-09-13T14:00:00+05:00',
      dateline: { place: 'KARACHI', agency: 'Reuters' },
      tags: ['transport', 'infrastructure'],
      language: 'en',
      duplicateOf: 'f'.repeat(32),
      similarity: 0.93,
      extractor: 'readability@0.6.0',
      fetchedAt: '2024-09-13T15:02:11.417Z',
    });
    expect(await store.getArticle('0'.repeat(32))).toBeNull();
  });

  it.each([
    ['an offset', '2024-09-13T14:00:00+05:00', '2024-09-13T09:00:00Z'],
    ['Z', '2024-09-13T09:00:00.250Z', '2024-09-13T09:00:00.25Z'],
    ['no offset', '2024-09-13T14:00:00', null],
    ['no date', null, null],
  ])('sets published_ts only for a date with %s', async (_name, publishedAt, instant) => {
    const job = storeJob(url(`published-${publishedAt}`), { article: { publishedAt } });
    await store.upsertArticle(job);
    const rows = await db.query(
      `SELECT to_char(published_ts AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.FF3"Z"') AS ts FROM articles WHERE id = $1`,
      [job.key],
    );
    const expected = instant && new Date(instant).toISOString();
    expect(rows[0]?.ts ?? null).toBe(expected);
    expect((await store.getArticle(job.key))?.publishedAt).toBe(publishedAt);
  });

  it('exports in (stored_at, id) order across batch boundaries, ties included', async () => {
    const jobs = [1, 2, 3, 4, 5].map((n) => storeJob(url(`export-${n}`)));
    for (const job of jobs) await store.upsertArticle(job);
    // One transaction: all five share now(), so only the id orders them.
    const tied = [1, 2, 3, 4, 5].map((n) => storeJob(url(`export-tied-${n}`)));
    await db.transaction(async (tx) => {
      for (const job of tied) await upsertArticle(tx, job);
    });

    const all: Article[] = [];
    for await (const article of store.exportArticles({ batchSize: 2 })) all.push(article);
    const reference = await db.query('SELECT id FROM articles ORDER BY stored_at, id');
    expect(all.map((a) => a.id)).toEqual(reference.map((r) => r.id));
    expect(all).toHaveLength(await store.countArticles());
    const tiedIds = tied.map((job) => job.key);
    expect(all.filter((a) => tiedIds.includes(a.id)).map((a) => a.id)).toEqual([...tiedIds].sort());
    expect(all.filter((a) => jobs.some((job) => job.key === a.id))).toHaveLength(5);

    const since = new Date(all.find((a) => a.id === jobs[2]?.key)?.storedAt ?? '');
    const recent: Article[] = [];
    for await (const article of store.exportArticles({ since, batchSize: 2 })) recent.push(article);
    expect(recent.map((a) => a.id)).toEqual(
      all.filter((a) => a.storedAt >= since.toISOString()).map((a) => a.id),
    );
    expect(recent.map((a) => a.id)).toContain(jobs[2]?.key);
  });

  it('exports and lists rows stored within one millisecond in microsecond order, none skipped', async () => {
    // Three articles in one millisecond whose ids sort against their microseconds: ordering by
    // the millisecond text (the select list's stored_at) put them in id order, which disagrees
    // with the cursor, so a page boundary between them skipped or repeated rows.
    const jobs = ['ms-c', 'ms-b', 'ms-a'].map((slug) => storeJob(url(slug)));
    for (const job of jobs) await store.upsertArticle(job);
    const ids = jobs.map((job) => job.key);
    const byId = [...ids].sort();
    // The largest id first, the smallest last.
    for (const [i, id] of [...byId].reverse().entries()) {
      await db.query(`UPDATE articles SET stored_at = $1::timestamptz WHERE id = $2`, [
        `2031-01-01T00:00:00.000${i + 1}00Z`,
        id,
      ]);
    }
    const expected = [...byId].reverse();
    const exported: string[] = [];
    const since = new Date('2031-01-01T00:00:00Z');
    for await (const article of store.exportArticles({ since, batchSize: 1 })) exported.push(article.id);
    expect(exported).toEqual(expected);

    const listed: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await store.listArticles({ limit: 1, cursor });
      listed.push(...page.articles.map((a) => a.id).filter((id) => ids.includes(id)));
      cursor = page.next ?? undefined;
    } while (cursor && listed.length < 3);
    expect(listed).toEqual([...expected].reverse());
  });

  it('stores one row when the same job is upserted 5 times at once', async () => {
    const job = storeJob(url('concurrent'));
    const before = await store.countArticles();
    const results = await Promise.all([1, 2, 3, 4, 5].map(() => store.upsertArticle(job)));
    expect(results.map((r) => r.change).sort()).toEqual([
      'inserted',
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(await store.countArticles()).toBe(before + 1);
  });

  it.each([`Robert'); DROP TABLE articles;--`, `$1 ' " \\ ; SELECT pg_sleep(10); /* -- */ E'\\x00'`])(
    'stores a title verbatim: %s',
    async (title) => {
      const job = storeJob(url(`inject-${title.length}`), { article: { title, tags: [title] } });
      await store.upsertArticle(job);
      expect(await store.getArticle(job.key)).toMatchObject({ title, tags: [title] });
    },
  );

  it('drops NUL characters, which PostgreSQL cannot store, instead of failing', async () => {
    const job = storeJob(url('nul'), { article: { title: 'a\u0000b', authors: ['c\u0000d'] } });
    await store.upsertArticle(job);
    expect(await store.getArticle(job.key)).toMatchObject({ title: 'ab', authors: ['cd'] });
  });
});
