import { classifyStage } from '@newsflow/classifier';
import { cleanerFromEnv } from '@newsflow/cleaner';
import { deduperFromEnv } from '@newsflow/deduper';
import { fetcherFromEnv } from '@newsflow/fetcher';
import type { Logger, QueueName, StageDefinition } from '@newsflow/queue';
import { storerFromEnv } from '@newsflow/storer';
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

/** Builds the given stages (all five by default) from the environment, in flow order. */
export async function buildStages(
  env: CliEnv,
  redisUrl: string,
  log: Logger,
  only?: QueueName[],
): Promise<StageDefinition[]> {
  const wanted = new Set(only ?? ['fetch', 'clean', 'dedup', 'classify', 'store']);
  const withRedis = { ...env, REDIS_URL: redisUrl };
  const stages: StageDefinition[] = [];
  if (wanted.has('fetch')) stages.push(fetcherFromEnv(withRedis));
  if (wanted.has('clean')) stages.push(cleanerFromEnv(withRedis));
  if (wanted.has('dedup')) stages.push(deduperFromEnv(withRedis));
  if (wanted.has('classify')) stages.push(classifyStage({ concurrency: env.CONCURRENCY }));
  if (wanted.has('store')) stages.push(await storerFromEnv(withRedis, log));
  return stages;
}
