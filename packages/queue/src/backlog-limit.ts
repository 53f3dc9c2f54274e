import type { Queue, Worker } from 'bullmq';
import type { Logger } from 'pino';

/** How many jobs may wait in the next stage's queue before a stage stops taking new work. */
export interface BacklogLimit {
  /** At this many waiting jobs in `next`, the worker stops taking jobs (0: no limit). */
  high: number;
  /** At or below this many it takes jobs again (default: half of `high`). */
  low?: number;
  /** How often to count (default 1 s). */
  checkEveryMs?: number;
}

/**
 * Backpressure between two stages. BullMQ has none: a fast stage fills the next one's queue as
 * fast as it can, and under a sustained overload (extraction slower than fetching, a cleaner
 * down) every fetched page waits in Redis and in the archive. Every `checkEveryMs` this counts
 * the jobs waiting in `next`; at `high` it pauses `worker` locally (jobs it holds finish; the
 * rest stay queued in its own queue, where they cost far less; a worker blocked waiting for work
 * when it pauses still takes the one job that wakes it) and at `low` resumes it. A count
 * that fails (Redis away) changes nothing. Returns a function that stops the checks; they also
 * stop when the worker closes.
 */
export function limitBacklog(worker: Worker, next: Queue, limit: BacklogLimit, log: Logger): () => void {
  if (limit.high <= 0) return () => {};
  const low = limit.low ?? Math.floor(limit.high / 2);
  let paused = false;
  let checking = false;
  const check = async () => {
    if (checking || worker.closing) return;
    checking = true;
    try {
      const waiting = await next.getJobCountByTypes('waiting', 'prioritized');
      if (worker.closing) return;
      if (!paused && waiting >= limit.high) {
        paused = true;
        await worker.pause(true);
        log.warn(
          { queue: worker.name, next: next.name, waiting, high: limit.high, low },
          'next stage is behind: taking no new jobs until its queue drains',
        );
      } else if (paused && waiting <= low) {
        paused = false;
        await worker.resume();
        log.info(
          { queue: worker.name, next: next.name, waiting, low },
          'next stage caught up: taking jobs again',
        );
      }
    } catch (error) {
      log.debug({ err: error, queue: worker.name }, 'could not count the next stage’s backlog');
    } finally {
      checking = false;
    }
  };
  const timer = setInterval(() => void check(), limit.checkEveryMs ?? 1_000);
  timer.unref();
  const stop = () => clearInterval(timer);
  worker.once('closing', stop);
  return stop;
}
