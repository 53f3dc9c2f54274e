import { ErrorCode, formatFailure } from '@newsflow/schema';
import { Job, type JobJson, UnrecoverableError, Worker } from 'bullmq';

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
  /**
   * BullMQ parses a job's `opts` (and `progress`) while taking it, after its script has moved
   * the job to `active` and locked it with `token`: a SyntaxError there left the job in active
   * with nobody renewing the lock, so it stalled back to wait and was taken again, for ever
   * (issue 17). Here the job holding `token` is found, its options are reset to `{}` so it can
   * be read again, and it is failed as INVALID_PAYLOAD with the text that was not JSON.
   */
  protected override async moveToActive(token: string, name?: string): Promise<Job> {
    try {
      return await super.moveToActive(token, name);
    } catch (error) {
      if (!(error instanceof SyntaxError)) throw error;
      await this.failUnparseableJob(token);
      return undefined as unknown as Job;
    }
  }

  private async failUnparseableJob(token: string): Promise<void> {
    const client = await this.backend.client;
    for (const jobId of await client.lrange(this.toKey('active'), 0, -1)) {
      if ((await client.get(`${this.toKey(jobId)}:lock`)) !== token) continue;
      const [opts, progress] = await client.hmget(this.toKey(jobId), 'opts', 'progress');
      const bad = [
        ['options', opts],
        ['progress', progress],
      ].filter(([, text]) => text !== null && text !== undefined && !isJson(text));
      const fields = Object.fromEntries(
        bad.map(([field]) => [field === 'options' ? 'opts' : field, field === 'options' ? '{}' : '0']),
      );
      if (bad.length === 0) return;
      await client.hset(this.toKey(jobId), fields);
      const job = await Job.fromId(this, jobId);
      const what = bad.map(
        ([field, text]) =>
          `job ${field} ${field === 'options' ? 'are' : 'is'} not valid JSON (${JSON.stringify(String(text).slice(0, 120))})`,
      );
      await job?.moveToFailed(
        new UnrecoverableError(
          formatFailure(ErrorCode.INVALID_PAYLOAD, `${this.name} job ${jobId}: ${what.join('; ')}`),
        ),
        token,
        false,
      );
      return;
    }
  }

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
