import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedis, Pipeline } from '@newsflow/queue';
import type { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLI,
  createTestDatabase,
  FIXTURES,
  runCli,
  startProcess,
  TEST_REDIS_URL,
  testPrefix,
} from './test-support/cli-process.js';
import { sh } from './test-support/shell.js';

const WARC = join(FIXTURES, 'warc');

/** Record counts by reason of each fixture (see ../shared/fixtures/warc/README.md). */
const FIXTURE_COUNTS = [
  {
    file: 'commoncrawl-whirlwind-ccmain-2024-22.warc',
    records: 4,
    html: 1,
    queued: 1,
    skipped: { warcinfo: 1, request: 1, metadata: 1 },
  },
  { file: 'jwarc-commoncrawl-2019.warc.gz', records: 1, html: 1, queued: 1, skipped: {} },
  {
    file: 'dolma-wget-sample-0001.warc.gz',
    records: 34,
    html: 15,
    // allenai.org/ is captured 3 times: one article job, the 2 later copies skipped.
    queued: 13,
    skipped: { warcinfo: 1, request: 15, metadata: 1, 'non-html': 2, 'repeated-url': 2 },
  },
  {
    file: 'stormcrawler-archivewebpage-warc11.warc.gz',
    records: 42,
    html: 2,
    queued: 2,
    skipped: { warcinfo: 2, request: 20, revisit: 2, 'non-html': 16 },
  },
  {
    file: 'aut-issue-493-webrecorder-revisits.warc',
    records: 32,
    html: 5,
    queued: 4,
    skipped: { warcinfo: 2, request: 15, revisit: 5, 'non-html': 5, 'http-status': 1 },
  },
  {
    file: 'servo-qq-gb2312.warc.gz',
    records: 104,
    html: 21,
    queued: 2,
    skipped: { request: 52, 'non-html': 31, 'http-status': 19 },
  },
];

interface Summary {
  records: number;
  html: number;
  queued: number;
  stored?: number;
  duplicates?: number;
  failed: number;
  skipped: Record<string, number>;
  failures: { code: string; url: string | null; message: string }[];
}

function lastJson(stdout: string): Summary {
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '') as Summary;
}

/** Waits (up to 10 s) until `queue` holds at least `n` waiting jobs. */
async function untilWaiting(queue: Queue, n: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while ((await queue.getJobCountByTypes('waiting')) < n && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 100));
}

describe('newsflow import-warc', () => {
  let work: string;
  const prefixes: string[] = [];
  const drops: (() => Promise<void>)[] = [];
  const env = async (name: string, withDatabase: boolean) => {
    const prefix = testPrefix();
    prefixes.push(prefix);
    const values: Record<string, string> = {
      REDIS_URL: TEST_REDIS_URL,
      NEWSFLOW_QUEUE_PREFIX: prefix,
      NEWSFLOW_DATA_DIR: join(work, name),
    };
    if (withDatabase) {
      const db = await createTestDatabase();
      drops.push(db.drop);
      values.DATABASE_URL = db.url;
    }
    return values;
  };

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'newsflow-warc-'));
  });
  afterAll(async () => {
    const redis = createRedis(TEST_REDIS_URL, 'worker');
    for (const prefix of prefixes) {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.unlink(...keys);
    }
    await redis.quit();
    for (const drop of drops) await drop();
    await rm(work, { recursive: true, force: true });
  });

  it.each(FIXTURE_COUNTS)('counts the records of $file by reason', async (expected) => {
    const result = await runCli(
      ['import-warc', join(WARC, expected.file), '--json'],
      await env(expected.file, false),
    );
    expect(result.code).toBe(0);
    const summary = lastJson(result.stdout);
    expect(summary).toMatchObject({
      records: expected.records,
      html: expected.html,
      queued: expected.queued,
      failed: 0,
    });
    expect(summary.skipped).toEqual(expected.skipped);
  });

  it('stores every fixture’s articles with their WARC URL, WARC date and HTTP charset, piped through a shell', async () => {
    const values = await env('all', true);
    const files = FIXTURE_COUNTS.map((f) => JSON.stringify(join(WARC, f.file))).join(' ');
    const result = await sh(`newsflow import-warc ${files} --wait --json | tail -1`, values);
    expect(result.code, result.stderr).toBe(0);
    const summary = lastJson(result.stdout);
    expect(summary).toMatchObject({
      records: 217,
      html: 45,
      queued: 23,
      stored: 15,
      duplicates: 1,
      failed: 7,
    });
    // The pages that are not articles fail with the cleaner's reason, none for a WARC reason.
    expect(new Set(summary.failures.map((f) => f.code))).toEqual(new Set(['NOT_AN_ARTICLE']));
    const exported = await runCli(['export'], values);
    expect(exported.code).toBe(0);
    const articles = new Map(
      exported.stdout
        .trim()
        .split('\n')
        .map(
          (line) =>
            JSON.parse(line) as {
              url: string;
              fetchedAt: string;
              title: string;
              duplicateOf?: string | null;
            },
        )
        .map((a) => [a.url, a]),
    );
    // GB2312 decoded by the HTTP header's charset; dates from WARC-Date, not from now.
    expect(articles.get('https://www.qq.com/')).toMatchObject({
      title: '腾讯首页',
      fetchedAt: '2018-02-22T11:46:05.000Z',
    });
    expect(articles.get('https://an.wikipedia.org/wiki/Escopete')).toMatchObject({
      title: 'Escopete',
      fetchedAt: '2024-05-18T01:58:10.000Z',
    });
    // Wget's <angle-bracketed> WARC-Target-URI is read as the URL inside.
    expect(
      articles.get(
        'https://creativecommons.org/2024/04/23/cc-at-wipo-slow-progress-on-copyright-exceptions-for-cultural-heritage-institutions/',
      )?.fetchedAt,
    ).toBe('2024-04-25T16:27:49.000Z');
    expect(articles.get('https://stormcrawler.net/')?.fetchedAt).toBe('2023-11-16T10:11:51.825Z');
    expect(articles.get('http://commoncrawl.org/')?.fetchedAt).toBe('2019-12-10T10:00:01.000Z');
  });

  it('fails a truncated record with a reason and keeps the pages before it', async () => {
    const bytes = await readFile(join(WARC, 'dolma-wget-sample-0001.warc.gz'));
    const cut = join(work, 'cut.warc.gz');
    await writeFile(cut, bytes.subarray(0, 150_000));
    const result = await runCli(['import-warc', cut, '--wait', '--json'], await env('cut', true));
    expect(result.code, result.stderr).toBe(0);
    const summary = lastJson(result.stdout);
    expect(summary).toMatchObject({ records: 19, html: 9, queued: 7 });
    expect(summary.failures).toContainEqual({
      code: 'WARC_TRUNCATED',
      url: 'https://allenai.org/reviz',
      message: `${cut}: the file ends inside this record`,
    });
    expect(summary.stored).toBeGreaterThanOrEqual(5);
  });

  it('fails a damaged gzip member as malformed and keeps the records before it', async () => {
    const bytes = Buffer.from(await readFile(join(WARC, 'dolma-wget-sample-0001.warc.gz')));
    for (let i = 100_000; i < 100_400; i++) bytes[i] = ((bytes[i] ?? 0) * 7 + 13) % 256;
    const damaged = join(work, 'damaged.warc.gz');
    await writeFile(damaged, bytes);
    const result = await runCli(['import-warc', damaged, '--json'], await env('damaged', false));
    expect(result.code, result.stderr).toBe(0);
    const summary = lastJson(result.stdout);
    // allenai.org/ is captured twice before the damage: 5 article jobs for the 6 pages.
    expect(summary).toMatchObject({ html: 6, queued: 5, failed: 1 });
    expect(summary.failures.map((f) => f.code)).toEqual(['WARC_MALFORMED']);
  });

  it('holds the reader while the clean queue is at FETCH_MAX_CLEAN_BACKLOG (no whole file in Redis)', async () => {
    const values: Record<string, string> = { ...(await env('backlog', false)), FETCH_MAX_CLEAN_BACKLOG: '3' };
    // No workers run: the clean queue never drains, so the import must stop at 3 waiting pages.
    const child = startProcess(CLI, ['import-warc', join(WARC, 'dolma-wget-sample-0001.warc.gz')], values);
    const connection = createRedis(TEST_REDIS_URL, 'worker');
    const pipeline = new Pipeline(connection, values.NEWSFLOW_QUEUE_PREFIX ?? '');
    try {
      const clean = pipeline.queue('clean');
      await untilWaiting(clean, 3);
      await new Promise((r) => setTimeout(r, 1_500));
      expect(await clean.getJobCountByTypes('waiting')).toBe(3);
      expect(child.exitCode).toBeNull();
    } finally {
      child.kill('SIGTERM');
      await pipeline.close();
      await connection.quit();
    }
  });

  it('--resume picks an interrupted import up at its checkpoint, without doubling a page', async () => {
    const values: Record<string, string> = { ...(await env('resume', false)), FETCH_MAX_CLEAN_BACKLOG: '3' };
    const file = join(WARC, 'dolma-wget-sample-0001.warc.gz');
    const child = startProcess(CLI, ['import-warc', file], values);
    const connection = createRedis(TEST_REDIS_URL, 'worker');
    const pipeline = new Pipeline(connection, values.NEWSFLOW_QUEUE_PREFIX ?? '');
    try {
      const clean = pipeline.queue('clean');
      await untilWaiting(clean, 3);
      await new Promise((r) => setTimeout(r, 500));
      // Interrupted while held by the backlog, as Ctrl-C would.
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
      const resumed = await runCli(['import-warc', file, '--resume', '--json'], {
        ...values,
        FETCH_MAX_CLEAN_BACKLOG: '0',
      });
      expect(resumed.code, resumed.stderr).toBe(0);
      const summary = lastJson(resumed.stdout) as Summary & { resumed: Record<string, number> };
      expect(summary.resumed[file]).toBeGreaterThan(0);
      expect(summary.records).toBeLessThan(34);
      // 13 distinct pages in the file: the first run queued some, the resumed one the rest.
      expect(await clean.getJobCountByTypes('waiting')).toBe(13);
      // The file is done: its checkpoint is gone, so --resume reads it from the start again.
      const again = await runCli(['import-warc', file, '--resume', '--json'], {
        ...values,
        FETCH_MAX_CLEAN_BACKLOG: '0',
      });
      expect(lastJson(again.stdout)).toMatchObject({ records: 34, resumed: {} });
    } finally {
      child.kill('SIGTERM');
      await pipeline.close();
      await connection.quit();
    }
  });

  it('fails a page over FETCH_MAX_BYTES as WARC_TOO_LARGE and keeps the others', async () => {
    // The Wikipedia capture decodes to 72,848 bytes, the commoncrawl.org one to 20,289.
    const values: Record<string, string> = { ...(await env('large', false)), FETCH_MAX_BYTES: '50000' };
    const files = ['commoncrawl-whirlwind-ccmain-2024-22.warc', 'jwarc-commoncrawl-2019.warc.gz'];
    const result = await runCli(['import-warc', ...files.map((f) => join(WARC, f)), '--json'], values);
    expect(result.code, result.stderr).toBe(0);
    const summary = lastJson(result.stdout);
    expect(summary).toMatchObject({ records: 5, html: 2, queued: 1, failed: 1 });
    expect(summary.failures).toEqual([
      {
        code: 'WARC_TOO_LARGE',
        url: 'https://an.wikipedia.org/wiki/Escopete',
        message: `${join(WARC, files[0] ?? '')}: body over 50000 bytes (FETCH_MAX_BYTES)`,
      },
    ]);
  });

  it('refuses no file with a usage error, and reports a missing file as unreadable', async () => {
    const none = await runCli(['import-warc'], await env('none', false));
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/give at least one WARC file/);
    const missing = join(work, 'missing.warc');
    const kept = join(work, 'kept.warc');
    await copyFile(join(WARC, 'jwarc-commoncrawl-2019.warc.gz'), kept);
    const result = await runCli(['import-warc', missing, kept, '--json'], await env('missing', false));
    const summary = lastJson(result.stdout);
    expect(summary).toMatchObject({ records: 2, html: 1, queued: 1, failed: 1 });
    expect(summary.failures[0]).toMatchObject({ code: 'WARC_UNREADABLE' });
    expect(summary.failures[0]?.message).toMatch(/ENOENT/);
  });
});
