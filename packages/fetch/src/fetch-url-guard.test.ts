import { PipelineError } from '@newsflow/schema';
import { Agent } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchUrl } from './fetch-url.js';
import { guardedLookup } from './guarded-agent.js';
import { type LoopbackServer, startLoopbackServer } from './test-support/loopback-server.js';

let server: LoopbackServer;

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
    if (req.url === '/to-loopback-ip') {
      res.writeHead(302, { location: `${server.origin}/ok` });
      res.end();
    } else {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    }
  });
});
afterAll(() => server.close());

describe('fetchUrl private-address guard', () => {
  it('refuses a literal loopback IP before connecting', async () => {
    const err = await failure(fetchUrl(`${server.origin}/ok`, { timeoutMs: 2000 }));
    expect(err).toMatchObject({ code: 'PRIVATE_ADDRESS', permanent: true });
    expect(err.message).toMatch(/127\.0\.0\.1/);
  });

  it.each([
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://169.254.169.254/',
  ])('refuses %s', async (url) => {
    expect(await failure(fetchUrl(url, { timeoutMs: 2000 }))).toMatchObject({ code: 'PRIVATE_ADDRESS' });
  });

  it('refuses a name that resolves to loopback, at connect time', async () => {
    const err = await failure(fetchUrl(`http://localhost:${server.port}/ok`, { timeoutMs: 2000 }));
    expect(err).toMatchObject({ code: 'PRIVATE_ADDRESS', permanent: true });
    expect(err.message).toMatch(/localhost/);
  });

  it('checks every redirect hop, not just the first URL', async () => {
    // An unguarded dispatcher lets the first hop (a name) through, standing in for a public
    // site; its redirect to a literal private IP must still be refused.
    const dispatcher = new Agent();
    const err = await failure(
      fetchUrl(`http://localhost:${server.port}/to-loopback-ip`, { timeoutMs: 2000, dispatcher }),
    );
    await dispatcher.close();
    expect(err).toMatchObject({ code: 'PRIVATE_ADDRESS', permanent: true });
  });

  it('guards the lookup itself, so DNS rebinding cannot slip a private answer in', async () => {
    const answers = [
      { address: '93.184.216.34', family: 4 },
      { address: '10.0.0.7', family: 4 },
    ];
    const lookup = guardedLookup((_host, _opts, callback) => callback(null, answers));
    const err = await new Promise<unknown>((resolve) =>
      lookup('rebind.example', { all: true }, (e) => resolve(e)),
    );
    expect(err).toMatchObject({ code: 'PRIVATE_ADDRESS' });
    const ok = await new Promise<unknown>((resolve) =>
      guardedLookup((_h, _o, cb) => cb(null, '93.184.216.34', 4))('public.example', {}, (e, address) =>
        resolve(e ?? address),
      ),
    );
    expect(ok).toBe('93.184.216.34');
  });
});
