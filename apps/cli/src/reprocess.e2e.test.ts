import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createTestDatabase,
  FIXTURES,
  runCli,
  TEST_REDIS_URL,
  testPrefix,
} from './test-support/cli-process.js';
import { fixturePages, type NewsSite, serveNewsSite } from './test-support/news-site.js';

const PAGES = fixturePages(3);
const BBC_LABELS = ['business', 'entertainment', 'politics', 'sport', 'tech'];

interface Exported {
  id: string;
  url: string;
  rev: string | null;
  extractor: string;
  classifierVersion: string | null;
  duplicateOf: string | null;
  clusterId: string | null;
  storedAt: string;
  updatedAt: string;
  fetchedAt: string;
  topics: { label: string }[];
  trail: { cleaned?: string; deduped?: string; classified?: string; stored?: string };
}

describe('newsflow reprocess (CLI processes, real Redis and PostgreSQL)', () => {
  let site: NewsSite;
  let env: Record<string, string>;
  let dir: string;
  let dropDb: () => Promise<void>;
  let first: Exported[];

  const exported = async (): Promise<Exported[]> =>
    (await runCli(['export'], env)).stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
  const byId = (articles: Exported[]) => new Map(articles.map((a) => [a.id, a]));

  beforeAll(async () => {
    site = await serveNewsSite(PAGES);
    const db = await createTestDatabase();
    dropDb = db.drop;
    dir = await mkdtemp(join(tmpdir(), 'newsflow-reprocess-'));
    env = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: db.url,
      NEWSFLOW_QUEUE_PREFIX: testPrefix(),
      NEWSFLOW_DATA_DIR: dir,
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
      FETCH_HOST_DELAY_MS: '0',
      FETCH_TIMEOUT_MS: '5000',
    };
    const ingest = await runCli(['ingest', site.feedUrl, '--wait', '--json'], env);
    expect(ingest.code, ingest.stderr).toBe(0);
    expect(JSON.parse(ingest.stdout)).toMatchObject({ inserted: PAGES.length, failed: 0 });
    first = await exported();
  });

  afterAll(async () => {
    await site?.close();
    await dropDb?.();
    await rm(dir, { recursive: true, force: true });
  });

  it('records each stage of the first pass in the trail, in flow order', () => {
    expect(first).toHaveLength(PAGES.length);
    for (const a of first) {
      const { cleaned, deduped, classified, stored } = a.trail;
      const times = [a.fetchedAt, cleaned, deduped, classified, stored].map((t) => Date.parse(t ?? ''));
      expect(times.every(Number.isFinite), JSON.stringify(a.trail)).toBe(true);
      expect([...times].sort((x, y) => x - y)).toEqual(times);
      expect(a.rev).toBeNull();
      expect(a.extractor).toMatch(/^newsflow-clean@\d/);
    }
  });

  it('lists what it would reprocess with --dry-run and enqueues nothing', async () => {
    const dry = await runCli(['reprocess', '--stage', 'clean', '--since', '1h', '--dry-run'], env);
    expect(dry.code, dry.stderr).toBe(0);
    for (const a of first) expect(dry.stdout).toContain(`would reprocess ${a.id} ${a.url}`);
    expect(dry.stdout).toContain(
      `${PAGES.length} article(s) would go through clean → dedup → classify → store`,
    );
    const status = (await runCli(['status', '--json'], env)).stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(status.find((r) => r.queue === 'clean')).toMatchObject({ completed: PAGES.length, waiting: 0 });
  });

  it('re-extracts from the archived page without fetching, and updates each article in place', async () => {
    const hits = PAGES.map((p) => site.hits.get(`/news/${p.id}`));
    const run = await runCli(['reprocess', '--stage', 'clean', '--since', '1h', '--wait', '--json'], env);
    expect(run.code, run.stderr).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(summary).toMatchObject({ failed: 0, pending: 0, duplicate: 0, stored: PAGES.length });
    expect(PAGES.map((p) => site.hits.get(`/news/${p.id}`))).toEqual(hits);

    const after = await exported();
    expect(after).toHaveLength(PAGES.length);
    const before = byId(first);
    const revs = new Set(after.map((a) => a.rev));
    expect(revs.size).toBe(1);
    const [rev] = revs;
    expect(rev).toMatch(/^r\d{8}T\d{6}Z-[0-9a-f]{4}$/);
    for (const a of after) {
      const old = before.get(a.id);
      expect(old, a.url).toBeDefined();
      // Not a duplicate of its own earlier pass; same row, first stored time kept.
      expect(a).toMatchObject({ duplicateOf: null, clusterId: a.id, storedAt: old?.storedAt });
      expect(Date.parse(a.trail.cleaned ?? '')).toBeGreaterThan(Date.parse(old?.trail.stored ?? ''));
      expect(Date.parse(a.trail.stored ?? '')).toBeGreaterThanOrEqual(Date.parse(a.trail.classified ?? ''));
    }

    // A second run is a new generation: it runs again, and the articles are still stored once.
    const again = await runCli(['reprocess', '--stage', 'dedup', '--since', '1h', '--wait', '--json'], env);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ failed: 0, duplicate: 0, stored: PAGES.length });
    const third = await exported();
    expect(third).toHaveLength(PAGES.length);
    expect(new Set(third.map((a) => a.rev)).size).toBe(1);
    expect(third[0]?.rev).not.toBe(rev);
  });

  it('re-classifies with a new model file and records the new model version', async () => {
    const rows = (await readFile(join(FIXTURES, 'classification', 'bbc-news', 'dev.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .filter((_, i) => i % 4 === 0);
    const data = join(dir, 'bbc.jsonl');
    const model = join(dir, 'bbc-model.json');
    await writeFile(data, `${rows.join('\n')}\n`);
    const train = await runCli(['train-classifier', '--data', data, '--out', model], {});
    expect(train.code, train.stderr).toBe(0);
    const version = JSON.parse(await readFile(model, 'utf8')).version as string;
    expect(first.every((a) => a.classifierVersion !== version)).toBe(true);

    const run = await runCli(['reprocess', '--stage', 'classify', '--since', '1h', '--wait', '--json'], {
      ...env,
      CLASSIFIER_MODEL_PATH: model,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ failed: 0, updated: PAGES.length });
    const after = await exported();
    expect(after).toHaveLength(PAGES.length);
    for (const a of after) {
      expect(a.classifierVersion).toBe(version);
      expect(BBC_LABELS).toContain(a.topics[0]?.label);
      expect(a.updatedAt > (byId(first).get(a.id)?.updatedAt ?? '')).toBe(true);
    }

    // `search --topic` finds an article by a word of its text only under its own topic label.
    const target = after[0] as Exported & { text: string };
    const word = (target.text.match(/\p{L}{6,}/gu) ?? [])[0] ?? '';
    const label = target.topics[0]?.label ?? '';
    const other = BBC_LABELS.find((l) => !target.topics.some((t) => t.label === l)) ?? 'none';
    const found = await runCli(['search', word, '--topic', label, '--json'], env);
    expect(found.code, found.stderr).toBe(0);
    expect(
      found.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).id),
    ).toContain(target.id);
    const elsewhere = await runCli(['search', word, '--topic', other, '--json'], env);
    expect(elsewhere.stdout).not.toContain(target.id);
  });

  it('selects by source, and refuses a stage it cannot start from', async () => {
    const none = await runCli(
      ['reprocess', '--stage', 'dedup', '--since', '1h', '--source', 'no-such-source', '--json'],
      env,
    );
    expect(none.code, none.stderr).toBe(0);
    expect(JSON.parse(none.stdout)).toMatchObject({ stage: 'dedup', enqueued: 0, skipped: 0 });
    const bad = await runCli(['reprocess', '--stage', 'fetch', '--since', '1h'], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--stage must be clean, dedup or classify');
  });
});
