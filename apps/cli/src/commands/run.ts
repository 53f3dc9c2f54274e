import { installShutdown, startStages } from '@newsflow/queue';
import type { Command } from '../command.js';
import { withQueues } from '../context.js';
import { buildStages } from '../stages.js';

export const runCommand: Command = {
  name: 'run',
  summary: 'run every stage and the source schedules in this process, until SIGTERM',
  usage:
    'Usage: newsflow run\n\nRuns fetch, clean, dedup, classify and store workers in one process (development, small sites).\nSources added with `newsflow sources add` are polled by the fetch worker on their schedule.',
  async run(_args, ctx) {
    await withQueues(ctx, async ({ connection, redisUrl }) => {
      const running = startStages(await buildStages(ctx.env, redisUrl, ctx.log), {
        connection,
        prefix: ctx.env.NEWSFLOW_QUEUE_PREFIX,
        log: ctx.log,
        metricsPort: ctx.env.METRICS_PORT,
      });
      await new Promise<void>((resolve) => {
        installShutdown([() => running.close(), async () => resolve()], {
          log: ctx.log,
          timeoutMs: ctx.env.SHUTDOWN_TIMEOUT_MS,
          exit: false,
        });
      });
    });
    return 0;
  },
};
