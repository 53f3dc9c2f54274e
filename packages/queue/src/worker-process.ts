import type { Logger } from 'pino';
import { createRedis, isRedisAuthError } from './connection.js';
import { installShutdown } from './shutdown.js';
import { type RunningStages, type StageDefinition, startStages } from './stage-process.js';

/** The Redis used when `REDIS_URL` is unset in a worker process (the CLI starts its own instead). */
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export interface WorkerProcessEnv {
  REDIS_URL?: string | undefined;
  NEWSFLOW_QUEUE_PREFIX: string;
  SHUTDOWN_TIMEOUT_MS: number;
  METRICS_PORT?: number | undefined;
  METRICS_HOST?: string | undefined;
  STALLED_INTERVAL_MS?: number | undefined;
  MAX_STALLED_COUNT?: number | undefined;
  LOCK_DURATION_MS?: number | undefined;
}

/**
 * Runs `stages` until SIGTERM or SIGINT: the body of every `apps/<stage>` process and of
 * `newsflow worker`. Shutdown stops intake, lets active jobs finish, then closes the
 * connection, all within SHUTDOWN_TIMEOUT_MS.
 */
export function runWorkerProcess(
  stages: StageDefinition[],
  env: WorkerProcessEnv,
  log: Logger,
): RunningStages {
  const connection = createRedis(env.REDIS_URL ?? DEFAULT_REDIS_URL, 'worker');
  connection.on('error', (error) => {
    if (isRedisAuthError(error)) {
      log.error({ err: error }, 'redis authentication failed: check the user and password in REDIS_URL');
    } else log.warn({ err: error }, 'redis connection error');
  });
  const running = startStages(stages, {
    connection,
    prefix: env.NEWSFLOW_QUEUE_PREFIX,
    log,
    metricsPort: env.METRICS_PORT,
    metricsHost: env.METRICS_HOST,
    stall: {
      stalledIntervalMs: env.STALLED_INTERVAL_MS,
      maxStalledCount: env.MAX_STALLED_COUNT,
      lockDurationMs: env.LOCK_DURATION_MS,
    },
  });
  installShutdown([() => running.close(), () => connection.quit()], {
    log,
    timeoutMs: env.SHUTDOWN_TIMEOUT_MS,
  });
  return running;
}
