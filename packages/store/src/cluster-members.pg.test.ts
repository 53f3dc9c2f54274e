import { Article } from '@newsflow/schema';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openStore, type Store } from './open-store.js';
import { postgresBackend } from './test-support/backends.js';
import { storeJob } from './test-support/store-job.js';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 120_000 });

describe('story clusters on postgres', () => {
  const backend = postgresBackend();
  let store: Store;
  beforeAll(async () => {
    await backend.setup();
    store = await openStore(backend.options());
  });
  afterAll(async () => {
    await store?.close();
    await backend.dispose();
  });

  it('keeps every URL and outlet that carried the story, with the similarity', async () => {
    const original = storeJob('https://www.origin.example/story');
    const cluster = original.key;
    await store.upsertArticle(
      storeJob('https://www.origin.example/story', { dedup: { ...original.dedup, clusterId: cluster } }),
    );
    const copies = [
      ['https://wire.example/copy', 0.93, 'near'],
      ['https://portal.example/exact', 1, 'content'],
    ] as const;
    for (const [url, similarity, matchedBy] of copies) {
      const job = storeJob(url);
      await store.upsertArticle(
        storeJob(url, {
          dedup: { ...job.dedup, duplicateOf: cluster, similarity, clusterId: cluster, matchedBy },
        }),
      );
    }
    await store.upsertArticle(storeJob('https://other.example/unrelated'));

    const members = await store.clusterMembers(cluster);
    expect(members.map((m) => [m.outlet, m.duplicateOf, m.similarity, m.matchedBy])).toEqual([
      ['origin.example', null, null, null],
      ['wire.example', cluster, expect.closeTo(0.93, 5), 'near'],
      ['portal.example', cluster, 1, 'content'],
    ]);
    const exported: Article[] = [];
    for await (const article of store.exportArticles()) exported.push(Article.parse(article));
    expect(exported.find((a) => a.url === 'https://wire.example/copy')).toMatchObject({
      clusterId: cluster,
      duplicateOf: cluster,
      matchedBy: 'near',
    });
    // An article stored without a cluster is the original of its own.
    const lone = exported.find((a) => a.url === 'https://other.example/unrelated');
    expect(lone?.clusterId).toBe(lone?.id);
  });
});
