import { startStages } from '@newsflow/queue';
import { articleJobId, type JobLink } from '@newsflow/schema';
import type { Store } from '@newsflow/store';
import { parseOptions } from '../args.js';
import { type Command, out, UsageError } from '../command.js';
import { type CliContext, openCliStore, withQueues } from '../context.js';
import { parseDuration, sinceOption } from '../duration.js';
import { followJobs } from '../follow.js';
import { progressBar } from '../progress.js';
import {
  newRevision,
  REPROCESS_STAGES,
  type ReprocessStage,
  reprocessJob,
  stagesFrom,
} from '../reprocess-jobs.js';
import { buildStages } from '../stages.js';
import { printSummary } from '../summary.js';

export const reprocessCommand: Command = {
  name: 'reprocess',
  usage: [
    'Usage: newsflow reprocess --stage clean|dedup|classify --since 7d|2024-09-13 [--source ID]',
    '                          [--dry-run] [--wait] [--timeout 30m] [--json]',
    '',
    'Puts the articles first stored since --since (of one source with --source) through the',
    'stage and the ones after it, without fetching again: --stage clean re-extracts from the',
    'archived raw page, dedup and classify start from the stored fields. Each run is a new',
    'generation (rev): its jobs get their own ids, the article is updated in place, and it',
    'records the extractor and model versions that produced it. --dry-run lists the articles',
    'and enqueues nothing; --wait runs the stages here and prints a summary.',
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseOptions(args, {
      stage: { type: 'string' },
      since: { type: 'string' },
      source: { type: 'string' },
      'dry-run': { type: 'boolean', default: false },
      wait: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '30m' },
      json: { type: 'boolean', default: false },
    });
    const stage = REPROCESS_STAGES.find((s) => s === values.stage);
    if (!stage) throw new UsageError('--stage must be clean, dedup or classify');
    const since = sinceOption(values.since);
    if (!since) throw new UsageError('--since is required (a duration such as 7d, or a date)');
    const timeoutMs = parseDuration(values.timeout);
    if (!timeoutMs) throw new UsageError(`--timeout must be a duration, got ${values.timeout}`);
    const selection = { since, sourceId: values.source };
    const rev = newRevision();
    const started = Date.now();

    if (values['dry-run']) {
      const store = await openCliStore(ctx);
      try {
        let count = 0;
        for await (const article of store.exportArticles(selection)) {
          const job = reprocessJob(stage, article, rev);
          count++;
          if (values.json)
            await out(
              JSON.stringify({
                id: article.id,
                url: article.url,
                skip: typeof job === 'string' ? job : null,
              }),
            );
          else
            await out(
              `would reprocess ${article.id} ${article.url}${typeof job === 'string' ? ` (skipped: ${job})` : ''}`,
            );
        }
        if (!values.json) await out(`${count} article(s) would go through ${stagesFrom(stage).join(' → ')}`);
      } finally {
        await store.close();
      }
      return 0;
    }

    return withQueues(ctx, async (session) => {
      // The store is closed before the stages start: PGlite allows one opener, and --wait's storer is another.
      const store = await openCliStore(ctx);
      let enqueued: JobLink[];
      let skipped: number;
      try {
        ({ enqueued, skipped } = await _enqueue(store, stage, selection, rev, async (job) =>
          job.queue === 'clean'
            ? session.pipeline.enqueue('clean', job.data, { jobId: articleJobId(job.data.key, rev) })
            : job.queue === 'dedup'
              ? session.pipeline.enqueue('dedup', job.data, { jobId: articleJobId(job.data.key, rev) })
              : session.pipeline.enqueue('classify', job.data, { jobId: articleJobId(job.data.key, rev) }),
        ));
      } finally {
        await store.close();
      }
      const line = `enqueued ${enqueued.length} article(s) to ${stage} as rev ${rev}${skipped ? `; skipped ${skipped} without an archived page` : ''}`;
      if (!values.wait || enqueued.length === 0) {
        await out(values.json ? JSON.stringify({ rev, stage, enqueued: enqueued.length, skipped }) : line);
        if (!values.json && enqueued.length > 0)
          await out('workers (newsflow run, or newsflow worker <stage>) process them');
        return 0;
      }
      if (!values.json) process.stderr.write(`${line}\n`);
      const running = startStages(await buildStages(ctx.env, session.redisUrl, ctx.log, stagesFrom(stage)), {
        connection: session.connection,
        prefix: ctx.env.NEWSFLOW_QUEUE_PREFIX,
        log: ctx.log,
      });
      try {
        const bar = progressBar(enqueued.length, `reprocess ${stage}`);
        const outcomes = await followJobs(session.pipeline, enqueued, {
          deadline: started + timeoutMs,
          onProgress: (done) => bar.update(done),
        });
        bar.done();
        await printSummary(outcomes, Date.now() - started, values.json);
        return outcomes.some((o) => o.status === 'pending') ? 1 : 0;
      } finally {
        await running.close();
      }
    });
  },
};

/** Enqueues one job per selected article, with a progress bar over the selection's count. */
async function _enqueue(
  store: Store,
  stage: ReprocessStage,
  selection: { since: Date; sourceId?: string },
  rev: string,
  add: (job: Exclude<ReturnType<typeof reprocessJob>, string>) => Promise<JobLink>,
): Promise<{ enqueued: JobLink[]; skipped: number }> {
  const bar = progressBar(await store.countArticles(selection), 'enqueue');
  const enqueued: JobLink[] = [];
  let skipped = 0;
  for await (const article of store.exportArticles(selection)) {
    const job = reprocessJob(stage, article, rev);
    if (typeof job === 'string') skipped++;
    else enqueued.push(await add(job));
    bar.update(enqueued.length + skipped);
  }
  bar.done();
  return { enqueued, skipped };
}
