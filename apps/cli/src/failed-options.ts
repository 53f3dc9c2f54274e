import { isQueueName, QUEUE_NAMES, type QueueName } from '@newsflow/queue';
import { UsageError } from './command.js';
import { parseDuration } from './duration.js';
import type { FailedFilter } from './failed-jobs.js';

/** The options `failed` and `replay` share for choosing failed jobs. */
export const FAILED_OPTIONS = {
  queue: { type: 'string' },
  code: { type: 'string' },
  since: { type: 'string' },
  match: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** Turns the parsed shared options into the queues and the filter, or a usage error. */
export function failedSelection(values: { queue?: string; code?: string; since?: string; match?: string }): {
  queues: QueueName[];
  filter: FailedFilter;
} {
  if (values.queue !== undefined && !isQueueName(values.queue)) {
    throw new UsageError(`unknown queue ${values.queue} (fetch, clean, dedup, classify, store)`);
  }
  const filter: FailedFilter = {};
  if (values.code) filter.code = values.code;
  if (values.since !== undefined) {
    const ago = parseDuration(values.since);
    if (!ago) throw new UsageError(`--since must be a duration such as 30m, 2h or 1d, got ${values.since}`);
    filter.since = Date.now() - ago;
  }
  if (values.match !== undefined) {
    try {
      filter.match = new RegExp(values.match, 'i');
    } catch (error) {
      throw new UsageError(`--match is not a regular expression: ${(error as Error).message}`);
    }
  }
  return { queues: values.queue && isQueueName(values.queue) ? [values.queue] : QUEUE_NAMES, filter };
}
