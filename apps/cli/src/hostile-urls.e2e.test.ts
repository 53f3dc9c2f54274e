import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedis } from '@newsflow/queue';
import { freePort } from '@newsflow/queue/testing';
import { Queue } from 'bullmq';
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
 * Issue 17 (4): `javascript:` URLs reached the article browser. A page whose canonical, og:image
 * and img src are `javascript:` goes through the whole pipeline (`newsflow ingest --wait`) and
 * comes out of `/api/articles` (served by `newsflow serve`) with none of them; a store job pushed
 * by hand with a `javascript:` canonicalUrl fails INVALID_PAYLOAD naming the field.
 */

const JS = 'javascript:alert(document.domain)//';
const PARAGRAPHS = [
  'The harbour bridge reopened to traffic on Friday after two years of repairs, the city said.',
  'Engineers replaced the deck and both expansion joints, and the council spent about 40 million.',
  'Cyclists get a lane of their own on the north side, and the footpath was widened by a metre.',
];
const HOSTILE_PAGE = `<!doctype html><html lang="en"><head><title>Harbour bridge reopens</title>
<link rel="canonical" href="${JS}"><meta property="og:image" content="${JS}">
<meta property="og:title" content="Harbour bridge reopens"></head><body><article>
<h1>Harbour bridge reopens</h1><p>${PARAGRAPHS[0]}</p><figure><img src="${JS}"><figcaption>The deck.</figcaption>
</figure><p>${PARAGRAPHS[1]}</p><p>${PARAGRAPHS[2]}</p></article></body></html>`;

describe('javascript: URLs never become links', () => {
  let env: Record<string, string>;
  let dataDir: string;
  let dropDb: () => Promise<void>;
  let site: Server;
  let pageUrl = '';
  const prefix = testPrefix();
  const connection = createRedis(TEST_REDIS_URL, 'producer');
  const storeQueue = new Queue('store', { connection, prefix });

  beforeAll(async () => {
    const db = await createTestDatabase();
    dropDb = db.drop;
    dataDir = await mkdtemp(join(tmpdir(), 'newsflow-jsurl-'));
    site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HOSTILE_PAGE);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const address = site.address();
    pageUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/2024/bridge`;
    env = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: db.url,
      NEWSFLOW_QUEUE_PREFIX: prefix,
      NEWSFLOW_DATA_DIR: dataDir,
      FETCH_ALLOW_PRIVATE_NETWORKS: 'true',
      FETCH_HOST_DELAY_MS: '0',
    };
  });

  afterAll(async () => {
    site?.close();
    await storeQueue.obliterate({ force: true }).catch(() => {});
    await storeQueue.close();
    await connection.quit();
    await dropDb?.();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('a page with javascript: canonical, og:image and img src is stored without them, and the API says so', async () => {
    const ingest = await runCli(['ingest', pageUrl, '--wait', '--json'], env);
    expect(ingest.code, ingest.stderr).toBe(0);

    const port = await freePort();
    const serve = startProcess(CLI, ['serve', '--port', String(port)], env);
    try {
      for (let i = 0; i < 150 && !serve.output().includes('"serving"'); i++) {
        await new Promise((r) => setTimeout(r, 100));
      }
      const list = (await (await fetch(`http://127.0.0.1:${port}/api/articles`)).json()) as {
        articles: { id: string; canonicalUrl: string; imageUrl: string | null; title: string }[];
      };
      expect(list.articles).toHaveLength(1);
      const [stored] = list.articles;
      expect(stored).toMatchObject({
        title: 'Harbour bridge reopens',
        canonicalUrl: pageUrl,
        imageUrl: null,
      });
      const one = (await (await fetch(`http://127.0.0.1:${port}/api/articles/${stored?.id}`)).json()) as {
        images: unknown[];
      };
      expect(one.images).toEqual([]);
      expect(JSON.stringify(one)).not.toMatch(/javascript:/i);
    } finally {
      serve.kill('SIGTERM');
    }
  }, 60_000);

  it('a hand-pushed store job with a javascript: canonicalUrl fails INVALID_PAYLOAD naming the field', async () => {
    const url = 'https://news.example.org/planted';
    const job = await storeQueue.add('store', {
      key: 'e'.repeat(32),
      url,
      finalUrl: url,
      fetchedAt: '2024-09-13T10:00:00.000Z',
      rawRef: null,
      article: { title: 'Planted', authors: [], publishedAt: null, text: PARAGRAPHS.join('\n\n') },
      extractor: { name: 'hand', version: '1' },
      dedup: { canonicalUrl: JS, contentHash: 'f'.repeat(64), duplicateOf: null, similarity: null },
      classification: { language: 'en', languageScore: 0.9 },
    });
    const worker = startProcess(CLI, ['worker', 'store'], env);
    try {
      let state = '';
      for (let i = 0; i < 200 && state !== 'failed'; i++) {
        await new Promise((r) => setTimeout(r, 100));
        state = await storeQueue.getJobState(job.id ?? '');
      }
      expect(state, worker.output()).toBe('failed');
      const failed = await storeQueue.getJob(job.id ?? '');
      expect(failed?.failedReason).toMatch(
        /^INVALID_PAYLOAD: .*dedup\.canonicalUrl: an absolute http\(s\) URL/,
      );
      expect(failed?.attemptsMade).toBe(1);
    } finally {
      worker.kill('SIGTERM');
    }
    const exported = await runCli(['export'], env);
    expect(exported.stdout).not.toContain('Planted');
  }, 60_000);
});
