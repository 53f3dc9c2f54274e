import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { DocumentFrequencies } from './document-frequencies.js';

const REDIS = process.env.NEWSFLOW_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('DocumentFrequencies on real Redis', () => {
  const redis = new Redis(REDIS);
  const frequencies = new DocumentFrequencies(redis, `test:${randomUUID()}:`);
  afterAll(async () => {
    await frequencies.clear();
    await redis.quit();
  });

  it('counts each document once per term and returns the counts including it', async () => {
    expect(await frequencies.addDocument(['kim', 'shoigu', 'kim'])).toEqual({
      docs: 1,
      df: new Map([
        ['kim', 1],
        ['shoigu', 1],
      ]),
    });
    const second = await frequencies.addDocument(['kim', 'putin']);
    expect(second.docs).toBe(2);
    expect(second.df.get('kim')).toBe(2);
    expect((await frequencies.read(['kim', 'putin', 'nobody'])).df).toEqual(
      new Map([
        ['kim', 2],
        ['putin', 1],
        ['nobody', 0],
      ]),
    );
  });

  it('loses no count when many workers add at once', async () => {
    const before = await frequencies.read(['shared']);
    await Promise.all(Array.from({ length: 50 }, () => frequencies.addDocument(['shared'])));
    const after = await frequencies.read(['shared']);
    expect(after.docs - before.docs).toBe(50);
    expect(after.df.get('shared')).toBe(50);
  });

  it('counts a document without terms, and one with hundreds of terms in one command', async () => {
    const before = await frequencies.read([]);
    expect((await frequencies.addDocument([])).docs).toBe(before.docs + 1);
    const many = Array.from({ length: 600 }, (_, i) => `term${i}`);
    const added = await frequencies.addDocument(many);
    expect(added.docs).toBe(before.docs + 2);
    expect([...added.df.values()].every((n) => n === 1)).toBe(true);
    expect(added.df.size).toBe(600);
  });
});
