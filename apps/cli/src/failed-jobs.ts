import type { Pipeline, QueueName } from '@newsflow/queue';
import { parseFailure, redactSecrets } from '@newsflow/schema';

/** One failed job as `newsflow failed` shows it. */
export interface FailedRow {
  queue: QueueName;
  id: string;
  url: string | null;
  code: string;
  message: string;
  attemptsMade: number;
  addedAt: string;
  failedAt: string | null;
  /** Stack of each failed attempt, newest last (BullMQ keeps them with the job). */
  stacktrace: string[];
  data: unknown;
}

/** Which failed jobs a command is about. */
export interface FailedFilter {
  code?: string;
  /** Failed at or after this time (ms since epoch). */
  since?: number;
  /** Matched against the URL and the message. */
  match?: RegExp;
  ids?: string[];
}

const PAGE = 500;

/**
 * Walks the failed set of each queue, newest first, in pages, and yields the rows that
 * pass `filter`. Never loads a whole failed set at once.
 */
export async function* failedJobs(
  pipeline: Pipeline,
  queues: QueueName[],
  filter: FailedFilter = {},
): AsyncGenerator<FailedRow> {
  for (const queue of queues) {
    if (filter.ids?.length) {
      for (const id of filter.ids) {
        const job = await pipeline.queue(queue).getJob(id);
        if (job && (await job.isFailed())) yield toRow(queue, job);
      }
      continue;
    }
    for (let start = 0; ; start += PAGE) {
      const jobs = await pipeline.queue(queue).getFailed(start, start + PAGE - 1);
      for (const job of jobs) {
        if (!job?.id) continue;
        const row = toRow(queue, job);
        if (filter.since !== undefined && (job.finishedOn ?? 0) < filter.since) continue;
        if (filter.code && row.code !== filter.code) continue;
        if (filter.match && !filter.match.test(`${row.url ?? ''}\n${row.message}`)) continue;
        yield row;
      }
      if (jobs.length < PAGE) break;
    }
  }
}

function toRow(
  queue: QueueName,
  job: {
    id?: string;
    data?: { url?: unknown };
    failedReason?: string;
    attemptsMade: number;
    timestamp: number;
    finishedOn?: number;
    stacktrace?: string[] | null;
  },
): FailedRow {
  const { code, message } = parseFailure(job.failedReason);
  return {
    queue,
    id: job.id ?? '',
    // A feed URL may carry credentials: what the CLI prints masks them (user:***@), as failure
    // reasons and the API do; the job in Redis keeps the real URL for its retry.
    url: typeof job.data?.url === 'string' ? redactSecrets(job.data.url) : null,
    code,
    message,
    attemptsMade: job.attemptsMade,
    addedAt: new Date(job.timestamp).toISOString(),
    failedAt: job.finishedOn ? new Date(job.finishedOn).toISOString() : null,
    stacktrace: (job.stacktrace ?? []).map(redactSecrets),
    data: job.data ? JSON.parse(redactSecrets(JSON.stringify(job.data))) : null,
  };
}
