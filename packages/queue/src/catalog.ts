import { ClassifyJob, CleanJob, DedupJob, FetchJob, StoreJob } from '@newsflow/schema';
import type { DefaultJobOptions } from 'bullmq';
import type { z } from 'zod';

const HOUR_S = 3_600;
const DAY_S = 24 * HOUR_S;

/**
 * Every queue of the pipeline, in flow order: its payload schema and how hard to retry.
 * Enqueuing anywhere goes through this catalog, so payloads are checked at both ends.
 */
export const QUEUES = {
  fetch: { schema: FetchJob, attempts: 5 },
  clean: { schema: CleanJob, attempts: 3 },
  dedup: { schema: DedupJob, attempts: 5 },
  classify: { schema: ClassifyJob, attempts: 3 },
  // The storer outlives a database outage of several minutes before a job is failed.
  store: { schema: StoreJob, attempts: 12 },
} as const;

export type QueueName = keyof typeof QUEUES;
export const QUEUE_NAMES = Object.keys(QUEUES) as QueueName[];
export type Payload<Q extends QueueName> = z.infer<(typeof QUEUES)[Q]['schema']>;
export type PayloadInput<Q extends QueueName> = z.input<(typeof QUEUES)[Q]['schema']>;

/** True when `name` is one of the pipeline's queues. */
export function isQueueName(name: string): name is QueueName {
  return Object.hasOwn(QUEUES, name);
}

/**
 * Default options of every job in `name`: exponential backoff with jitter so a burst of
 * failures does not retry in lockstep, and finished jobs kept for a bounded time and count
 * (BullMQ keeps them for ever otherwise). Failed jobs are kept far longer than completed
 * ones: they are what operators replay.
 */
export function defaultJobOptions(name: QueueName): DefaultJobOptions {
  return {
    attempts: QUEUES[name].attempts,
    backoff: { type: 'exponential', delay: 2_000, jitter: 0.5 },
    removeOnComplete: { age: DAY_S, count: 50_000 },
    removeOnFail: { age: 30 * DAY_S, count: 500_000 },
  };
}
