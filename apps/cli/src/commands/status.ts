import { QUEUE_NAMES } from '@newsflow/queue';
import { parseOptions } from '../args.js';
import { type Command, out } from '../command.js';
import { withQueues } from '../context.js';

const STATES = ['waiting', 'active', 'delayed', 'prioritized', 'completed', 'failed'] as const;

export const statusCommand: Command = {
  name: 'status',
  usage: 'Usage: newsflow status [--json]',
  async run(args, ctx) {
    const { values } = parseOptions(args, { json: { type: 'boolean', default: false } });
    return withQueues(ctx, async ({ pipeline }) => {
      const rows = [];
      for (const name of QUEUE_NAMES) {
        const counts: Record<string, number> = await pipeline.queue(name).getJobCounts(...STATES);
        rows.push({ queue: name, counts, workers: await pipeline.queue(name).getWorkersCount() });
      }
      if (values.json) {
        for (const row of rows)
          await out(JSON.stringify({ queue: row.queue, ...row.counts, workers: row.workers }));
        return 0;
      }
      await out(['queue'.padEnd(9), ...STATES.map((s) => s.padStart(11)), 'workers'.padStart(8)].join(' '));
      for (const row of rows) {
        await out(
          [
            row.queue.padEnd(9),
            ...STATES.map((s) => String(row.counts[s] ?? 0).padStart(11)),
            String(row.workers).padStart(8),
          ].join(' '),
        );
      }
      return 0;
    });
  },
};
