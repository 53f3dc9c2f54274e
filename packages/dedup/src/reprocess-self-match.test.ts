import { describe, expect, it } from 'vitest';
import { contentHash } from './content-hash.js';
import { Deduplicator } from './deduplicator.js';
import { MemoryDedupIndex, MemoryHostChrome } from './memory-dedup-index.js';
import { paragraphKey, splitParagraphs } from './text-features.js';

const BODY = [
  'The harbour authority said on Tuesday that the new container terminal would open in the spring.',
  'Officials expect the terminal to double the port capacity within three years of opening.',
  'Dock workers unions said they had not been consulted about the new shift patterns.',
].join('\n\n');

describe('reprocessing an article through dedup', () => {
  it('keeps an original the original when the match found is one of its own later copies', async () => {
    // The original's index entries have expired; its copy (cluster = the original) is still indexed.
    const index = new MemoryDedupIndex();
    await index.claim({
      articleId: 'copy',
      urls: ['b.example/copy'],
      canonicalHint: null,
      contentHash: contentHash(BODY),
      buckets: [],
      sketch: Buffer.alloc(0),
    });
    await index.setCluster('copy', 'orig');
    const decision = await new Deduplicator(index, null).dedup({
      id: 'orig',
      text: BODY,
      urls: ['https://a.example/orig'],
      seenBefore: true,
    });
    expect(decision).toMatchObject({ duplicateOf: null, clusterId: 'orig', matchedBy: null });
  });

  it('still names the earlier original when a reprocessed copy matches it', async () => {
    const dedup = new Deduplicator(new MemoryDedupIndex(), null);
    await dedup.dedup({ id: 'orig', text: BODY, urls: ['https://a.example/orig'] });
    await dedup.dedup({ id: 'copy', text: BODY, urls: ['https://b.example/copy'] });
    const again = await dedup.dedup({
      id: 'copy',
      text: BODY,
      urls: ['https://b.example/copy'],
      seenBefore: true,
    });
    expect(again).toMatchObject({ duplicateOf: 'orig', clusterId: 'orig', matchedBy: 'content' });
  });

  it('does not count a reprocessed article towards its host chrome again', async () => {
    const chrome = new MemoryHostChrome();
    const dedup = new Deduplicator(new MemoryDedupIndex(), chrome);
    await dedup.dedup({ id: 'orig', text: BODY, urls: ['https://a.example/orig'] });
    for (let i = 0; i < 4; i++)
      await dedup.dedup({ id: 'orig', text: BODY, urls: ['https://a.example/orig'], seenBefore: true });
    const keys = splitParagraphs(BODY).map(paragraphKey);
    expect(await chrome.observe('a.example', keys, false)).toEqual(keys.map(() => 1));
  });
});
