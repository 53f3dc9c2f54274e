import type { Command } from '../command.js';
import { withQueues } from '../context.js';
import { runWorkersUntilSignal } from '../run-workers.js';

export const runCommand: Command = {
  name: 'run',
  usage:
    'Usage: newsflow run\n\nRuns fetch, clean, dedup, classify and store workers in one process (development, small sites).\nSources added with `newsflow sources add` are polled by the fetch worker on their schedule.',
  async run(_args, ctx) {
    await withQueues(ctx, (session) => runWorkersUntilSignal(ctx, session));
    return 0;
  },
};
