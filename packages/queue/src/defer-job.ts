import { DelayedError, type Job } from 'bullmq';

/**
 * Puts the active `job` back as delayed for `delayMs` without using one of its attempts
 * (BullMQ `moveToDelayed` with the worker's lock token), and returns the error the processor
 * must throw next so the worker lets go of it: `throw await deferJob(job, 1_000)`.
 * For waits that are not failures: a busy host, a server's Retry-After.
 */
export async function deferJob(job: Job, delayMs: number): Promise<DelayedError> {
  await job.moveToDelayed(Date.now() + Math.max(0, Math.ceil(delayMs)), job.token);
  return new DelayedError(`deferred ${Math.ceil(delayMs)} ms`);
}
