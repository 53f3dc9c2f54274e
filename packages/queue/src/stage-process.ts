import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { QueueName } from './catalog.js';
import { Pipeline } from './pipeline.js';
import { runStage, type StageHandler } from './run-stage.js';

/** One stage ready to run: its handler, and how to release what the handler holds. */
export interface StageDefinition<Q extends QueueName = QueueName> {
  stage: Q;
  handle: StageHandler<Q>;
  concurrency: number;
  lockDurationMs?: number;
  /** Releases the stage's own resources (database pool, …) after its worker closed. */
  close?: () => Promise<void>;
}

export interface RunningStages {
  pipeline: Pipeline;
  workers: Worker[];
  /** Stops intake, waits for active jobs, then closes the stages' resources and queues. */
  close(): Promise<void>;
}

/**
 * Starts the workers of `stages` over one connection: one stage per process in production
 * (`apps/<stage>`), all of them in one process for `newsflow run` and `ingest --wait`.
 */
export function startStages(
  stages: StageDefinition[],
  options: { connection: Redis; prefix: string; log: Logger },
): RunningStages {
  const pipeline = new Pipeline(options.connection, options.prefix);
  const workers = stages.map((definition) =>
    runStage({
      stage: definition.stage,
      pipeline,
      log: options.log,
      concurrency: definition.concurrency,
      lockDurationMs: definition.lockDurationMs,
      handle: definition.handle as StageHandler<QueueName>,
    }),
  );
  options.log.info({ stages: stages.map((s) => s.stage) }, 'workers started');
  let closing: Promise<void> | undefined;
  return {
    pipeline,
    workers,
    close() {
      closing ??= (async () => {
        await Promise.all(workers.map((worker) => worker.close()));
        for (const definition of stages) await definition.close?.();
        await pipeline.close();
      })();
      return closing;
    },
  };
}
