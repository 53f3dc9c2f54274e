import { SeenSet } from '@newsflow/dedup';
import { createRedis, DEFAULT_REDIS_URL, type StageDefinition } from '@newsflow/queue';
import { dedupStage } from './dedup-stage.js';
import type { DeduperEnv } from './env.js';

/** Builds the dedup stage with its own connection to the shared seen-set (same Redis, same prefix). */
export function deduperFromEnv(env: DeduperEnv): StageDefinition<'dedup'> {
  const redis = createRedis(env.REDIS_URL ?? DEFAULT_REDIS_URL, 'worker');
  const seen = new SeenSet(redis, env.NEWSFLOW_QUEUE_PREFIX, Math.round(env.DEDUP_WINDOW_DAYS * 86_400));
  return {
    ...dedupStage({ seen, concurrency: env.CONCURRENCY }),
    close: async () => {
      await redis.quit();
    },
  };
}
