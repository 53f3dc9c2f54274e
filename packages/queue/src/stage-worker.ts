import { type Job, type JobJson, Worker } from 'bullmq';

/** Key of the stand-in payload a job gets when the data stored in Redis is not JSON. */
const UNREADABLE = '__newsflowUnreadablePayload';

/**
 * A BullMQ Worker that survives a job hash whose `data` (or `opts`) is not JSON, as anyone with
 * write access to Redis can leave behind. BullMQ parses it while taking the job and throws
 * outside any job handling, so the job would sit in `active` until it stalled out minutes
 * later, with no reason an operator can act on. Here it is taken with a stand-in payload that
 * {@link unreadablePayload} recognises, and fails like any other invalid payload.
 */
export class StageWorker extends Worker {
  protected override createJob(data: JobJson, jobId: string): Job {
    try {
      return super.createJob(data, jobId);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      const standIn = JSON.stringify({ [UNREADABLE]: String(data.data ?? '').slice(0, 120) });
      return super.createJob(
        { ...data, data: standIn, opts: isJson(data.opts) ? data.opts : '{}' } as JobJson,
        jobId,
      );
    }
  }
}

function isJson(text: unknown): boolean {
  try {
    JSON.parse(String(text ?? '{}'));
    return true;
  } catch {
    return false;
  }
}

/**
 * When `job` was taken by {@link StageWorker} with unreadable data: a description of it, after
 * writing the stand-in back so listing the failed job (which parses it again) works. Else null.
 */
export async function unreadablePayload(job: Job): Promise<string | null> {
  const data: unknown = job.data;
  if (typeof data !== 'object' || data === null || !(UNREADABLE in data)) return null;
  await job.updateData(data);
  return `job data is not valid JSON (it starts ${JSON.stringify((data as Record<string, string>)[UNREADABLE])})`;
}
