import { once } from 'node:events';
import { createWriteStream, readdirSync } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, runCli } from './test-support/cli-process.js';
import { sh } from './test-support/shell.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
const PDF = Buffer.from(
  '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n',
  'latin1',
);
/** 4.8 MB of unclosed elements: seconds of extraction, past a 500 ms limit. */
const SLOW_PAGE = `<html><body>${'<div><span>x'.repeat(400_000)}</body></html>`;

/** A gzip file of about 1 MB that expands to 1 GiB of `a`, written a MiB at a time. */
async function gzipBomb(path: string): Promise<void> {
  const gzip = createGzip({ level: 9 });
  const done = once(gzip.pipe(createWriteStream(path)), 'finish');
  const chunk = Buffer.alloc(1 << 20, 0x61);
  for (let i = 0; i < 1024; i++) if (!gzip.write(chunk)) await once(gzip, 'drain');
  gzip.end();
  await done;
}

describe("newsflow extract applies the clean stage's limits", () => {
  let work: string;
  const env = (extra: Record<string, string> = {}) => ({ NEWSFLOW_DATA_DIR: join(work, 'data'), ...extra });

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'newsflow-extract-'));
    await gzipBomb(join(work, 'bomb.html.gz'));
    await writeFile(join(work, 'scripts.html'), `<html><body>${'<script'.repeat(20_000)}</body></html>`);
    await writeFile(join(work, 'slow.html'), SLOW_PAGE);
    await writeFile(join(work, 'paper.pdf'), PDF);
    await writeFile(join(work, 'photo.png'), PNG);
  });
  afterAll(async () => {
    await rm(work, { recursive: true, force: true });
  });

  it('a 1 MB .gz that expands to 1 GiB fails with TOO_LARGE at once, from a file and from stdin', async () => {
    expect((await stat(join(work, 'bomb.html.gz'))).size).toBeLessThan(1_100_000);
    const started = Date.now();
    const run = await sh(
      'newsflow extract bomb.html.gz; echo "status $?"; newsflow extract - < bomb.html.gz',
      env(),
      work,
    );
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(run.stdout).toMatch(/^status 1$/m);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      /^newsflow extract: TOO_LARGE: bomb\.html\.gz decompresses to over the 10485760-byte limit/m,
    );
    expect(run.stderr).toMatch(/^newsflow extract: TOO_LARGE: stdin decompresses to over/m);
  });

  it('a plain file over FETCH_MAX_BYTES fails with TOO_LARGE, and so does ingest --text', async () => {
    const limit = { FETCH_MAX_BYTES: '100000' };
    const extract = await runCli(['extract', join(work, 'slow.html')], env(limit));
    expect(extract.code).toBe(1);
    expect(extract.stderr).toMatch(/TOO_LARGE: .*slow\.html is over the 100000-byte limit/);
    const ingest = await runCli(
      ['ingest', '--text', join(work, 'slow.html'), '--url', 'https://news.example/slow'],
      env({ ...limit, REDIS_URL: 'redis://127.0.0.1:1' }), // refused before any Redis is needed
    );
    expect(ingest.stderr).toMatch(/TOO_LARGE/);
  });

  it('140 KB of repeated <script is not an article, well inside the time limit', async () => {
    const started = Date.now();
    const run = await runCli(['extract', join(work, 'scripts.html')], env({ CLEAN_TIMEOUT_MS: '10000' }));
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ isArticle: false, text: '' });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('a page that extracts longer than CLEAN_TIMEOUT_MS fails with TIMEOUT', async () => {
    const run = await runCli(['extract', join(work, 'slow.html')], env({ CLEAN_TIMEOUT_MS: '500' }));
    expect(run.stderr).toMatch(/^newsflow extract: TIMEOUT: extracting the page took longer than 500 ms/m);
    expect(run.code).toBe(1);
  });

  it.each([
    ['paper.pdf', 'a PDF document'],
    ['photo.png', 'a PNG image'],
  ])('%s fails with UNSUPPORTED_CONTENT_TYPE, as the clean stage fails it', async (file, kind) => {
    const run = await sh(
      `newsflow extract ${file}; echo "status $?"; newsflow extract - < ${file}`,
      env(),
      work,
    );
    expect(run.stdout).toMatch(/^status 1$/m);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(
      `newsflow extract: UNSUPPORTED_CONTENT_TYPE: ${file} is ${kind}, not a page`,
    );
    expect(run.stderr).toContain(`newsflow extract: UNSUPPORTED_CONTENT_TYPE: stdin is ${kind}, not a page`);
  });

  it('--jsonl gives an over-large or too-slow page its error line with the code, and carries on', async () => {
    const page = readdirSync(join(FIXTURES, 'extraction')).find((f) => f.endsWith('.html.gz')) ?? '';
    const { gunzipSync } = await import('node:zlib');
    const { readFileSync } = await import('node:fs');
    const html = gunzipSync(readFileSync(join(FIXTURES, 'extraction', page))).toString('utf8');
    const input = [
      JSON.stringify({ id: 'slow', html: SLOW_PAGE }),
      JSON.stringify({ id: 'huge', html: 'x'.repeat(6_000_000) }),
      JSON.stringify({ id: 'fine', html }),
    ].join('\n');
    const run = await runCli(
      ['extract', '--jsonl'],
      env({ CLEAN_TIMEOUT_MS: '500', FETCH_MAX_BYTES: '5000000' }),
      input,
    );
    expect(run.code).toBe(0);
    const rows = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(['slow', 'huge', 'fine']);
    expect(rows[0].error).toMatch(/TIMEOUT: extracting the page took longer than 500 ms/);
    expect(rows[1].error).toMatch(/TOO_LARGE: page huge is 6000000 bytes, over the 5000000-byte limit/);
    expect(rows[2].isArticle).toBe(true);
    expect(rows[2].language).toMatch(/^[a-z]{2,3}$/);
  });

  it.each([['dedup'], ['extract']])(
    '%s --jsonl answers a line over 2 × FETCH_MAX_BYTES with TOO_LARGE in its place, without buffering it',
    async (command) => {
      const text = 'The harbour bridge reopened to traffic on Friday after eight months of repairs.';
      const input = [
        JSON.stringify({ id: 'before', text, html: `<p>${text}</p>` }),
        JSON.stringify({ id: 'huge', text: 'x'.repeat(300_000) }),
        JSON.stringify({ id: 'after', text, html: `<p>${text}</p>` }),
      ].join('\n');
      const run = await runCli([command, '--jsonl'], env({ FETCH_MAX_BYTES: '100000' }), input);
      expect(run.code).toBe(0);
      const rows = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(rows.map((r) => r.id)).toEqual(['before', null, 'after']);
      expect(rows[1].error).toBe(
        'line 2: TOO_LARGE: 300023 bytes, over the 200000-byte line limit (2 × FETCH_MAX_BYTES)',
      );
      expect(rows[0].error).toBeUndefined();
      expect(rows[2].error).toBeUndefined();
    },
  );

  it("a page's output includes its language, as the README lists", async () => {
    const seed = join(FIXTURES, 'seed', 'urdupoint-shoigu-kim.txt');
    const run = await runCli(['extract', seed], env());
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ isArticle: true, language: 'en' });
  });
});
