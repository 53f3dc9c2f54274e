import { type Queue, RateLimitError } from 'bullmq';

/**
 * Pauses intake of `queue` for `pauseMs` for every worker of it (BullMQ's queue rate limit),
 * and returns the error the processor must throw next so BullMQ puts the active job back to
 * wait without using one of its attempts: `throw await pauseQueue(queue, 5_000)`.
 * For an outage of something every job needs (the database), not for one bad job.
 */
export async function pauseQueue(queue: Queue, pauseMs: number): Promise<RateLimitError> {
  await queue.rateLimit(Math.max(1, Math.ceil(pauseMs)));
  return new RateLimitError();
}
