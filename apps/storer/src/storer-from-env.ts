import type { Logger, StageDefinition } from '@newsflow/queue';
import { openStore } from '@newsflow/store';
import type { StorerEnv } from './env.js';
import { storeStage } from './store-stage.js';

/** Opens the database (applying migrations) and builds the store stage. */
export async function storerFromEnv(env: StorerEnv, log: Logger): Promise<StageDefinition<'store'>> {
  const store = await openStore({ databaseUrl: env.DATABASE_URL, dataDir: env.NEWSFLOW_DATA_DIR, log });
  return storeStage({ store, concurrency: env.CONCURRENCY });
}
