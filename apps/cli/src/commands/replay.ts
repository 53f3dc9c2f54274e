import { startStages } from '@newsflow/queue';
import type { JobLink } from '@newsflow/schema';
import { parseOptions } from '../args.js';
import { type Command, out, UsageError } from '../command.js';
import { withQueues } from '../context.js';
import { failedJobs } from '../failed-jobs.js';
import { FAILED_OPTIONS, failedSelection } from '../failed-options.js';
import { followJobs } from '../follow.js';
import { progressBar } from '../progress.js';
import { buildStages } from '../stages.js';
import { printSummary } from '../summary.js';

const BATCH = 100;

export const replayCommand: Command = {
  name: 'replay',
  usage: [
    'Usage: newsflow replay [--queue Q] (--all | --id ID... | --code C | --since 2h | --match RE) [--dry-run] [--wait] [--json]',
    '',
    'Filters combine (--code HTTP_SERVER_ERROR --since 1h). Jobs move in batches of 100 with',
    'their attempts reset; --dry-run lists them without moving anything. Replaying is',
    'idempotent: a replayed job stores its article once. With --wait the pipeline runs in this',
    'process until the replayed jobs are stored or failed again.',
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseOptions(args, {
      ...FAILED_OPTIONS,
      all: { type: 'boolean', default: false },
      id: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean', default: false },
      wait: { type: 'boolean', default: false },
    });
    const ids = values.id ?? [];
    const filtered =
      ids.length > 0 || values.code !== undefined || values.since !== undefined || values.match !== undefined;
    if (values.all === filtered) {
      throw new UsageError('choose the jobs: --all, or any of --id, --code, --since, --match');
    }
    if (ids.length > 0 && values.queue === undefined) throw new UsageError('--id needs --queue');
    const { queues, filter } = failedSelection(values);
    if (ids.length > 0) filter.ids = ids;

    return withQueues(ctx, async (session) => {
      const chosen: JobLink[] = [];
      const urls = new Map<string, string | null>();
      for await (const row of failedJobs(session.pipeline, queues, filter)) {
        chosen.push({ queue: row.queue, jobId: row.id });
        urls.set(`${row.queue}/${row.id}`, row.url);
      }
      const dryRun = values['dry-run'];
      const bar = progressBar(chosen.length, dryRun ? 'listing' : 'replaying');
      let moved = 0;
      for (let i = 0; i < chosen.length; i += BATCH) {
        for (const link of chosen.slice(i, i + BATCH)) {
          const job = await session.pipeline.queue(link.queue as (typeof queues)[number]).getJob(link.jobId);
          if (!job || !(await job.isFailed())) continue; // replayed by someone else meanwhile
          if (!dryRun) await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
          moved++;
          const line = `${dryRun ? 'would replay' : 'replayed'} ${link.queue}/${link.jobId} ${urls.get(`${link.queue}/${link.jobId}`) ?? ''}`;
          if (values.json)
            await out(
              JSON.stringify({
                queue: link.queue,
                id: link.jobId,
                url: urls.get(`${link.queue}/${link.jobId}`),
                dryRun,
              }),
            );
          else await bar.log(line.trimEnd());
        }
        bar.update(Math.min(i + BATCH, chosen.length));
      }
      bar.done();
      if (!values.json) await out(`${moved} job(s) ${dryRun ? 'would be replayed (dry run)' : 'replayed'}`);
      if (!values.wait || dryRun || moved === 0) return 0;
      const started = Date.now();
      const running = startStages(await buildStages(ctx.env, session.redisUrl, ctx.log), {
        connection: session.connection,
        prefix: ctx.env.NEWSFLOW_QUEUE_PREFIX,
        log: ctx.log,
      });
      try {
        await printSummary(await followJobs(session.pipeline, chosen), Date.now() - started, values.json);
      } finally {
        await running.close();
      }
      return 0;
    });
  },
};
