import type { Logger, QueueName, StageDefinition } from '@newsflow/queue';
import type { CliEnv } from './env.js';

/** Stage names as `newsflow worker` accepts them: the queue's name or its app's name. */
const ALIASES: Record<string, QueueName> = {
  fetch: 'fetch',
  fetcher: 'fetch',
  clean: 'clean',
  cleaner: 'clean',
  dedup: 'dedup',
  deduper: 'dedup',
  classify: 'classify',
  classifier: 'classify',
  store: 'store',
  storer: 'store',
};

/** The queue a stage name (or app name) stands for, or null. */
export function stageNamed(name: string): QueueName | null {
  return ALIASES[name] ?? null;
}

export interface BuildOptions {
  /**
   * Set by the long-running commands (`run`, `worker`): the store stage then waits out a
   * database that is down at start, as the storer process does, and this is called only when
   * the database cannot be opened for another reason. Without it, the database is opened
   * before the stages start and a failure rejects at once (a one-shot command should say so).
   */
  onStoreFailed?: (error: unknown) => void;
}

/**
 * Builds the given stages (all five by default) from the environment, in flow order. Stage
 * modules load on demand: the language model alone takes a second, which commands that run
 * no stage should not pay.
 */
export async function buildStages(
  env: CliEnv,
  redisUrl: string,
  log: Logger,
  only?: QueueName[],
  options: BuildOptions = {},
): Promise<StageDefinition[]> {
  const wanted = new Set(only ?? ['fetch', 'clean', 'dedup', 'classify', 'store']);
  const withRedis = { ...env, REDIS_URL: redisUrl };
  const stages: StageDefinition[] = [];
  if (wanted.has('fetch')) stages.push((await import('@newsflow/fetcher')).fetcherFromEnv(withRedis));
  if (wanted.has('clean')) stages.push((await import('@newsflow/cleaner')).cleanerFromEnv(withRedis));
  if (wanted.has('dedup')) stages.push((await import('@newsflow/deduper')).deduperFromEnv(withRedis));
  if (wanted.has('classify')) {
    const { WatchedTopicModel } = await import('@newsflow/classify');
    const model = new WatchedTopicModel(env.CLASSIFIER_MODEL_PATH, env.CLASSIFIER_MODEL_CHECK_MS);
    stages.push(
      (await import('@newsflow/classifier')).classifyStage({
        concurrency: env.CONCURRENCY,
        model,
        frequencyWindowDocs: env.CLASSIFIER_DF_WINDOW_DOCS,
      }),
    );
  }
  if (wanted.has('store')) {
    const storer = await import('@newsflow/storer');
    if (options.onStoreFailed) {
      const waiting = storer.waitingStorerFromEnv(withRedis, log);
      waiting.opened.catch(options.onStoreFailed);
      stages.push(waiting.stage);
    } else {
      stages.push(await storer.storerFromEnv(withRedis, log));
    }
  }
  return stages;
}
