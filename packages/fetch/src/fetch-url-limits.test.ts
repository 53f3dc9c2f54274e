import { gzipSync } from 'node:zlib';
import { PipelineError } from '@newsflow/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchUrl } from './fetch-url.js';
import { type LoopbackServer, startLoopbackServer } from './test-support/loopback-server.js';

let server: LoopbackServer;
const MAX = 64 * 1024;
const opts = { allowPrivateNetworks: true, timeoutMs: 300, maxBytes: MAX };
// 16 MiB of zeros squeezes into about 16 KiB of gzip.
const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024));

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    switch (req.url) {
      case '/big-declared':
        res.writeHead(200, { 'content-length': String(MAX + 1) });
        res.write('x'); // never sends the rest: the header alone must decide
        return;
      case '/big-chunked': {
        res.writeHead(200, { 'content-type': 'text/plain' });
        const chunk = Buffer.alloc(8 * 1024, 'x');
        let sent = 0;
        const pump = (): void => {
          while (sent < MAX * 4 && res.write(chunk)) sent += chunk.length;
          if (sent < MAX * 4) res.once('drain', pump);
          else res.end();
        };
        pump();
        return;
      }
      case '/exact':
        res.end(Buffer.alloc(MAX, 'x'));
        return;
      case '/bomb':
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
        res.end(bomb);
        return;
      case '/bad-encoding':
        res.writeHead(200, { 'content-encoding': 'zstd-ish' });
        res.end('x');
        return;
      case '/slow-headers':
        return; // never answers
      case '/slow-body':
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('partial');
        return; // never ends
      case '/pdf':
        res.writeHead(200, { 'content-type': 'application/pdf' });
        res.end('%PDF');
        return;
      default:
        res.writeHead(404);
        res.end();
    }
  });
});
afterAll(() => server.close());

async function failure(path: string, extra: object = {}): Promise<PipelineError> {
  const err = await fetchUrl(`${server.origin}${path}`, { ...opts, ...extra }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PipelineError);
  return err as PipelineError;
}

describe('fetchUrl limits', () => {
  it.each([
    ['a Content-Length over the limit, before reading', '/big-declared', /is 65537 bytes/],
    ['a chunked body that grows past the limit', '/big-chunked', /larger than the 65536-byte limit/],
    ['a gzip bomb, by its decoded size', '/bomb', /decoded body .* larger than/],
  ])('refuses %s with TOO_LARGE', async (_name, path, message) => {
    const err = await failure(path, { timeoutMs: 5000 });
    expect(err).toMatchObject({ code: 'TOO_LARGE', permanent: true });
    expect(err.message).toMatch(message);
  });

  it('accepts a body of exactly maxBytes', async () => {
    const res = await fetchUrl(`${server.origin}/exact`, { ...opts, timeoutMs: 5000 });
    expect(res.body.length).toBe(MAX);
  });

  it.each([
    ['headers never come', '/slow-headers'],
    ['the body never ends', '/slow-body'],
  ])('times out when %s', async (_name, path) => {
    const started = Date.now();
    const err = await failure(path);
    expect(err).toMatchObject({ code: 'TIMEOUT', permanent: false });
    expect(err.message).toMatch(/within 300 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('honours a separate headers timeout', async () => {
    const err = await failure('/slow-headers', { timeoutMs: 5000, headersTimeoutMs: 200 });
    expect(err.code).toBe('TIMEOUT');
  });

  it('refuses an unknown Content-Encoding', async () => {
    expect(await failure('/bad-encoding', { timeoutMs: 5000 })).toMatchObject({
      code: 'UNSUPPORTED_CONTENT_TYPE',
    });
  });

  it('refuses a Content-Type the caller cannot use, before reading it', async () => {
    const err = await failure('/pdf', {
      timeoutMs: 5000,
      allowedContentTypes: ['text/html', 'application/rss+xml'],
    });
    expect(err).toMatchObject({ code: 'UNSUPPORTED_CONTENT_TYPE', permanent: true });
    expect(err.message).toMatch(/application\/pdf/);
  });
});

describe('fetchUrl network failures', () => {
  it.each([
    // .invalid never resolves (RFC 6761); offline resolvers answer EAI_AGAIN, also a DNS failure
    [
      'an unresolvable name',
      'http://no-such-host.invalid/',
      'DNS',
      /DNS lookup failed for no-such-host\.invalid/,
    ],
    ['a refused connection', 'http://127.0.0.1:1/', 'NETWORK', /ECONNREFUSED/],
  ])('reports %s as %s, retryable', async (_name, url, code, message) => {
    const err = await fetchUrl(url, { allowPrivateNetworks: true, timeoutMs: 3000 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code, permanent: false, message: expect.stringMatching(message) });
  });
});
