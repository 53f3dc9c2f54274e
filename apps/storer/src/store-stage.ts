import { pauseQueue, recordOutagePause, recordStored, type StageDefinition } from '@newsflow/queue';
import { ErrorCode } from '@newsflow/schema';
import type { Store } from '@newsflow/store';
import type { StageStore } from './open-when-reachable.js';
import { DatabaseOutage, isDatabaseOutage } from './database-outage.js';

/**
 * The store stage: one idempotent upsert per article. While the database is unreachable the
 * stage pauses the whole `store` queue (BullMQ's queue rate limit) with a growing backoff and
 * puts the job back to wait without using an attempt, so an outage of any length drops
 * nothing and fails nothing; jobs wait in Redis and `/readyz` reports the database down.
 * Other errors use the queue's attempts and backoff as usual.
 */
export function storeStage(deps: { store: StageStore; concurrency: number }): StageDefinition<'store'> {
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
        recordOutagePause('store', ErrorCode.DATABASE);
        const fields = { err: error, code: ErrorCode.DATABASE, dependency: 'database', pauseMs };
        if (started) ctx.log.warn(fields, 'database unavailable, pausing store intake');
        else if (probe) ctx.log.info(fields, 'database still unavailable');
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
    // `/readyz` names what is not ready: `database …`.
    ready: () =>
      deps.store.ping().catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        throw new Error(/^database\b/i.test(message) ? message : `database unavailable: ${message}`);
      }),
  };
}
