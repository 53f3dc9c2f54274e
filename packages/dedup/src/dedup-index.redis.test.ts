import { randomBytes } from 'node:crypto';
import { normalizeUrl } from '@newsflow/schema';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { Deduplicator } from './deduplicator.js';
import { MemoryDedupIndex, MemoryHostChrome } from './memory-dedup-index.js';
import { RedisDedupIndex } from './redis-dedup-index.js';
import { RedisHostChrome } from './redis-host-chrome.js';
import { loadWireVariants } from './test-support/wire-variants.js';

const REDIS = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const redis = new Redis(REDIS);
const prefixes: string[] = [];
const freshPrefix = () => {
  const prefix = `{nftest-${randomBytes(4).toString('hex')}}`;
  prefixes.push(prefix);
  return prefix;
};
const redisDedup = (prefix = freshPrefix(), connection = redis) =>
  new Deduplicator(
    new RedisDedupIndex(connection, prefix, 600),
    new RedisHostChrome(connection, prefix, 600),
  );

afterAll(async () => {
  for (const prefix of prefixes) {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
  }
  await redis.quit();
});

const STORY = [
  'The head of the Security Council met the leader of the country on Friday in the capital.',
  'The visit comes weeks after a defence pact was signed between the two governments in June.',
  'Officials said the talks covered military cooperation, trade and the situation on the border.',
].join('\n\n');

describe('RedisDedupIndex on real Redis', () => {
  it('keeps a replayed original the original, and finds URL aliases, exact and near copies', async () => {
    const dedup = redisDedup();
    const first = await dedup.dedup({ id: 'orig', text: STORY, urls: ['https://a.example/o'] });
    expect(first).toMatchObject({ duplicateOf: null, clusterId: 'orig', matchedBy: null });
    expect(await dedup.dedup({ id: 'orig', text: STORY, urls: ['https://a.example/o'] })).toMatchObject({
      duplicateOf: null,
    });
    expect(await dedup.dedup({ id: 'alias', text: 'other', urls: ['https://a.example/o'] })).toMatchObject({
      duplicateOf: 'orig',
      matchedBy: 'url',
      similarity: 1,
    });
    expect(
      await dedup.dedup({ id: 'exact', text: STORY.toUpperCase(), urls: ['https://b.example/e'] }),
    ).toMatchObject({ duplicateOf: 'orig', matchedBy: 'content', clusterId: 'orig' });
    const near = await dedup.dedup({
      id: 'near',
      text: `MOSCOW (Reuters) - ${STORY.replace('Friday', 'Saturday')}\n\nRead more at Example Wire.`,
      urls: ['https://c.example/n'],
    });
    expect(near).toMatchObject({ duplicateOf: 'orig', matchedBy: 'near', clusterId: 'orig' });
    // A copy of the copy joins the first-seen article's cluster.
    const again = await dedup.dedup({
      id: 'again',
      text: `${STORY.replace('Friday', 'Saturday')}`,
      urls: [],
    });
    expect(again.clusterId).toBe('orig');
    const keys = await redis.keys(`${prefixes[0]}:dedup:*`);
    for (const key of keys.filter((k) => !k.endsWith(':dedup:seq')))
      expect(await redis.ttl(key)).toBeGreaterThan(0);
  });

  it('lets exactly one of many simultaneous near copies be the original, across connections', async () => {
    const prefix = freshPrefix();
    const connections = [new Redis(REDIS), new Redis(REDIS)];
    try {
      const workers = connections.map((c) => redisDedup(prefix, c));
      const results = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          (workers[i % 2] as Deduplicator).dedup({
            id: `race${i}`,
            text: `${i % 3 === 0 ? 'WASHINGTON (AP) — ' : ''}${STORY}${i % 2 ? '\n\nCopyright Example Wire.' : ''}`,
            urls: [`https://r${i}.example/`],
          }),
        ),
      );
      const originals = results.filter((r) => r.duplicateOf === null);
      expect(originals).toHaveLength(1);
      const winner = `race${results.findIndex((r) => r.duplicateOf === null)}`;
      for (const r of results) expect(r.clusterId).toBe(winner);
    } finally {
      await Promise.all(connections.map((c) => c.quit()));
    }
  });

  it('decides like the in-memory index on the first 500 wire-variants articles', async () => {
    const docs = loadWireVariants().docs.slice(0, 500);
    const inRedis = redisDedup();
    const inMemory = new Deduplicator(new MemoryDedupIndex(), new MemoryHostChrome());
    for (const doc of docs) {
      const input = { id: doc.id, title: doc.title, text: doc.text, urls: [normalizeUrl(doc.url)] };
      expect(await inRedis.dedup(input)).toEqual(await inMemory.dedup(input));
    }
  }, 60_000);
});
