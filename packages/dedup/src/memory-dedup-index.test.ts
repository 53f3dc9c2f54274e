import { describe, expect, it } from 'vitest';
import type { ClaimRequest } from './dedup-index.js';
import { MemoryDedupIndex, MemoryHostChrome } from './memory-dedup-index.js';

const req = (articleId: string, buckets: string[], extra: Partial<ClaimRequest> = {}): ClaimRequest => ({
  articleId,
  urls: [],
  canonicalHint: null,
  contentHash: articleId.padEnd(64, '0'),
  buckets,
  sketch: Buffer.from(articleId),
  ...extra,
});

describe('MemoryDedupIndex', () => {
  it('returns earlier articles only, most shared buckets first, capped', async () => {
    const index = new MemoryDedupIndex({ bucketCap: 3, maxCandidates: 2 });
    await index.claim(req('a', ['x']));
    await index.claim(req('b', ['x', 'y']));
    await index.claim(req('c', ['y']));
    const outcome = await index.claim(req('d', ['x', 'y']));
    expect(outcome.kind === 'candidates' && outcome.candidates.map((c) => c.id)).toEqual(['b', 'a']);
    // A replay of b sees only what came before it.
    const replay = await index.claim(req('b', ['x', 'y']));
    expect(replay.kind === 'candidates' && replay.candidates.map((c) => c.id)).toEqual(['a']);
    // Buckets keep the newest 3: a has dropped out of x (now e, d, b); the 2 oldest come back.
    await index.claim(req('e', ['x']));
    const late = await index.claim(req('f', ['x']));
    expect(late.kind === 'candidates' && late.candidates.map((c) => c.id)).toEqual(['b', 'd']);
  });

  it('answers URL aliases, canonical hints and exact bodies before the buckets', async () => {
    const index = new MemoryDedupIndex();
    await index.claim(req('a', ['x'], { urls: ['a.example/1'], contentHash: 'h'.repeat(64) }));
    expect(await index.claim(req('b', ['x'], { urls: ['a.example/1'] }))).toMatchObject({
      kind: 'url',
      owner: 'a',
    });
    expect(await index.claim(req('c', ['x'], { canonicalHint: 'a.example/1' }))).toMatchObject({
      kind: 'canonical',
      owner: 'a',
    });
    expect(await index.claim(req('d', ['x'], { contentHash: 'h'.repeat(64) }))).toMatchObject({
      kind: 'content',
      owner: 'a',
      ownerCluster: 'a',
    });
  });

  it('reports a candidate as pending until its cluster is set', async () => {
    const index = new MemoryDedupIndex();
    await index.claim(req('a', ['x']));
    await index.claim(req('b', ['x']));
    expect(await index.getCluster('b')).toBe('');
    await index.setCluster('b', 'a');
    expect(await index.getCluster('b')).toBe('a');
    expect(await index.getCluster('never-seen')).toBe('never-seen');
  });
});

describe('MemoryHostChrome', () => {
  it('counts earlier pages of the same host, bounded by two generations', async () => {
    const chrome = new MemoryHostChrome(3);
    expect(await chrome.observe('a.example', [1, 2, 2])).toEqual([0, 0, 0]);
    expect(await chrome.observe('a.example', [1, 3])).toEqual([1, 0]);
    expect(await chrome.observe('b.example', [1])).toEqual([0]);
    expect(await chrome.observe('a.example', [1, 4, 5])).toEqual([2, 0, 0]);
    // The generation overflowed and rolled over: counts survive in the old one.
    expect(await chrome.observe('a.example', [1])).toEqual([3]);
  });
});
