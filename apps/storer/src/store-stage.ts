import { pauseQueue, recordStored, type StageDefinition } from '@newsflow/queue';
import type { Store } from '@newsflow/store';
import { DatabaseOutage, isDatabaseOutage } from './database-outage.js';

/**
 * The store stage: one idempotent upsert per article. While the database is unreachable the
 * stage pauses the whole `store` queue (BullMQ's queue rate limit) with a growing backoff and
 * puts the job back to wait without using an attempt, so an outage of any length drops
 * nothing and fails nothing; jobs wait in Redis and `/readyz` reports the database down.
 * Other errors use the queue's attempts and backoff as usual.
 */
export function storeStage(deps: { store: Store; concurrency: number }): StageDefinition<'store'> {
  const outage = new DatabaseOutage();
  return {
    stage: 'store',
    concurrency: deps.concurrency,
    handle: async (data, ctx) => {
      let result: Awaited<ReturnType<Store['upsertArticle']>>;
      try {
        result = await deps.store.upsertArticle(data);
      } catch (error) {
        if (!isDatabaseOutage(error)) throw error;
        const { pauseMs, started, probe } = outage.failed();
        if (started) ctx.log.warn({ err: error, pauseMs }, 'database unavailable, pausing store intake');
        else if (probe) ctx.log.info({ err: error, pauseMs }, 'database still unavailable');
        throw await pauseQueue(ctx.pipeline.queue('store'), pauseMs);
      }
      const downMs = outage.succeeded();
      if (downMs !== null) ctx.log.warn({ downMs }, 'database back, store intake resumed');
      ctx.log.info({ articleId: result.articleId, change: result.change }, 'article stored');
      recordStored(data.sourceId, result.change);
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
