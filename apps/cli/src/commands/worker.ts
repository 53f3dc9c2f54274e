import { installShutdown, startStages } from '@newsflow/queue';
import { type Command, UsageError } from '../command.js';
import { withQueues } from '../context.js';
import { buildStages, stageNamed } from '../stages.js';

export const workerCommand: Command = {
  name: 'worker',
  summary: 'run one stage (fetch|clean|dedup|classify|store) until SIGTERM',
  usage:
    'Usage: newsflow worker <fetch|clean|dedup|classify|store>\n\nThe same worker each apps/<stage> process starts; run as many as the stage needs.',
  async run(args, ctx) {
    const stage = args[0] ? stageNamed(args[0]) : null;
    if (!stage || args.length !== 1) throw new UsageError(`expected one stage name, got '${args.join(' ')}'`);
    await withQueues(ctx, async ({ connection, redisUrl }) => {
      const running = startStages(await buildStages(ctx.env, redisUrl, ctx.log, [stage]), {
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
