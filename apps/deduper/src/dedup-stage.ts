import { chooseCanonicalUrl, type Deduplicator } from '@newsflow/dedup';
import { recordDedup, type StageDefinition } from '@newsflow/queue';
import { articleJobId, normalizeUrl } from '@newsflow/schema';

export interface DedupStageDeps {
  dedup: Deduplicator;
  concurrency: number;
}

/**
 * The dedup stage: picks the canonical URL and runs the URL, exact and near-duplicate layers
 * against the index shared by every dedup worker. A duplicate is not dropped: it goes on with
 * `duplicateOf`, `similarity` and the story's `clusterId`, so the store keeps every URL and
 * outlet that carried the story.
 */
export function dedupStage(deps: DedupStageDeps): StageDefinition<'dedup'> {
  return {
    stage: 'dedup',
    concurrency: deps.concurrency,
    handle: async (data, ctx) => {
      const { canonicalUrl, crossSiteCanonical } = chooseCanonicalUrl(
        data.finalUrl,
        data.article.canonicalUrl,
      );
      const decision = await deps.dedup.dedup({
        id: data.key,
        title: data.article.title,
        text: data.article.text,
        urls: [canonicalUrl, normalizeUrl(data.finalUrl), normalizeUrl(data.url)],
        canonicalHint: crossSiteCanonical,
        // A reprocess run (rev) dedups an article that went through dedup before; so does a
        // job run again after a stall or a retry: its paragraphs were counted the first time.
        seenBefore: data.rev !== undefined || (ctx.job.attemptsStarted ?? 0) > 1,
      });
      recordDedup(decision.matchedBy);
      if (decision.duplicateOf)
        ctx.log.info(
          {
            duplicateOf: decision.duplicateOf,
            matchedBy: decision.matchedBy,
            similarity: decision.similarity,
            clusterId: decision.clusterId,
          },
          'duplicate',
        );
      const next = await ctx.pipeline.enqueue(
        'classify',
        {
          ...data,
          dedup: {
            canonicalUrl,
            contentHash: decision.contentHash,
            duplicateOf: decision.duplicateOf,
            similarity: decision.similarity,
            clusterId: decision.clusterId,
            matchedBy: decision.matchedBy,
          },
          trail: { ...data.trail, deduped: new Date().toISOString() },
        },
        { jobId: articleJobId(data.key, data.rev) },
      );
      return { outcome: 'forwarded', next };
    },
  };
}
