import type { StageDefinition } from '@newsflow/queue';
import { ErrorCode, PipelineError } from '@newsflow/schema';
import { isConnectionError, type Store } from '@newsflow/store';

/** The store stage: one idempotent upsert per article; a database outage retries with backoff. */
export function storeStage(deps: { store: Store; concurrency: number }): StageDefinition<'store'> {
  return {
    stage: 'store',
    concurrency: deps.concurrency,
    handle: async (data, ctx) => {
      let result: Awaited<ReturnType<Store['upsertArticle']>>;
      try {
        result = await deps.store.upsertArticle(data);
      } catch (error) {
        if (error instanceof PipelineError) throw error;
        if (isConnectionError(error)) {
          throw new PipelineError(ErrorCode.DATABASE, `database unavailable: ${(error as Error).message}`, {
            cause: error,
          });
        }
        throw error;
      }
      ctx.log.info({ articleId: result.articleId, change: result.change }, 'article stored');
      return {
        outcome: 'stored',
        articleId: result.articleId,
        change: result.change,
        duplicateOf: data.dedup.duplicateOf,
      };
    },
    close: () => deps.store.close(),
    ready: () => deps.store.ping(),
  };
}
