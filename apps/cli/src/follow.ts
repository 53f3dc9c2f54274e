import { isQueueName, type Pipeline } from '@newsflow/queue';
import { type JobLink, parseFailure, StageResult } from '@newsflow/schema';

export type OutcomeStatus =
  | 'inserted'
  | 'updated'
  | 'unchanged'
  | 'duplicate'
  | 'known'
  | 'failed'
  | 'pending';

/** Where one URL of a run ended. */
export interface Outcome {
  status: OutcomeStatus;
  url: string | null;
  queue: string;
  jobId: string;
  articleId?: string;
  duplicateOf?: string | null;
  code?: string;
  message?: string;
}

export interface FollowOptions {
  /** Jobs created before this time (ms) were processed by an earlier run: their outcome is `known`. */
  since?: number;
  pollMs?: number;
  /** Stop following at this time (ms); what is left is reported `pending`. */
  deadline?: number;
  /** After each round: URLs ended, jobs still on their way, and the outcomes so far. */
  onProgress?: (done: number, pending: number, outcomes: readonly Outcome[]) => void;
}

interface Pending extends JobLink {
  known: boolean;
  url: string | null;
}

/**
 * Follows jobs from queue to queue through the links each stage returns (`forwarded`,
 * `expanded`) until every branch is stored or failed. Reads only BullMQ's own job state, so
 * it works whichever process runs the workers.
 */
export async function followJobs(
  pipeline: Pipeline,
  roots: JobLink[],
  options: FollowOptions = {},
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let pending: Pending[] = roots.map((link) => ({ ...link, known: false, url: null }));
  while (pending.length > 0) {
    const next: Pending[] = [];
    for (const link of pending) {
      const step = await _step(pipeline, link, options.since);
      if ('outcome' in step) outcomes.push(step.outcome);
      else next.push(...step.links);
    }
    pending = next;
    options.onProgress?.(outcomes.length, pending.length, outcomes);
    if (pending.length > 0 && options.deadline !== undefined && Date.now() > options.deadline) {
      for (const link of pending)
        outcomes.push({ status: 'pending', url: link.url, queue: link.queue, jobId: link.jobId });
      break;
    }
    if (pending.length > 0) await new Promise((r) => setTimeout(r, options.pollMs ?? 100));
  }
  return outcomes;
}

async function _step(
  pipeline: Pipeline,
  link: Pending,
  since: number | undefined,
): Promise<{ outcome: Outcome } | { links: Pending[] }> {
  const base = { queue: link.queue, jobId: link.jobId };
  if (!isQueueName(link.queue)) {
    return {
      outcome: { ...base, status: 'failed', url: link.url, code: 'UNKNOWN_QUEUE', message: link.queue },
    };
  }
  const queue = pipeline.queue(link.queue);
  // State first, then the job: read the other way round, a job that completes in between
  // would show as completed without its return value.
  const state = await queue.getJobState(link.jobId);
  const job = await queue.getJob(link.jobId);
  if (!job || state === 'unknown') {
    return {
      outcome: {
        ...base,
        status: 'failed',
        url: link.url,
        code: 'JOB_MISSING',
        message: 'the job was removed before it finished',
      },
    };
  }
  const url = typeof job.data?.url === 'string' ? (job.data.url as string) : link.url;
  const known = link.known || (since !== undefined && job.timestamp < since);
  if (state === 'failed') {
    const { code, message } = parseFailure(job.failedReason);
    return { outcome: { ...base, status: 'failed', url, code, message } };
  }
  if (state !== 'completed') return { links: [{ ...link, url, known }] };
  const result = StageResult.safeParse(job.returnvalue);
  if (!result.success) {
    return {
      outcome: {
        ...base,
        status: 'failed',
        url,
        code: 'BAD_RESULT',
        message: `unexpected job result: ${JSON.stringify(job.returnvalue)?.slice(0, 200)}`,
      },
    };
  }
  const value = result.data;
  if (value.outcome === 'forwarded') return { links: [{ ...value.next, known, url }] };
  if (value.outcome === 'expanded')
    return { links: value.children.map((child) => ({ ...child, known, url: null })) };
  const status: OutcomeStatus = known ? 'known' : value.duplicateOf ? 'duplicate' : value.change;
  return { outcome: { ...base, status, url, articleId: value.articleId, duplicateOf: value.duplicateOf } };
}

/** Counts per status, for the summary line. */
export function countOutcomes(outcomes: readonly Outcome[]): Record<OutcomeStatus, number> {
  const counts: Record<OutcomeStatus, number> = {
    inserted: 0,
    updated: 0,
    unchanged: 0,
    duplicate: 0,
    known: 0,
    failed: 0,
    pending: 0,
  };
  for (const outcome of outcomes) counts[outcome.status]++;
  return counts;
}
