import type { Logger, StageDefinition } from '@newsflow/queue';
import { openStore, type Store } from '@newsflow/store';
import type { StorerEnv } from './env.js';
import { openWhenReachable } from './open-when-reachable.js';
import { storeStage } from './store-stage.js';

/** Opens the database (applying migrations) and builds the store stage; rejects when it cannot. */
export async function storerFromEnv(env: StorerEnv, log: Logger): Promise<StageDefinition<'store'>> {
  const store = await openStore({ databaseUrl: env.DATABASE_URL, dataDir: env.NEWSFLOW_DATA_DIR, log });
  return storeStage({ store, concurrency: env.CONCURRENCY });
}

/**
 * The storer process's stage: built at once, with the database opened in the background.
 * While the database is unreachable the stage waits for it, pausing intake, and `/readyz` says
 * so (issue 24). `opened` rejects only when the database cannot be opened for another reason.
 */
export function waitingStorerFromEnv(
  env: StorerEnv,
  log: Logger,
): { stage: StageDefinition<'store'>; opened: Promise<Store> } {
  const store = openWhenReachable(
    () => openStore({ databaseUrl: env.DATABASE_URL, dataDir: env.NEWSFLOW_DATA_DIR, log }),
    log,
  );
  return { stage: storeStage({ store, concurrency: env.CONCURRENCY }), opened: store.opened };
}
