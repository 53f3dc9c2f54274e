import type { RawArchive } from '@newsflow/archive';
import { binaryKind, cleanPage, EXTRACTOR, type ExtractorPool } from '@newsflow/clean';
import type { StageDefinition } from '@newsflow/queue';
import { ARTICLE_LIMITS, articleJobId, ErrorCode, PipelineError } from '@newsflow/schema';

export interface CleanStageDeps {
  archive: RawArchive;
  concurrency: number;
  /** Extracts off the event loop (worker threads); without it pages are extracted in-thread. */
  extractor?: Pick<ExtractorPool, 'extract' | 'close'>;
  /** Longest article text passed on, in characters. Default {@link DEFAULT_MAX_TEXT_CHARS}. */
  maxTextChars?: number;
}

/**
 * Far beyond any news article (a 20,000-word long read is about 130,000 characters): more is
 * a hostile or broken page, and would travel through every queue and into the database.
 */
export const DEFAULT_MAX_TEXT_CHARS = ARTICLE_LIMITS.textChars;

/**
 * The clean stage: reads the archived page, extracts the article, and fills what the page
 * does not say from what its feed said (title, date, authors). A page that is not an article
 * fails permanently with NOT_AN_ARTICLE and the extractor's reason; bytes that are a PDF or an
 * image whatever their label with UNSUPPORTED_CONTENT_TYPE; a text over `maxTextChars` with TOO_LARGE.
 */
export function cleanStage(deps: CleanStageDeps): StageDefinition<'clean'> {
  return {
    stage: 'clean',
    concurrency: deps.concurrency,
    // Extracting in-thread blocks the event loop, and with it BullMQ's lock renewal: a slow page
    // needs a lock that outlives it. In the pool (the default) the loop stays free, the pool's
    // time limit (CLEAN_TIMEOUT_MS, 30 s) ends a slow page, and the stages' short lock holds.
    ...(deps.extractor ? {} : { lockDurationMs: 120_000 }),
    close: async () => {
      await deps.extractor?.close();
    },
    ready: () => deps.archive.check(),
    handle: async (data, ctx) => {
      const body = await deps.archive.get(data.raw.ref);
      if (!body) {
        throw new PipelineError(
          ErrorCode.ARCHIVE_MISSING,
          `raw page ${data.raw.ref} of ${data.url} is not in the archive`,
        );
      }
      // A PDF or an image labelled as a page: extracting "text" from its bytes would be noise.
      const binary = binaryKind(body, data.raw.contentType);
      if (binary) {
        throw new PipelineError(
          ErrorCode.UNSUPPORTED_CONTENT_TYPE,
          `${data.finalUrl} is ${binary}, not a page (served as ${data.raw.contentType || 'no type'})`,
        );
      }
      const page = { contentType: data.raw.contentType, url: data.finalUrl };
      const article = deps.extractor ? await deps.extractor.extract(body, page) : cleanPage(body, page);
      // Not an article (an index, a gallery, a video page, an empty shell) is final: retrying
      // cannot change it, and the operator sees the reason in `newsflow failed`.
      if (!article.isArticle) {
        throw new PipelineError(
          ErrorCode.NOT_AN_ARTICLE,
          `${article.notArticleReason ?? 'not an article'} (${data.finalUrl})`,
        );
      }
      const maxTextChars = deps.maxTextChars ?? DEFAULT_MAX_TEXT_CHARS;
      if (article.text.length > maxTextChars) {
        throw new PipelineError(
          ErrorCode.TOO_LARGE,
          `article text of ${data.finalUrl} is ${article.text.length} characters, over the ${maxTextChars}-character limit`,
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
          rawBytes: data.raw.bytes,
          rawContentType: data.raw.contentType,
          article,
          extractor: { name: EXTRACTOR.name, version: EXTRACTOR.version },
          rev: data.rev,
          trail: { ...data.trail, cleaned: new Date().toISOString() },
        },
        { jobId: articleJobId(data.key, data.rev) },
      );
      ctx.log.info({ title: article.title, chars: article.text.length }, 'article cleaned');
      return { outcome: 'forwarded', next };
    },
  };
}
