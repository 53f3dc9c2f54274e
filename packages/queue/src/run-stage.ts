import {
  describeZodError,
  ErrorCode,
  formatFailure,
  PipelineError,
  type StageResult,
} from '@newsflow/schema';
import { DelayedError, type Job, RateLimitError, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import { type BacklogLimit, limitBacklog } from './backlog-limit.js';
import { type Payload, QUEUES, type QueueName } from './catalog.js';
import { DependencyOutage, outageDependency } from './dependency-outage.js';
import { recordOutagePause } from './metrics.js';
import { pauseQueue } from './pause-queue.js';
import type { Pipeline } from './pipeline.js';
import { StageWorker, unreadablePayload } from './stage-worker.js';

/** What a stage handler gets besides its validated payload. */
export interface StageContext {
  job: Job;
  log: Logger;
  /** Producer for the next stages (validated, idempotent by job id). */
  pipeline: Pipeline;
}

export type StageHandler<Q extends QueueName> = (data: Payload<Q>, ctx: StageContext) => Promise<StageResult>;

export interface RunStageOptions<Q extends QueueName> {
  stage: Q;
  pipeline: Pipeline;
  handle: StageHandler<Q>;
  log: Logger;
  concurrency?: number;
  /** How long a job's lock lasts without renewal (default {@link DEFAULT_LOCK_DURATION_MS}). */
  lockDurationMs?: number;
  /** How often to look for stalled jobs (default {@link DEFAULT_STALLED_INTERVAL_MS}). */
  stalledIntervalMs?: number;
  /** How often a job may stall before it is failed (default 3). */
  maxStalledCount?: number;
  /** Stop taking jobs while this many wait in the next stage's queue (see {@link limitBacklog}). */
  backlog?: BacklogLimit & { queue: QueueName };
}

/**
 * A job's lock without renewal. BullMQ renews it every quarter to half of this while the job
 * runs, on the event loop: a job survives as long as the loop never stays blocked for more
 * than about 5 s (the cleaner extracts in worker threads; see {@link DEFAULT_STALLED_INTERVAL_MS}).
 */
export const DEFAULT_LOCK_DURATION_MS = 10_000;
/**
 * How often a worker looks for jobs whose lock expired (their worker died). With the 10 s lock,
 * a killed worker's jobs are back in wait 5–15 s after its death, where BullMQ's defaults
 * (30 s lock, 30 s check) and this project's former 60 s locks took one to two minutes
 * (issue 24). The Redis cost is measured in docs/benchmarks.md (`npm run bench:stalls`).
 */
export const DEFAULT_STALLED_INTERVAL_MS = 5_000;

/**
 * Starts the BullMQ worker of one stage: validates each job's payload with the catalog's
 * schema, runs `handle` with a per-job child logger, and maps errors to retries.
 * A payload that fails validation, or a permanent {@link PipelineError}, fails the job at
 * once (`UnrecoverableError`); anything else is retried with the queue's backoff. The job's
 * failed reason always starts with its error code (`HTTP_NOT_FOUND: …`).
 */
export function runStage<Q extends QueueName>(options: RunStageOptions<Q>): Worker {
  const { stage, pipeline, handle, log } = options;
  const schema = QUEUES[stage].schema;
  /** Outages of the dependencies this stage's jobs use (the archive), by dependency. */
  const outages = new Map<string, DependencyOutage>();

  const processor = async (job: Job): Promise<StageResult> => {
    const unreadable = await unreadablePayload(job);
    if (unreadable) {
      throw new UnrecoverableError(
        formatFailure(ErrorCode.INVALID_PAYLOAD, `${stage} job ${job.id}: ${unreadable}`),
      );
    }
    const parsed = schema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(
        formatFailure(ErrorCode.INVALID_PAYLOAD, `${stage} job ${job.id}: ${describeZodError(parsed.error)}`),
      );
    }
    const data = parsed.data as Payload<Q>;
    const jobLog = log.child({ queue: stage, jobId: job.id, url: (data as { url?: string }).url });
    let result: StageResult;
    try {
      result = await handle(data, { job, log: jobLog, pipeline });
    } catch (error) {
      const down = outageDependency(error);
      if (!down) throw toJobError(error);
      // Every job would fail the same way: pause the whole queue (every worker of it) with a
      // growing backoff and put this job back to wait, without using one of its attempts.
      let outage = outages.get(down.dependency);
      if (!outage) outages.set(down.dependency, (outage = new DependencyOutage()));
      const { pauseMs, started, probe } = outage.failed();
      recordOutagePause(stage, down.code);
      const fields = { err: error, code: down.code, dependency: down.dependency, pauseMs };
      if (started) jobLog.warn(fields, `${down.dependency} unavailable, pausing ${stage} intake`);
      else if (probe) jobLog.info(fields, `${down.dependency} still unavailable`);
      throw await pauseQueue(pipeline.queue(stage), pauseMs);
    }
    for (const [dependency, outage] of outages) {
      const downMs = outage.active ? outage.succeeded() : null;
      if (downMs !== null)
        log.warn({ queue: stage, dependency, downMs }, `${dependency} back, ${stage} intake resumed`);
    }
    jobLog.debug({ outcome: result.outcome }, 'job done');
    return result;
  };

  const worker = new StageWorker(stage, processor, {
    connection: pipeline.connection,
    prefix: pipeline.prefix,
    concurrency: options.concurrency ?? 4,
    lockDuration: options.lockDurationMs ?? DEFAULT_LOCK_DURATION_MS,
    stalledInterval: options.stalledIntervalMs ?? DEFAULT_STALLED_INTERVAL_MS,
    maxStalledCount: options.maxStalledCount ?? 3,
    autorun: true,
  });
  worker.on('failed', (job, error) => {
    if (!job) return;
    const final = error instanceof UnrecoverableError || job.attemptsMade >= (job.opts.attempts ?? 1);
    log[final ? 'warn' : 'info'](
      { queue: stage, jobId: job.id, attemptsMade: job.attemptsMade, reason: error.message, final },
      final ? 'job failed' : 'job will retry',
    );
  });
  worker.on('error', (error) => log.error({ err: error, queue: stage }, 'worker error'));
  if (options.backlog) limitBacklog(worker, pipeline.queue(options.backlog.queue), options.backlog, log);
  return worker;
}

/** Maps a thrown value to the error BullMQ should see: permanent or retryable, code first. */
export function toJobError(error: unknown): Error {
  if (error instanceof PipelineError) {
    const message = formatFailure(error.code, error.message);
    return error.permanent ? new UnrecoverableError(message) : new Error(message, { cause: error });
  }
  // Control-flow errors BullMQ acts on (fail now, re-delay, back to wait under a rate limit)
  // pass through unwrapped: BullMQ recognises them by class or message.
  if (error instanceof UnrecoverableError || error instanceof DelayedError || error instanceof RateLimitError)
    return error;
  const message = error instanceof Error ? error.message : String(error);
  const wrapped = new Error(formatFailure(ErrorCode.INTERNAL, message), { cause: error });
  if (error instanceof Error && error.stack)
    wrapped.stack = `${wrapped.message}\n${error.stack.split('\n').slice(1).join('\n')}`;
  return wrapped;
}
