import { gzipSync } from 'node:zlib';
import { PipelineError } from '@newsflow/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchUrl } from './fetch-url.js';
import { type LoopbackServer, startLoopbackServer } from './test-support/loopback-server.js';

let server: LoopbackServer;
let other: LoopbackServer;
const open = { allowPrivateNetworks: true, timeoutMs: 2000 };

async function failure(promise: Promise<unknown>): Promise<PipelineError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PipelineError);
  return err as PipelineError;
}

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    const path = req.url ?? '/';
    const status = /^\/status\/(\d+)/.exec(path);
    if (path === '/gzip') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip' });
      res.end(gzipSync('<p>héllo</p>'));
    } else if (status) {
      const headers: Record<string, string> = {};
      if (path.includes('retry=secs')) headers['retry-after'] = '120';
      if (path.includes('retry=date')) headers['retry-after'] = new Date(Date.now() + 60_000).toUTCString();
      res.writeHead(Number(status[1]), headers);
      res.end('x'.repeat(1000));
    } else if (path.startsWith('/chain/')) {
      const n = Number(path.slice('/chain/'.length));
      // Relative Location on purpose: it must resolve against the current hop.
      res.writeHead(n > 0 ? 302 : 200, n > 0 ? { location: `${n - 1}` } : { 'content-type': 'text/plain' });
      res.end(n > 0 ? '' : 'end of chain');
    } else if (path === '/loop/a' || path === '/loop/b') {
      res.writeHead(301, { location: path === '/loop/a' ? '/loop/b' : '/loop/a' });
      res.end();
    } else if (path === '/to-other') {
      res.writeHead(307, { location: `http://localhost:${other.port}/echo` });
      res.end();
    } else if (path === '/to-ftp') {
      res.writeHead(302, { location: 'ftp://example.com/x' });
      res.end();
    } else if (path === '/headers') {
      res.writeHead(200, { 'content-type': 'application/json', 'x-multi': ['a', 'b'] });
      res.end(JSON.stringify(req.headers));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  other = await startLoopbackServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
  });
});
afterAll(async () => {
  await server.close();
  await other.close();
});

describe('fetchUrl', () => {
  it('decodes gzip and reports the response', async () => {
    const res = await fetchUrl(`${server.origin}/gzip`, open);
    expect(Buffer.from(res.body).toString('utf8')).toBe('<p>héllo</p>');
    expect(res).toMatchObject({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      finalUrl: `${server.origin}/gzip`,
    });
    expect(res.fetchedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  it('sends the user agent and lower-cases response headers', async () => {
    const res = await fetchUrl(`${server.origin}/headers`, { ...open, headers: { 'X-Test': '1' } });
    const sent = JSON.parse(Buffer.from(res.body).toString('utf8')) as Record<string, string>;
    expect(sent['user-agent']).toMatch(/^newsflow\/0\.1/);
    expect(sent['x-test']).toBe('1');
    expect(res.headers['x-multi']).toBe('a, b');
  });

  it.each([
    [404, 'HTTP_NOT_FOUND', true],
    [410, 'HTTP_GONE', true],
    [401, 'HTTP_FORBIDDEN', true],
    [403, 'HTTP_FORBIDDEN', true],
    [400, 'HTTP_CLIENT_ERROR', true],
    [408, 'HTTP_CLIENT_ERROR', false],
    [429, 'HTTP_RATE_LIMITED', false],
    [500, 'HTTP_SERVER_ERROR', false],
    [502, 'HTTP_SERVER_ERROR', false],
  ])('maps HTTP %i to %s (permanent: %s)', async (status, code, permanent) => {
    const err = await failure(fetchUrl(`${server.origin}/status/${status}`, open));
    expect(err).toMatchObject({ code, permanent });
    expect(err.message).toMatch(
      new RegExp(`^HTTP ${status} [A-Z].* for http://127\\.0\\.0\\.1:\\d+/status/${status}$`),
    );
  });

  it('reads Retry-After in seconds and as an HTTP-date', async () => {
    const secs = await failure(fetchUrl(`${server.origin}/status/429?retry=secs`, open));
    expect(secs.retryAfterMs).toBe(120_000);
    const date = await failure(fetchUrl(`${server.origin}/status/503?retry=date`, open));
    expect(date.code).toBe('HTTP_SERVER_ERROR');
    expect(date.retryAfterMs).toBeGreaterThan(55_000);
    expect(date.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('follows a chain of relative redirects', async () => {
    const res = await fetchUrl(`${server.origin}/chain/3`, open);
    expect(res.url).toBe(`${server.origin}/chain/3`);
    expect(res.finalUrl).toBe(`${server.origin}/chain/0`);
    expect(Buffer.from(res.body).toString()).toBe('end of chain');
  });

  it.each([
    ['a loop', '/loop/a', 5, /redirect loop/],
    ['too long a chain', '/chain/3', 2, /more than 2 redirects/],
  ])('refuses %s with TOO_MANY_REDIRECTS', async (_name, path, maxRedirects, message) => {
    const err = await failure(fetchUrl(`${server.origin}${path}`, { ...open, maxRedirects }));
    expect(err).toMatchObject({ code: 'TOO_MANY_REDIRECTS', permanent: true });
    expect(err.message).toMatch(message);
  });

  it('drops credentials when a redirect changes origin', async () => {
    const res = await fetchUrl(`${server.origin}/to-other`, {
      ...open,
      headers: { Authorization: 'Bearer s3cret' },
    });
    expect(JSON.parse(Buffer.from(res.body).toString())).toEqual({ authorization: null });
  });

  it.each([
    ['a non-http scheme', 'file:///etc/passwd'],
    ['garbage', 'not a url'],
  ])('refuses %s with BAD_URL', async (_name, url) => {
    expect(await failure(fetchUrl(url, open))).toMatchObject({ code: 'BAD_URL', permanent: true });
  });

  it('refuses a redirect to a non-http scheme', async () => {
    expect(await failure(fetchUrl(`${server.origin}/to-ftp`, open))).toMatchObject({ code: 'BAD_URL' });
  });
});
