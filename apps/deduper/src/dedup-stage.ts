import { chooseCanonicalUrl, contentHash, type SeenSet } from '@newsflow/dedup';
import type { StageDefinition } from '@newsflow/queue';
import { articleJobId, normalizeUrl } from '@newsflow/schema';

export interface DedupStageDeps {
  seen: SeenSet;
  concurrency: number;
}

/**
 * The dedup stage: picks the canonical URL, hashes the normalized body and claims both in
 * the shared seen-set. A duplicate is not dropped: it goes on with `duplicateOf` set, so the
 * store keeps every URL that carried the story.
 */
export function dedupStage(deps: DedupStageDeps): StageDefinition<'dedup'> {
  return {
    stage: 'dedup',
    concurrency: deps.concurrency,
    handle: async (data, ctx) => {
      const { canonicalUrl } = chooseCanonicalUrl(data.finalUrl, data.article.canonicalUrl);
      const hash = contentHash(data.article.text);
      const claim = await deps.seen.claim({
        articleId: data.key,
        urls: [normalizeUrl(data.url), normalizeUrl(data.finalUrl), canonicalUrl],
        contentHash: hash,
      });
      if (claim.duplicateOf)
        ctx.log.info({ duplicateOf: claim.duplicateOf, matchedBy: claim.matchedBy }, 'duplicate');
      const next = await ctx.pipeline.enqueue(
        'classify',
        {
          ...data,
          dedup: {
            canonicalUrl,
            contentHash: hash,
            duplicateOf: claim.duplicateOf,
            similarity: claim.duplicateOf ? 1 : null,
          },
        },
        { jobId: articleJobId(data.key) },
      );
      return { outcome: 'forwarded', next };
    },
  };
}
