import { isQueueName, startStages } from '@newsflow/queue';
import type { JobLink } from '@newsflow/schema';
import { parseOptions } from '../args.js';
import { type Command, out, UsageError } from '../command.js';
import { withQueues } from '../context.js';
import { followJobs } from '../follow.js';
import { buildStages } from '../stages.js';
import { printSummary } from '../summary.js';
import { listFailed } from './failed.js';

const BATCH = 1_000;

export const replayCommand: Command = {
  name: 'replay',
  summary: 'move failed jobs back to waiting with their attempts reset',
  usage: [
    'Usage: newsflow replay --queue Q (--all | --id ID... | --code CODE) [--wait] [--json]',
    '',
    'Replaying is idempotent: a replayed job stores its article once. With --wait the pipeline',
    'runs in this process until the replayed jobs are stored or failed again.',
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseOptions(args, {
      queue: { type: 'string' },
      all: { type: 'boolean', default: false },
      id: { type: 'string', multiple: true },
      code: { type: 'string' },
      wait: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    });
    const queue = values.queue;
    if (!queue || !isQueueName(queue))
      throw new UsageError('--queue must name a queue (fetch, clean, dedup, classify, store)');
    const ids = values.id ?? [];
    if (Number(values.all) + Number(ids.length > 0) + Number(values.code !== undefined) !== 1) {
      throw new UsageError('choose the jobs with exactly one of --all, --id or --code');
    }
    return withQueues(ctx, async (session) => {
      const chosen =
        ids.length > 0
          ? ids
          : (await listFailed(session.pipeline, [queue], Number.MAX_SAFE_INTEGER))
              .filter((row) => values.all || row.code === values.code)
              .map((row) => row.id);
      const replayed: JobLink[] = [];
      for (let i = 0; i < chosen.length; i += BATCH) {
        for (const id of chosen.slice(i, i + BATCH)) {
          const job = await session.pipeline.queue(queue).getJob(id);
          if (!job || !(await job.isFailed())) {
            process.stderr.write(`newsflow replay: ${queue}/${id} is not a failed job, left alone\n`);
            continue;
          }
          await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
          replayed.push({ queue, jobId: id });
          if (!values.json)
            out(`replayed ${queue}/${id} ${typeof job.data?.url === 'string' ? job.data.url : ''}`);
        }
      }
      if (!values.json) out(`${replayed.length} job(s) replayed`);
      if (!values.wait) return 0;
      const started = Date.now();
      const running = startStages(await buildStages(ctx.env, session.redisUrl, ctx.log), {
        connection: session.connection,
        prefix: ctx.env.NEWSFLOW_QUEUE_PREFIX,
        log: ctx.log,
      });
      try {
        printSummary(await followJobs(session.pipeline, replayed), Date.now() - started, values.json);
      } finally {
        await running.close();
      }
      return 0;
    });
  },
};
