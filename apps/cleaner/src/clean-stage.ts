import type { RawArchive } from '@newsflow/archive';
import { cleanPage, EXTRACTOR } from '@newsflow/clean';
import type { StageDefinition } from '@newsflow/queue';
import { articleJobId, ErrorCode, PipelineError } from '@newsflow/schema';

export interface CleanStageDeps {
  archive: RawArchive;
  concurrency: number;
}

/**
 * The clean stage: reads the archived page, extracts the article, and fills what the page
 * does not say from what its feed said (title, date, authors). A page that is not an article
 * fails permanently with NOT_AN_ARTICLE and the extractor's reason.
 */
export function cleanStage(deps: CleanStageDeps): StageDefinition<'clean'> {
  return {
    stage: 'clean',
    concurrency: deps.concurrency,
    // Extraction is CPU-bound: give a slow page time before its lock is considered stalled.
    lockDurationMs: 120_000,
    handle: async (data, ctx) => {
      const body = await deps.archive.get(data.raw.ref);
      if (!body) {
        throw new PipelineError(
          ErrorCode.ARCHIVE_MISSING,
          `raw page ${data.raw.ref} of ${data.url} is not in the archive`,
        );
      }
      const article = cleanPage(body, { contentType: data.raw.contentType, url: data.finalUrl });
      // Not an article (an index, a gallery, a video page, an empty shell) is final: retrying
      // cannot change it, and the operator sees the reason in `newsflow failed`.
      if (!article.isArticle) {
        throw new PipelineError(
          ErrorCode.NOT_AN_ARTICLE,
          `${article.notArticleReason ?? 'not an article'} (${data.finalUrl})`,
        );
      }
      const hint = data.hint;
      if (hint) {
        article.title ??= hint.title;
        article.publishedAt ??= hint.publishedAt;
        if (article.authors.length === 0) article.authors = hint.authors;
      }
      const next = await ctx.pipeline.enqueue(
        'dedup',
        {
          key: data.key,
          url: data.url,
          finalUrl: data.finalUrl,
          fetchedAt: data.fetchedAt,
          sourceId: data.sourceId,
          ingestId: data.ingestId,
          rawRef: data.raw.ref,
          article,
          extractor: { name: EXTRACTOR.name, version: EXTRACTOR.version },
        },
        { jobId: articleJobId(data.key) },
      );
      ctx.log.info({ title: article.title, chars: article.text.length }, 'article cleaned');
      return { outcome: 'forwarded', next };
    },
  };
}
