import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { SeenSet } from './seen-set.js';

const redis = new Redis(process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');
const prefix = `{nftest-${randomBytes(4).toString('hex')}}`;
const seen = new SeenSet(redis, prefix, 60);

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  await redis.quit();
});

const hash = (c: string) => c.repeat(64);

describe('SeenSet on real Redis', () => {
  it('claims a new article, and the same article again is still the original', async () => {
    const input = { articleId: 'art1', urls: ['https://a.example/1'], contentHash: hash('1') };
    expect(await seen.claim(input)).toEqual({ duplicateOf: null, matchedBy: null });
    expect(await seen.claim(input)).toEqual({ duplicateOf: null, matchedBy: null });
    expect(await redis.ttl(`${prefix}:dedup:body:${hash('1')}`)).toBeGreaterThan(0);
  });

  it('finds a copy by its body, and an alias by its URL', async () => {
    await seen.claim({ articleId: 'orig', urls: ['https://a.example/o'], contentHash: hash('2') });
    expect(
      await seen.claim({ articleId: 'copy', urls: ['https://b.example/c'], contentHash: hash('2') }),
    ).toEqual({
      duplicateOf: 'orig',
      matchedBy: 'content',
    });
    expect(
      await seen.claim({
        articleId: 'alias',
        urls: ['https://a.example/o', 'https://a.example/x'],
        contentHash: hash('3'),
      }),
    ).toEqual({ duplicateOf: 'orig', matchedBy: 'url' });
  });

  it('lets exactly one of many simultaneous copies be the original', async () => {
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        seen.claim({ articleId: `race${i}`, urls: [`https://r${i}.example/`], contentHash: hash('4') }),
      ),
    );
    const originals = results.filter((r) => r.duplicateOf === null);
    expect(originals).toHaveLength(1);
    const winner = results.findIndex((r) => r.duplicateOf === null);
    for (const r of results) if (r.duplicateOf) expect(r.duplicateOf).toBe(`race${winner}`);
  });
});
