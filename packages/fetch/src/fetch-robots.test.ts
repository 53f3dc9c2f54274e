import { PipelineError } from '@newsflow/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchRobots, robotsUrlOf } from './fetch-robots.js';
import { fetchUrl } from './fetch-url.js';
import { type LoopbackServer, startLoopbackServer } from './test-support/loopback-server.js';

let server: LoopbackServer;
const open = { allowPrivateNetworks: true, timeoutMs: 2000 };

beforeAll(async () => {
  server = await startLoopbackServer((req, res) => {
    const path = req.url ?? '/';
    if (path === '/robots.txt') {
      const host = req.headers.host ?? '';
      res
        .writeHead(200, { 'content-type': 'text/plain' })
        .end(`User-agent: *\nDisallow: /private\n# ${host}`);
    } else if (path === '/etag') {
      if (req.headers['if-none-match'] === '"v1"') res.writeHead(304, { etag: '"v1"' }).end();
      else res.writeHead(200, { etag: '"v1"', 'content-type': 'text/plain' }).end('body');
    } else res.writeHead(404).end();
  });
});
afterAll(() => server.close());

describe('fetchRobots', () => {
  it('returns the rules of a served robots.txt', async () => {
    const result = await fetchRobots(`${server.origin}/some/page`, open);
    expect(result.kind).toBe('rules');
    expect(result.kind === 'rules' && result.text).toContain('Disallow: /private');
  });

  it('reads a 4xx as allow-all and an unreachable host as disallow-all', async () => {
    const missing = await startLoopbackServer((_req, res) => res.writeHead(404).end());
    const broken = await startLoopbackServer((_req, res) => res.writeHead(503).end());
    try {
      expect((await fetchRobots(`${missing.origin}/x`, open)).kind).toBe('allow-all');
      expect((await fetchRobots(`${broken.origin}/x`, open)).kind).toBe('disallow-all');
    } finally {
      await missing.close();
      await broken.close();
    }
    // Nothing listens on the closed port any more: unreachable.
    expect((await fetchRobots(`${broken.origin}/x`, open)).kind).toBe('disallow-all');
  });

  it('throws when the host is refused outright', async () => {
    await expect(fetchRobots(`${server.origin}/x`, { timeoutMs: 2000 })).rejects.toBeInstanceOf(
      PipelineError,
    );
  });

  it('names the robots.txt of an origin', () => {
    expect(robotsUrlOf('https://a.example:8443/x/y?z')).toBe('https://a.example:8443/robots.txt');
  });
});

describe('fetchUrl conditional GET', () => {
  it('resolves a 304 when asked to, with no body', async () => {
    const first = await fetchUrl(`${server.origin}/etag`, open);
    expect(first.headers.etag).toBe('"v1"');
    const again = await fetchUrl(`${server.origin}/etag`, {
      ...open,
      headers: { 'if-none-match': '"v1"' },
      acceptNotModified: true,
    });
    expect(again.status).toBe(304);
    expect(again.body).toHaveLength(0);
  });

  it('fails a 304 nobody asked for', async () => {
    await expect(
      fetchUrl(`${server.origin}/etag`, { ...open, headers: { 'if-none-match': '"v1"' } }),
    ).rejects.toBeInstanceOf(PipelineError);
  });
});
