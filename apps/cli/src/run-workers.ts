import { installShutdown, type QueueName, startStages } from '@newsflow/queue';
import type { CliContext, QueueSession } from './context.js';
import { buildStages } from './stages.js';

/**
 * Runs the workers of `only` (every stage by default) on `session` until SIGTERM or SIGINT,
 * then lets active jobs finish and returns: the body of `newsflow run` and `newsflow worker`.
 */
export async function runWorkersUntilSignal(
  ctx: CliContext,
  session: QueueSession,
  only?: QueueName[],
): Promise<void> {
  let storeFailed: unknown = null;
  let stop: () => void = () => undefined;
  const stages = await buildStages(ctx.env, session.redisUrl, ctx.log, only, {
    onStoreFailed: (error) => {
      // Not an outage (those are waited out): a failed migration, a PGlite folder in use.
      storeFailed = error;
      stop();
    },
  });
  const running = startStages(stages, {
    connection: session.connection,
    prefix: ctx.env.NEWSFLOW_QUEUE_PREFIX,
    log: ctx.log,
    metricsPort: ctx.env.METRICS_PORT,
    metricsHost: ctx.env.METRICS_HOST,
    stall: {
      stalledIntervalMs: ctx.env.STALLED_INTERVAL_MS,
      maxStalledCount: ctx.env.MAX_STALLED_COUNT,
      lockDurationMs: ctx.env.LOCK_DURATION_MS,
    },
  });
  await new Promise<void>((resolve) => {
    stop = () => {
      running.close().then(resolve, resolve);
    };
    installShutdown([() => running.close(), async () => resolve()], {
      log: ctx.log,
      timeoutMs: ctx.env.SHUTDOWN_TIMEOUT_MS,
      exit: false,
    });
  });
  if (storeFailed) throw storeFailed;
}
