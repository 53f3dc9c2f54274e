import { isQueueName, type Pipeline, QUEUE_NAMES, type QueueName } from '@newsflow/queue';
import { parseFailure } from '@newsflow/schema';
import { parseOptions } from '../args.js';
import { type Command, out, UsageError } from '../command.js';
import { withQueues } from '../context.js';

export interface FailedRow {
  queue: QueueName;
  id: string;
  url: string | null;
  code: string;
  message: string;
  attemptsMade: number;
  failedAt: string | null;
}

/** Failed jobs of `queues`, newest first, at most `limit` per queue. */
export async function listFailed(
  pipeline: Pipeline,
  queues: QueueName[],
  limit: number,
): Promise<FailedRow[]> {
  const rows: FailedRow[] = [];
  for (const queue of queues) {
    for (const job of await pipeline.queue(queue).getFailed(0, limit - 1)) {
      if (!job?.id) continue;
      const { code, message } = parseFailure(job.failedReason);
      rows.push({
        queue,
        id: job.id,
        url: typeof job.data?.url === 'string' ? job.data.url : null,
        code,
        message,
        attemptsMade: job.attemptsMade,
        failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
      });
    }
  }
  return rows;
}

export const failedCommand: Command = {
  name: 'failed',
  summary: 'failed jobs with their reasons',
  usage: 'Usage: newsflow failed [--queue Q] [--code CODE] [--limit 100] [--json]',
  async run(args, ctx) {
    const { values } = parseOptions(args, {
      queue: { type: 'string' },
      code: { type: 'string' },
      limit: { type: 'string', default: '100' },
      json: { type: 'boolean', default: false },
    });
    if (values.queue && !isQueueName(values.queue)) throw new UsageError(`unknown queue ${values.queue}`);
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
    const queues = values.queue && isQueueName(values.queue) ? [values.queue] : QUEUE_NAMES;
    return withQueues(ctx, async ({ pipeline }) => {
      const rows = (await listFailed(pipeline, queues, limit)).filter(
        (r) => !values.code || r.code === values.code,
      );
      if (values.json) {
        for (const row of rows) out(JSON.stringify(row));
        return 0;
      }
      if (rows.length === 0) out('no failed jobs');
      for (const r of rows)
        out(
          `${r.queue}  ${r.id}  ${r.code}  ${r.url ?? '-'}  ${r.message}  (attempts ${r.attemptsMade}, ${r.failedAt ?? '?'})`,
        );
      return 0;
    });
  },
};
