import type { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import type { BacklogLimit } from './backlog-limit.js';
import { startHealthServer } from './health-server.js';
import { PipelineMetrics } from './metrics.js';
import type { QueueName } from './catalog.js';
import { Pipeline } from './pipeline.js';
import { runStage, type StageHandler } from './run-stage.js';

/** One stage ready to run: its handler, and how to release what the handler holds. */
export interface StageDefinition<Q extends QueueName = QueueName> {
  stage: Q;
  handle: StageHandler<Q>;
  concurrency: number;
  lockDurationMs?: number;
  /** Stop taking jobs while this many wait in the next stage's queue (the fetcher: clean). */
  backlog?: BacklogLimit & { queue: QueueName };
  /** Releases the stage's own resources (database pool, …) after its worker closed. */
  close?: () => Promise<void>;
  /** Throws when a dependency of the stage (its database) does not answer: `/readyz` reports it. */
  ready?: () => Promise<void>;
}

/** Stall detection settings; unset fields keep the defaults. `lockDurationMs` overrides each stage's. */
export interface StallSettings {
  stalledIntervalMs?: number | undefined;
  maxStalledCount?: number | undefined;
  lockDurationMs?: number | undefined;
}

export interface RunningStages {
  pipeline: Pipeline;
  workers: Worker[];
  /** The port `/metrics` listens on, once it does (null when not serving). */
  metricsPort: Promise<number | null>;
  /** Stops intake, waits for active jobs, then closes the stages' resources and queues. */
  close(): Promise<void>;
}

/**
 * Starts the workers of `stages` over one connection: one stage per process in production
 * (`apps/<stage>`), all of them in one process for `newsflow run` and `ingest --wait`.
 */
export function startStages(
  stages: StageDefinition[],
  options: {
    connection: Redis;
    prefix: string;
    log: Logger;
    /** Serve `/metrics`, `/healthz` and `/readyz` on this port (0: any free port). */
    metricsPort?: number | undefined;
    /** The metrics server's address (METRICS_HOST); 127.0.0.1 when unset. */
    metricsHost?: string | undefined;
    /** Stall detection of every worker (env STALLED_INTERVAL_MS, MAX_STALLED_COUNT, LOCK_DURATION_MS). */
    stall?: StallSettings;
  },
): RunningStages {
  const pipeline = new Pipeline(options.connection, options.prefix);
  const workers = stages.map((definition) =>
    runStage({
      stage: definition.stage,
      pipeline,
      log: options.log,
      concurrency: definition.concurrency,
      lockDurationMs: options.stall?.lockDurationMs ?? definition.lockDurationMs,
      stalledIntervalMs: options.stall?.stalledIntervalMs,
      maxStalledCount: options.stall?.maxStalledCount,
      handle: definition.handle as StageHandler<QueueName>,
      ...(definition.backlog ? { backlog: definition.backlog } : {}),
    }),
  );
  options.log.info({ stages: stages.map((s) => s.stage) }, 'workers started');
  let health: Promise<Server | null> = Promise.resolve(null);
  if (options.metricsPort !== undefined) {
    const metrics = new PipelineMetrics(pipeline);
    for (const worker of workers) metrics.observe(worker);
    health = startHealthServer({
      port: options.metricsPort,
      host: options.metricsHost ?? '127.0.0.1',
      metrics,
      connection: options.connection,
      workers,
      checks: stages.flatMap((s) => (s.ready ? [s.ready] : [])),
      log: options.log,
    }).catch((error: unknown) => {
      options.log.error(
        { err: error, port: options.metricsPort },
        'metrics and health server failed to start',
      );
      return null;
    });
  }
  let closing: Promise<void> | undefined;
  return {
    pipeline,
    workers,
    metricsPort: health.then((server) => {
      const address = server?.address();
      return typeof address === 'object' && address ? address.port : null;
    }),
    close() {
      closing ??= (async () => {
        const server = await health;
        server?.close();
        await Promise.all(workers.map((worker) => worker.close()));
        for (const definition of stages) await definition.close?.();
        await pipeline.close();
      })();
      return closing;
    },
  };
}
