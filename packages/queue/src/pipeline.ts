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

  /**
   * Validates every payload, then adds them all in one MULTI (BullMQ `addBulk`): the batch is
   * in Redis whole or not at all. Jobs whose id is already taken are left as they are, so
   * adding the same batch again after a crash is a no-op. Throws `INVALID_PAYLOAD` (nothing
   * added) when one payload is bad.
   */
  async enqueueBulk<Q extends QueueName>(
    name: Q,
    jobs: readonly { data: PayloadInput<Q>; options?: EnqueueOptions }[],
  ): Promise<JobLink[]> {
    if (jobs.length === 0) return [];
    const schema = QUEUES[name].schema;
    const parsed = jobs.map(({ data, options = {} }) => {
      const result = schema.safeParse(data);
      if (!result.success) {
        throw new PipelineError(
          ErrorCode.INVALID_PAYLOAD,
          `refusing to enqueue to ${name}: ${describeZodError(result.error)}`,
        );
      }
      return { name: options.name ?? name, data: result.data, opts: { jobId: options.jobId } };
    });
    const added = await this.queue(name).addBulk(parsed);
    return added.map((job) => ({ queue: name, jobId: job.id ?? '' }));
  }

  /** Closes the queues (not the shared connection, which the caller owns). */
  async close(): Promise<void> {
    await Promise.all([...this._queues.values()].map((queue) => queue.close()));
    this._queues.clear();
  }
}
