import { randomBytes } from 'node:crypto';
import { createRedis } from '@newsflow/queue';
import { afterAll, describe, expect, it } from 'vitest';
import { HostGate } from './host-gate.js';

const REDIS = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('HostGate on real Redis', () => {
  const redis = createRedis(REDIS, 'worker');
  const prefix = `{nftest-gate-${randomBytes(4).toString('hex')}}`;
  const gate = new HostGate(redis, prefix, { leaseMs: 10_000 });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('lets `concurrency` requests in flight to a host and the next one only after a release', async () => {
    const first = await gate.acquire('a.example', 'j1', 0, 2);
    const second = await gate.acquire('a.example', 'j2', 0, 2);
    const third = await gate.acquire('a.example', 'j3', 0, 2);
    expect([first.go, second.go, third.go]).toEqual([true, true, false]);
    if (!first.go) throw new Error('unreachable');
    await first.release();
    expect((await gate.acquire('a.example', 'j3', 0, 2)).go).toBe(true);
  });

  it('records no lease when neither concurrency nor spacing is limited, and still honours a push-back', async () => {
    const turns = await Promise.all(
      Array.from({ length: 20 }, (_, i) => gate.acquire('b.example', `j${i}`, 0, 0)),
    );
    expect(turns.every((t) => t.go)).toBe(true);
    expect(await redis.exists(`${prefix}:fetch:host:b.example:inflight`)).toBe(0);
    for (const t of turns) if (t.go) await t.release();

    // A Retry-After from the site holds every worker off the host, limits or not.
    await gate.pushBack('b.example', 5_000);
    const held = await gate.acquire('b.example', 'j99', 0, 0);
    expect(held.go).toBe(false);
    if (!held.go) expect(held.waitMs).toBeGreaterThan(4_000);
  });
});
