import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createRedis } from '@newsflow/queue';
import { afterAll, describe, expect, it } from 'vitest';
import { RobotsCache } from './robots-cache.js';

const REDIS = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `{nftest-${randomBytes(4).toString('hex')}}`;
const redis = createRedis(REDIS, 'worker');

/** A loopback port nothing listens on: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const address = server.address();
  await new Promise((r) => server.close(r));
  return typeof address === 'object' && address ? address.port : 1;
}

describe('RobotsCache on a host that refuses connections', () => {
  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('reports the refused connection, not "robots.txt unreachable"', async () => {
    const port = await closedPort();
    const cache = new RobotsCache(redis, prefix, {
      http: { allowPrivateNetworks: true, timeoutMs: 5_000 },
      ttlMs: 60_000,
      errorTtlMs: 60_000,
    });
    const verdict = await cache.check(`http://127.0.0.1:${port}/feed.xml`);
    expect(verdict).toMatchObject({ allowed: false, temporary: true });
    expect(verdict.reason).toBe(`connection refused by 127.0.0.1:${port} (ECONNREFUSED); host held off`);
  });
});
