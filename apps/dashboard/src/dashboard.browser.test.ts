import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
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
  // A page on another loopback origin (another port): what any site the operator visits can serve.
  let attacker: Server;
  let attackerBase = '';
  const attackerPage = (dashboard: string) => `<!doctype html><title>cute cats</title>
<form id="f" method="post" enctype="text/plain" action="${dashboard}/queues/api/queues/fetch/add">
<input name='{"name":"page","data":{"kind":"page","url":"https://attacker.example/form"},"x":"' value='"}'>
</form>
<script>
window.attempt = fetch('${dashboard}/queues/api/queues/fetch/add', {
  method: 'POST', mode: 'no-cors', credentials: 'include', headers: { 'content-type': 'text/plain' },
  body: JSON.stringify({ name: 'page', data: { kind: 'page', url: 'https://attacker.example/fetch' } }),
}).then(() => 'answered', () => 'unreadable');
</script>
<iframe id="framed" src="${dashboard}/"></iframe>`;

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
    attacker = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' }).end(attackerPage(base));
    });
    await new Promise<void>((resolve) => attacker.listen(0, '127.0.0.1', resolve));
    const attackerAddress = attacker.address();
    attackerBase = `http://127.0.0.1:${typeof attackerAddress === 'object' && attackerAddress ? attackerAddress.port : 0}`;
    browser = await chromium.launch({
      executablePath,
      args: [
        // DNS rebinding without DNS: this name resolves to the dashboard's address.
        '--host-resolver-rules=MAP rebound.attacker.test 127.0.0.1',
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
    attacker?.close();
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

  it('a page on another loopback origin cannot add a job, frame the dashboard, or rebind a DNS name to it', async () => {
    const fetchQueue = pipeline.queue('fetch');
    const jobs = () =>
      fetchQueue.getJobCountByTypes('waiting', 'delayed', 'prioritized', 'failed', 'completed');
    const before = await jobs();
    const page = await browser.newPage();
    const posts: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/fetch/add')) posts.push(request.method());
    });
    await page.goto(`${attackerBase}/`);
    // The no-cors answer is opaque (and Cross-Origin-Resource-Policy makes it a network error):
    // what counts is that the request left the browser and no job came of it.
    await page.evaluate('window.attempt');
    // The frame is refused by frame-ancestors 'none': it never shows the dashboard's page.
    const framed = page.frames().find((frame) => frame !== page.mainFrame());
    expect(framed).toBeDefined();
    expect(await framed?.evaluate('document.title').catch(() => 'blocked')).not.toBe('newsflow');
    // The form post navigates the page to the dashboard's answer.
    await Promise.all([
      page.waitForURL(`${base}/queues/api/queues/fetch/add`),
      page.evaluate("document.getElementById('f').submit()"),
    ]);
    expect(await page.locator('body').textContent()).toContain('CROSS_ORIGIN_REQUEST');
    expect(posts).toEqual(['POST', 'POST']);
    expect(await jobs()).toBe(before);

    // The same request from the dashboard's own page goes through: it is the origin that is refused.
    await page.goto(`${base}/`);
    const status = await page.evaluate(async () => {
      const res = await fetch('/queues/api/queues/fetch/add', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'page', data: { kind: 'page', url: 'https://news.example.org/own' } }),
      });
      return res.status;
    });
    expect(status).toBe(200);
    expect(await jobs()).toBe(before + 1);

    // A name that resolves to 127.0.0.1 is not the dashboard's name: 421, nothing served.
    const port = new URL(base).port;
    const rebound = await page.goto(`http://rebound.attacker.test:${port}/`);
    expect(rebound?.status()).toBe(421);
    expect(await page.locator('body').textContent()).toContain('HOST_NOT_ALLOWED');
    await page.close();
  }, 60_000);

  it('shows a javascript: URL stored before the schema refused them as text, not as a link', async () => {
    // Written with SQL: the schema no longer lets such a row in through the store.
    const url = new URL(ADMIN_URL);
    url.pathname = `/${database}`;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(`UPDATE articles SET canonical_url = $1, image_url = $1 WHERE title = $2`, [
      'javascript:alert(document.domain)//',
      'Library scraps late fees',
    ]);
    await client.end();
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${base}/`);
    await page.getByText('Library scraps late fees').click();
    await expect.poll(() => page.locator('#view h2').textContent()).toBe('Library scraps late fees');
    expect(await page.locator('#view .url').textContent()).toBe('javascript:alert(document.domain)//');
    expect(await page.locator('#view a').count()).toBe(0);
    await page.locator('#view .url').click();
    expect(dialogs).toEqual([]);
    await page.close();
  }, 60_000);
});
