import { parseOptions } from '../args.js';
import { type Command, out, UsageError } from '../command.js';
import { withQueues } from '../context.js';
import { type FailedRow, failedJobs } from '../failed-jobs.js';
import { FAILED_OPTIONS, failedSelection } from '../failed-options.js';

export const failedCommand: Command = {
  name: 'failed',
  usage: [
    'Usage: newsflow failed [--queue Q] [--code CODE] [--since 2h] [--match REGEX] [--limit 100] [--json]',
    '',
    'Counts failed jobs by stage and reason code, then lists the newest (--limit) with their',
    'URL, message, attempts and time. --match is tried on the URL and the message.',
    'With --json: one JSON object per job, every matching job, with its payload, stack traces',
    'and timestamps.',
  ].join('\n'),
  async run(args, ctx) {
    const { values } = parseOptions(args, { ...FAILED_OPTIONS, limit: { type: 'string', default: '100' } });
    const limit = Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit must be a positive integer');
    const { queues, filter } = failedSelection(values);
    return withQueues(ctx, async ({ pipeline }) => {
      const counts = new Map<string, number>();
      const shown: FailedRow[] = [];
      for await (const row of failedJobs(pipeline, queues, filter)) {
        if (values.json) {
          await out(JSON.stringify(row));
          continue;
        }
        const key = `${row.queue}\t${row.code}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
        if (shown.length < limit) shown.push(row);
      }
      if (values.json) return 0;
      if (counts.size === 0) {
        await out('no failed jobs');
        return 0;
      }
      await out('stage     code                        jobs');
      for (const [key, n] of [...counts].sort((a, b) => b[1] - a[1])) {
        const [queue = '', code = ''] = key.split('\t');
        await out(`${queue.padEnd(9)} ${code.padEnd(27)} ${String(n).padStart(4)}`);
      }
      await out('');
      for (const r of shown) {
        await out(`${r.queue}/${r.id}  ${r.code}  ${r.url ?? '-'}`);
        await out(`    ${r.message}  (attempts ${r.attemptsMade}, failed ${r.failedAt ?? '?'})`);
      }
      const total = [...counts.values()].reduce((a, b) => a + b, 0);
      if (total > shown.length)
        await out(
          `… ${total - shown.length} more (raise --limit, or narrow with --queue/--code/--since/--match)`,
        );
      return 0;
    });
  },
};
