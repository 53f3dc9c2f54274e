import { type Command, UsageError } from '../command.js';
import { withQueues } from '../context.js';
import { runWorkersUntilSignal } from '../run-workers.js';
import { stageNamed } from '../stages.js';

export const workerCommand: Command = {
  name: 'worker',
  usage:
    'Usage: newsflow worker <fetch|clean|dedup|classify|store>\n\nThe same worker each apps/<stage> process starts; run as many as the stage needs.',
  async run(args, ctx) {
    const stage = args[0] ? stageNamed(args[0]) : null;
    if (!stage || args.length !== 1) throw new UsageError(`expected one stage name, got '${args.join(' ')}'`);
    await withQueues(ctx, (session) => runWorkersUntilSignal(ctx, session, [stage]));
    return 0;
  },
};
