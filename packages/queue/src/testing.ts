import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { type Job, QueueEvents } from 'bullmq';
import { pino } from 'pino';
import type { PayloadInput, QueueName } from './catalog.js';
import { createRedis } from './connection.js';
import type { Pipeline } from './pipeline.js';
import { type StageDefinition, startStages } from './stage-process.js';

/**
 * Test helpers for stage workers on a real Redis (`NEWSFLOW_TEST_REDIS_URL`, default local):
 * each harness gets a queue prefix of its own and removes every key under it at the end.
 */
export interface StageHarness {
  pipeline: Pipeline;
  prefix: string;
  /** Adds a job to `queue` and resolves once a worker has completed or failed it. */
  run<Q extends QueueName>(queue: Q, data: PayloadInput<Q>, jobId?: string): Promise<Job>;
  /** The job `jobId` in `queue`, as the next stage would receive it. */
  job(queue: QueueName, jobId: string): Promise<Job | undefined>;
  close(): Promise<void>;
}

/** `stages` may be a function of the harness's prefix, for stages that keep state in Redis too. */
export async function stageHarness(
  stages: StageDefinition[] | ((prefix: string) => StageDefinition[]),
  redisUrl: string,
): Promise<StageHarness> {
  const prefix = `{nftest-${randomBytes(4).toString('hex')}}`;
  const connection = createRedis(redisUrl, 'worker');
  const definitions = typeof stages === 'function' ? stages(prefix) : stages;
  const running = startStages(definitions, { connection, prefix, log: pino({ level: 'silent' }) });
  const events = new Map<QueueName, { queueEvents: QueueEvents; close(): Promise<void> }>();
  const eventsFor = async (queue: QueueName) => {
    let entry = events.get(queue);
    if (!entry) {
      const eventsConnection = createRedis(redisUrl, 'worker');
      const queueEvents = new QueueEvents(queue, { connection: eventsConnection, prefix });
      await queueEvents.waitUntilReady();
      entry = {
        queueEvents,
        close: async () => {
          await queueEvents.close();
          eventsConnection.disconnect();
        },
      };
      events.set(queue, entry);
    }
    return entry.queueEvents;
  };
  return {
    pipeline: running.pipeline,
    prefix,
    async run(queue, data, jobId) {
      const queueEvents = await eventsFor(queue);
      const link = await running.pipeline.enqueue(queue, data, { jobId });
      const job = await running.pipeline.queue(queue).getJob(link.jobId);
      if (!job) throw new Error(`job ${link.jobId} vanished`);
      await job.waitUntilFinished(queueEvents, 30_000).catch(() => undefined);
      return (await running.pipeline.queue(queue).getJob(link.jobId)) ?? job;
    },
    job: (queue, jobId) => running.pipeline.queue(queue).getJob(jobId),
    async close() {
      await running.close();
      for (const entry of events.values()) await entry.close();
      const keys = await connection.keys(`${prefix}:*`);
      if (keys.length) await connection.del(...keys);
      await connection.quit();
    },
  };
}

/** A TCP port free on 127.0.0.1 right now (for a private server a test starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
export { settled, startWorker, type WorkerProcess } from './worker-process-testing.js';
