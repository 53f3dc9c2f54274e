import { describeZodError, ErrorCode, type JobLink, PipelineError } from '@newsflow/schema';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { defaultJobOptions, type PayloadInput, QUEUES, type QueueName } from './catalog.js';

export interface EnqueueOptions {
  /** Idempotency key: a job with the same id in the same queue is added once. */
  jobId?: string;
  /** BullMQ job name; defaults to the queue name. */
  name?: string;
}

/**
 * The producer side of the pipeline: one BullMQ `Queue` per stage over one connection.
 * Every payload is validated against the catalog before it reaches Redis.
 */
export class Pipeline {
  private readonly _queues = new Map<QueueName, Queue>();

  constructor(
    readonly connection: Redis,
    readonly prefix: string,
  ) {}

  /** The BullMQ queue for `name`, created once. */
  queue(name: QueueName): Queue {
    let queue = this._queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.prefix,
        defaultJobOptions: defaultJobOptions(name),
      });
      this._queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Validates `data` against the queue's schema and adds it. Throws a permanent
   * `INVALID_PAYLOAD` error naming the bad field instead of enqueuing a broken job.
   */
  async enqueue<Q extends QueueName>(
    name: Q,
    data: PayloadInput<Q>,
    options: EnqueueOptions = {},
  ): Promise<JobLink> {
    const parsed = QUEUES[name].schema.safeParse(data);
    if (!parsed.success) {
      throw new PipelineError(
        ErrorCode.INVALID_PAYLOAD,
        `refusing to enqueue to ${name}: ${describeZodError(parsed.error)}`,
      );
    }
    const job = await this.queue(name).add(options.name ?? name, parsed.data, { jobId: options.jobId });
    return { queue: name, jobId: job.id ?? '' };
  }

  /** Closes the queues (not the shared connection, which the caller owns). */
  async close(): Promise<void> {
    await Promise.all([...this._queues.values()].map((queue) => queue.close()));
    this._queues.clear();
  }
}
