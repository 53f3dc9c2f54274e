import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import { createRedis, Pipeline } from '@newsflow/queue';
import { articleKey, StoreJob } from '@newsflow/schema';
import { openStore, type Store } from '@newsflow/store';
import { UnrecoverableError, Worker } from 'bullmq';
import pg from 'pg';
import { pino } from 'pino';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDashboard } from './server.js';
import { ensureChromium } from './test-support/ensure-chromium.js';

const ADMIN_URL = process.env.NEWSFLOW_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  await client.query(sql);
  await client.end();
}

function job(url: string, title: string, text: string) {
  return StoreJob.parse({
    key: articleKey(url),
    url,
    finalUrl: url,
    fetchedAt: '2024-09-13T10:00:00.000Z',
    rawRef: null,
    article: { title, authors: ['Idris Okafor'], publishedAt: '2024-09-13T09:00:00Z', text },
    extractor: { name: 'test', version: '0' },
    dedup: { canonicalUrl: url, contentHash: 'd'.repeat(64), duplicateOf: null, similarity: null },
    classification: { language: 'en', languageScore: 0.9 },
  });
}

describe('the dashboard in a real browser (Chromium)', () => {
  const database = `newsflow_browser_${randomBytes(4).toString('hex')}`;
  const prefix = `{nftest-${randomBytes(4).toString('hex')}}`;
  const connection = createRedis(REDIS_URL, 'worker');
  const pipeline = new Pipeline(connection, prefix);
  let store: Store;
  let server: Server;
  let browser: Browser;
  let base = '';
  let failedJobId = '';

  beforeAll(async () => {
    const executablePath = ensureChromium();
    await admin(`CREATE DATABASE ${database}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    store = await openStore({ databaseUrl: url.toString() });
    await store.upsertArticle(
      job(
        'https://news.example.org/bridge',
        'Harbour bridge reopens',
        'The bridge reopened on Friday after two years.',
      ),
    );
    await store.upsertArticle(
      job('https://news.example.org/library', 'Library scraps late fees', 'Books came back to the shelves.'),
    );
    const failed = await pipeline
      .queue('fetch')
      .add('page', { kind: 'page', url: 'https://news.example.org/missing-page' });
    failedJobId = failed.id ?? '';
    const worker = new Worker(
      'fetch',
      async () => {
        throw new UnrecoverableError(
          'HTTP_NOT_FOUND: HTTP 404 Not Found for https://news.example.org/missing-page',
        );
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
    server = await startDashboard({
      store,
      pipeline,
      log: pino({ level: 'silent' }),
      host: '127.0.0.1',
      port: 0,
    });
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    browser = await chromium.launch({
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
    await store?.close();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await pipeline.queue('fetch').obliterate({ force: true });
    await pipeline.close();
    await connection.quit();
  });

  it('searches, opens an article, and retries a failed job from Bull Board', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/`);
    await expect.poll(() => page.locator('#results li').count()).toBe(2);

    await page.getByLabel('Search articles').fill('bridge');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect
      .poll(() => page.locator('#results li').allTextContents())
      .toEqual([expect.stringContaining('Harbour bridge reopens')]);
    await page.locator('#results li').first().click();
    await expect.poll(() => page.locator('#view h2').textContent()).toBe('Harbour bridge reopens');
    expect(await page.locator('#view .trail').textContent()).toMatch(/^fetched .* → stored /);

    await page.goto(`${base}/queues/queue/fetch?status=failed`);
    await page.getByText('missing-page').first().waitFor({ timeout: 20_000 });
    // The job card's retry button (an icon: Bull Board gives it no text), then its confirmation.
    await page.locator('[class*=card] button:has(svg.lucide-refresh-cw)').first().click();
    const dialog = page.getByRole('alertdialog');
    expect(await dialog.getByRole('heading').textContent()).toBe('Are you sure?');
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await expect
      .poll(async () => (await pipeline.queue('fetch').getJob(failedJobId))?.getState(), { timeout: 10_000 })
      .toBe('waiting');
    await page.close();
  }, 120_000);
});
