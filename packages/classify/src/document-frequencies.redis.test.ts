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

  it('keeps the last one to two windows of documents: older terms leave Redis, counts stay sums', async () => {
    const prefix = `test:${randomUUID()}:`;
    const windowed = new DocumentFrequencies(redis, prefix, 3);
    try {
      // Window 1: three documents with "old", and "kept" in the last one.
      await windowed.addDocument(['old']);
      await windowed.addDocument(['old']);
      await windowed.addDocument(['old', 'kept']);
      // Window 2 starts with the fourth document; window 1 is still counted.
      const fourth = await windowed.addDocument(['kept', 'new']);
      expect(fourth.docs).toBe(4);
      expect(fourth.df).toEqual(
        new Map([
          ['kept', 2],
          ['new', 1],
        ]),
      );
      expect((await windowed.read(['old'])).df.get('old')).toBe(3);
      await windowed.addDocument(['new']);
      await windowed.addDocument(['new']);
      // Window 3 starts: window 1 (and its "old") is gone, window 2 is the previous one.
      const seventh = await windowed.addDocument(['new']);
      expect(seventh.docs).toBe(4);
      expect(seventh.df.get('new')).toBe(4);
      const read = await windowed.read(['old', 'kept', 'new']);
      expect(read.docs).toBe(4);
      expect(read.df).toEqual(
        new Map([
          ['old', 0],
          ['kept', 1],
          ['new', 4],
        ]),
      );
      expect(await redis.hexists(`${prefix}df:terms:prev`, 'old')).toBe(0);
    } finally {
      await windowed.clear();
    }
  });
});
