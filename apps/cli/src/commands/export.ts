import { openStore } from '@newsflow/store';
import { parseOptions } from '../args.js';
import { type Command, out, UsageError } from '../command.js';
import { parseDuration } from '../duration.js';

export const exportCommand: Command = {
  name: 'export',
  summary: 'print stored articles as JSON Lines',
  usage:
    'Usage: newsflow export [--since 2h|2024-09-13T00:00:00Z]\n\nStreams every stored article, one JSON object a line, oldest first, in batches.',
  async run(args, ctx) {
    const { values } = parseOptions(args, { since: { type: 'string' } });
    let since: Date | undefined;
    if (values.since) {
      const ago = parseDuration(values.since);
      since = ago ? new Date(Date.now() - ago) : new Date(values.since);
      if (Number.isNaN(since.getTime()))
        throw new UsageError(`--since must be a duration or a date, got ${values.since}`);
    }
    const store = await openStore({
      databaseUrl: ctx.env.DATABASE_URL,
      dataDir: ctx.env.NEWSFLOW_DATA_DIR,
      log: ctx.log,
    });
    try {
      for await (const article of store.exportArticles({ since })) out(JSON.stringify(article));
    } finally {
      await store.close();
    }
    return 0;
  },
};
