import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRedis, Pipeline } from '@newsflow/queue';
import { freePort } from '@newsflow/queue/testing';
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
 * Issue 17 (3, 5): `newsflow serve` on loopback without a token, attacked the way a web page
 * the operator visits would: a re-pointed DNS name (Host: attacker.example), a cross-site
 * text/plain POST to Bull Board's add-job route, framing; and started the ways that used to
 * pass silently (a port in use, a "loopback" host that is a DNS name).
 */

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** node:http, not fetch: fetch will not send a Host header of our choosing. */
function send(
  port: number,
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const ADD_JOB = JSON.stringify({
  name: 'page',
  data: { kind: 'page', url: 'https://attacker.example/planted' },
  options: {},
});

describe('newsflow serve against a hostile web page', () => {
  let env: Record<string, string>;
  let dataDir: string;
  let dropDb: () => Promise<void>;
  let serve: ReturnType<typeof startProcess>;
  let port = 0;
  const prefix = testPrefix();
  const connection = createRedis(TEST_REDIS_URL, 'producer');
  const pipeline = new Pipeline(connection, prefix);
  const fetchJobs = () => pipeline.queue('fetch').getJobCountByTypes('waiting', 'delayed', 'prioritized');

  beforeAll(async () => {
    const db = await createTestDatabase();
    dropDb = db.drop;
    dataDir = await mkdtemp(join(tmpdir(), 'newsflow-dash-'));
    env = {
      REDIS_URL: TEST_REDIS_URL,
      DATABASE_URL: db.url,
      NEWSFLOW_QUEUE_PREFIX: prefix,
      NEWSFLOW_DATA_DIR: dataDir,
      DASHBOARD_ALLOWED_HOSTS: 'news-dashboard.internal, proxy.example.org:8443',
    };
    port = await freePort();
    serve = startProcess(CLI, ['serve', '--port', String(port)], env);
    for (let i = 0; i < 150 && !serve.output().includes('"serving"'); i++) {
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(serve.output()).toContain('"serving"');
  }, 30_000);

  afterAll(async () => {
    serve?.kill('SIGTERM');
    await pipeline.queue('fetch').obliterate({ force: true });
    await pipeline.close();
    await connection.quit();
    await dropDb?.();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('answers a re-pointed DNS name (Host: attacker.example) 421 HOST_NOT_ALLOWED', async () => {
    for (const path of ['/', '/api/articles', '/queues/api/queues']) {
      const answer = await send(port, path, { headers: { host: `attacker.example:${port}` } });
      expect(answer.status, path).toBe(421);
      expect(JSON.parse(answer.body)).toMatchObject({
        code: 'HOST_NOT_ALLOWED',
        error: expect.stringContaining('DASHBOARD_ALLOWED_HOSTS'),
      });
    }
    // A "loopback-looking" DNS name is a name like any other.
    expect((await send(port, '/', { headers: { host: `127.0.0.1.nip.io:${port}` } })).status).toBe(421);
  });

  it('serves its own names: the bound address, localhost and DASHBOARD_ALLOWED_HOSTS', async () => {
    for (const host of [
      `127.0.0.1:${port}`,
      `localhost:${port}`,
      `[::1]:${port}`,
      'news-dashboard.internal',
      'proxy.example.org:8443',
      'PROXY.example.org.',
    ]) {
      expect((await send(port, '/api/queues', { headers: { host } })).status, host).toBe(200);
    }
  });

  it('refuses a cross-site text/plain POST to Bull Board’s add-job route: 403, no job', async () => {
    const before = await fetchJobs();
    const attempts: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site', origin: 'http://attacker.example' },
      // Another port on loopback is the same site, not the same origin.
      { 'sec-fetch-site': 'same-site', origin: 'http://127.0.0.1:9' },
      // A browser that sends no Sec-Fetch-Site still sends Origin.
      { origin: 'http://attacker.example' },
      { origin: 'null' },
    ];
    for (const headers of attempts) {
      const answer = await send(port, '/queues/api/queues/fetch/add', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', host: `127.0.0.1:${port}`, ...headers },
        body: ADD_JOB,
      });
      expect(answer.status, JSON.stringify(headers)).toBe(403);
      expect(JSON.parse(answer.body)).toMatchObject({ code: 'CROSS_ORIGIN_REQUEST' });
    }
    // Retry, clean and remove are guarded the same way.
    const retry = await send(port, '/queues/api/queues/fetch/retry/failed', {
      method: 'PUT',
      headers: { 'sec-fetch-site': 'cross-site', origin: 'http://attacker.example' },
    });
    expect(retry.status).toBe(403);
    expect(await fetchJobs()).toBe(before);
  });

  it('still takes the same POST from its own page, and from curl (no browser headers)', async () => {
    const before = await fetchJobs();
    const own = await send(port, '/queues/api/queues/fetch/add', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'sec-fetch-site': 'same-origin',
        origin: `http://127.0.0.1:${port}`,
      },
      body: ADD_JOB,
    });
    expect(own.status, own.body).toBe(200);
    const curl = await send(port, '/queues/api/queues/fetch/add', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: ADD_JOB,
    });
    expect(curl.status, curl.body).toBe(200);
    expect(await fetchJobs()).toBe(before + 2);
  });

  it('sends CSP with frame-ancestors none, X-Frame-Options DENY, nosniff and Referrer-Policy', async () => {
    for (const path of ['/', '/app.js', '/queues', '/api/articles']) {
      const { headers, status } = await send(port, path);
      expect(status, path).toBe(200);
      const csp = String(headers['content-security-policy']);
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(headers['x-frame-options'], path).toBe('DENY');
      expect(headers['x-content-type-options'], path).toBe('nosniff');
      expect(headers['referrer-policy'], path).toBe('no-referrer');
    }
    // The article browser has no inline script for that CSP to block.
    expect((await send(port, '/')).body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  });

  it('exits 1 with a clear message when the port is taken, instead of logging "serving"', async () => {
    const second = await runCli(['serve', '--port', String(port)], {
      ...env,
      NEWSFLOW_DATA_DIR: join(dataDir, 'second'),
    });
    expect(second.code, second.stdout + second.stderr).toBe(1);
    expect(second.stderr).toContain(
      `cannot listen on 127.0.0.1:${port}: the port is already in use (EADDRINUSE)`,
    );
    expect(second.stdout).not.toContain('"serving"');
  }, 30_000);

  it('takes --host 127.evil.example for a DNS name, not loopback: refused without a token', async () => {
    const result = await runCli(['serve', '--host', '127.evil.example', '--port', '0'], {
      ...env,
      NEWSFLOW_DATA_DIR: join(dataDir, 'third'),
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('refusing to serve on 127.evil.example without a token');
    expect(result.stdout).not.toContain('"serving"');
  }, 30_000);
});
